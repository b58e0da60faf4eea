// A free `const fn` over u32 compiles in `encoded` as a call of its plain
// copy (arguments decoded, result encoded); `const` items computed by one are
// encoded at compile time. A const method becomes a plain method there.
#[anguard::an_encode]
pub mod m {
    const fn table(seed: u32) -> [u32; 4] {
        let mut t = [0u32; 4];
        let mut i = 0;
        while i < 4 {
            t[i] = seed.wrapping_mul(i as u32 + 1) >> 1;
            i += 1;
        }
        t
    }

    const fn scale(x: u32, ratio: (u32, u32)) -> u32 {
        x * ratio.0 / ratio.1
    }

    const fn words(bytes: usize) -> usize {
        bytes.div_ceil(4)
    }

    /// Casts, indexing and literal patterns, no u32: a const fn as written.
    const fn digits() -> [u8; 16] {
        let mut table = [0u8; 16];
        let mut i = 0;
        while i < 16 {
            table[i] = match i {
                0..=9 => b'0' + i as u8,
                _ => b'a' + (i - 10) as u8,
            };
            i += 1;
        }
        table
    }

    pub const TABLE: [u32; 4] = table(0x9e37_79b9);
    pub const HALF: u32 = scale(100, (1, 2));
    pub const WORDS: usize = words(10);
    pub const DIGITS: [u8; 16] = digits();
    pub const WORD_BITS: usize = u32::BITS as usize;

    pub struct Gauge {
        pub level: u32,
    }

    impl Gauge {
        pub const fn empty() -> Self {
            Gauge { level: 0 }
        }
    }

    pub fn at(x: u32) -> u32 {
        TABLE[x as usize % 4] ^ scale(x, (3, 4)) ^ Gauge::empty().level
    }
}

fn main() {
    use anguard::AnU32;
    assert_eq!(m::plain::TABLE.map(AnU32::encode), m::encoded::TABLE);
    assert_eq!((m::plain::HALF, m::encoded::HALF.decode()), (50, 50));
    assert_eq!(m::plain::WORDS, m::encoded::WORDS);
    assert_eq!(m::encoded::DIGITS, *b"0123456789abcdef");
    assert_eq!((m::plain::WORD_BITS, m::encoded::WORD_BITS), (32, 32));
    for x in [0, 7, 1 << 20] {
        assert_eq!(m::plain::at(x), m::encoded::at(AnU32::encode(x)).decode());
    }
}
