// `as` casts, `u32::` paths and conversions.
#[derive(Clone, Copy)]
pub enum Kind {
    Vote = 3,
}

#[anguard::an_encode]
pub mod m {
    use super::Kind;

    pub fn casts(x: u32, b: u8, c: char, f: bool) -> (u64, u8, i32, u32, u32, u32, usize) {
        (
            x as u64,
            x as u8,
            x as i32,
            b as u32,
            c as u32 + f as u32,
            Kind::Vote as u32,
            x as usize,
        )
    }

    #[allow(clippy::legacy_numeric_constants)]
    pub fn paths(x: u32) -> (u32, u32, Option<u32>, u32, u32) {
        let max = std::u32::MAX;
        (
            max - x,
            u32::from(7u8),
            u32::try_from(-1i64).ok(),
            core::primitive::u32::wrapping_mul(x, 3),
            u32::BITS,
        )
    }
}

fn main() {
    use anguard::{AnBool, AnU8, AnU32};
    let x = 300_000u32;
    let p = m::plain::casts(x, 7, 'z', true);
    let e = m::encoded::casts(AnU32::encode(x), AnU8::encode(7), 'z', AnBool::TRUE);
    assert_eq!(
        p,
        (e.0.decode(), e.1.decode(), e.2.decode(), e.3.decode(), e.4.decode(), e.5.decode(), e.6.decode())
    );
    let p = m::plain::paths(x);
    let e = m::encoded::paths(AnU32::encode(x));
    assert_eq!(
        p,
        (
            e.0.decode(),
            e.1.decode(),
            e.2.map(AnU32::decode),
            e.3.decode(),
            e.4.decode()
        )
    );
}
