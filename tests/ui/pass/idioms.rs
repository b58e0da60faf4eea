// Everyday u32 idioms, as written: rotations, parsing, iterator sums and
// maxima, `?` on checked arithmetic, widening, byte order, `&0` defaults,
// in-place updates through `&mut u32`, const tables, hex parsing.
#[anguard::an_encode]
pub mod m {
    pub fn rotl(x: u32, r: u32) -> u32 {
        (x << r) | (x >> (32 - r))
    }

    pub fn parse(s: &str) -> Option<u32> {
        s.parse().ok()
    }

    pub fn hex(s: &str) -> Option<u32> {
        u32::from_str_radix(s, 16).ok()
    }

    pub fn stats(v: &[u32]) -> (u32, u32, usize) {
        let sum: u32 = v.iter().sum();
        let max = *v.iter().max().unwrap_or(&0);
        (sum, max, v.iter().filter(|&&x| x > 3).count())
    }

    pub fn checked(a: u32, b: u32) -> Option<u32> {
        a.checked_mul(b)?.checked_add(1)
    }

    pub fn widen(a: u32) -> u64 {
        (u64::from(a) << 32) | a as u64
    }

    pub fn from_bytes(b: &[u8]) -> u32 {
        b.iter().fold(0u32, |acc, &x| (acc << 8) | u32::from(x))
    }

    pub fn mix(h: &mut u32, k: u32) {
        *h ^= k;
        *h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }

    pub fn misc(x: u32, i: u8) -> (u32, bool, u32, u32, u32) {
        const T: [u32; 4] = [1, 2, 4, 8];
        (
            (x & 0xff) + ((x ^ 0xff) >> 1),
            x != 0 && x & (x.wrapping_sub(1)) == 0,
            T[(i & 3) as usize],
            x.clamp(10, 20),
            x.count_zeros() + x.midpoint(7),
        )
    }
}

fn main() {
    use anguard::AnU32;
    let e = AnU32::encode;
    let words = [5, 1, 9];
    assert_eq!(m::plain::rotl(0x8000_0001, 4), m::encoded::rotl(e(0x8000_0001), e(4)).decode());
    assert_eq!(m::plain::parse("42"), m::encoded::parse("42").map(AnU32::decode));
    assert_eq!(m::plain::hex("ff"), m::encoded::hex("ff").map(AnU32::decode));
    let (s, x, c) = m::encoded::stats(&words.map(e));
    assert_eq!(m::plain::stats(&words), (s.decode(), x.decode(), c.decode()));
    assert_eq!(m::plain::stats(&[]).1, m::encoded::stats(&[]).1.decode());
    assert_eq!(m::plain::checked(7, 6), m::encoded::checked(e(7), e(6)).map(AnU32::decode));
    assert_eq!(m::plain::widen(3), m::encoded::widen(e(3)));
    assert_eq!(m::plain::from_bytes(b"abc"), m::encoded::from_bytes(b"abc").decode());
    let (mut p, mut q) = (1, e(1));
    m::plain::mix(&mut p, 9);
    m::encoded::mix(&mut q, e(9));
    assert_eq!(p, q.decode());
    let (a, b, c, d, f) = m::encoded::misc(e(64), 6.into());
    assert_eq!(m::plain::misc(64, 6), (a.decode(), b.decode(), c.decode(), d.decode(), f.decode()));
}
