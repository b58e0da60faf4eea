// `super::` paths, `use super::*` and `pub(super)` still resolve.
pub const BASE: u32 = 40;

pub fn helper(x: f64) -> f64 {
    x + 1.0
}

#[anguard::an_encode]
pub mod m {
    use super::*;

    pub(super) fn plus_base(x: u32) -> u32 {
        x + super::BASE
    }

    pub fn helped(x: u32) -> f64 {
        helper(x as f64) + super::helper(0.0)
    }

    pub mod inner {
        pub fn twice(x: u32) -> u32 {
            super::plus_base(x) * 2
        }
    }
}

fn main() {
    use anguard::AnU32;
    assert_eq!(
        m::plain::plus_base(2),
        m::encoded::plus_base(AnU32::encode(2)).decode()
    );
    assert_eq!(m::plain::helped(2), m::encoded::helped(AnU32::encode(2)));
    assert_eq!(
        m::plain::inner::twice(1),
        m::encoded::inner::twice(AnU32::ONE).decode()
    );
}
