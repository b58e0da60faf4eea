// Shifts between widths: an encoded amount shifts any integer; an encoded
// word shifts by any integer amount; shift-amount locals stay plain.
#[anguard::an_encode]
pub mod m {
    pub fn field(word: u64, offset: u32) -> u64 {
        word >> offset
    }

    pub fn mask(bit: usize) -> u32 {
        let mut m: u32 = 1;
        m <<= bit % 32;
        let shift = 3;
        (m >> shift) | (1 << (bit % 8))
    }
}

fn main() {
    use anguard::AnU32;
    use anguard::an::AnU64;
    assert_eq!(m::plain::field(1 << 40, 8), m::encoded::field(AnU64::encode(1 << 40), AnU32::encode(8)));
    assert_eq!(m::plain::mask(45), m::encoded::mask(45_usize.into()).decode());
}
