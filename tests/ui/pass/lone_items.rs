// A lone fn, struct, enum and impl, and `crate = path`.
use anguard::AnU32;

mod runtime {
    pub use anguard::*;
}

#[anguard::an_encode]
pub fn gcd(mut a: u32, mut b: u32) -> u32 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[anguard::an_encode]
#[derive(Debug, Default)]
pub struct Counter {
    value: u32,
}

#[anguard::an_encode]
impl Counter {
    pub fn bump(&mut self, by: u32) -> u32 {
        self.value += by;
        self.value
    }
}

#[anguard::an_encode]
#[derive(Debug, Clone, Copy)]
pub enum Step {
    Hold,
    Move(u32),
}

#[anguard::an_encode(crate = crate::runtime)]
pub mod renamed {
    pub fn double(x: u32) -> u32 {
        x * 2
    }
}

fn main() {
    assert_eq!(
        gcd::plain::gcd(12, 18),
        gcd::encoded::gcd(AnU32::encode(12), AnU32::encode(18)).decode()
    );
    let mut p = counter::plain::Counter::default();
    let mut e = counter::encoded::Counter::default();
    assert_eq!(
        p.bump(3) + p.bump(4),
        (e.bump(AnU32::encode(3)) + e.bump(AnU32::encode(4))).decode()
    );
    let _ = (
        step::plain::Step::Move(1),
        step::encoded::Step::Move(AnU32::ONE),
        step::plain::Step::Hold,
    );
    assert_eq!(
        renamed::encoded::double(AnU32::encode(21)).decode(),
        renamed::plain::double(21)
    );
}
