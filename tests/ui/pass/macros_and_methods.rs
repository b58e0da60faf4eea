// u32 values in formatting and assertion macros; u32's method families.
#[anguard::an_encode]
pub mod m {
    pub fn describe(x: u32, y: u32) -> String {
        assert!(x < 1_000, "x too large: {}", x);
        assert_eq!(x % 2, x & 1);
        let v: Vec<u32> = vec![x; 2];
        format!("{x} {} {y:>4} {:?} {z}", x + 1u32, v, z = x as u64 * 2)
    }

    pub fn families(x: u32, y: u32) -> (u32, Option<u32>, u32, (u32, bool), u32, u32, bool) {
        (
            x.wrapping_sub(y),
            x.checked_add(y),
            x.saturating_mul(y),
            x.overflowing_add(y),
            x.abs_diff(y),
            x.rotate_left(y % 32) ^ x.count_ones(),
            x.is_power_of_two(),
        )
    }

    pub fn bit_methods(x: u32, text: &str) -> (u32, Option<u32>, u32, Result<u32, String>) {
        let ones = x.leading_ones() + x.trailing_ones();
        let log = x.checked_ilog2();
        let mixed = x.reverse_bits().wrapping_neg() ^ (x >> 16).next_power_of_two() ^ x.isqrt();
        let parsed = text.parse::<u32>().map_err(|e| e.to_string());
        (ones, log, mixed, parsed)
    }

    pub fn compound(mut x: u32, y: u32) -> u32 {
        x += y;
        x -= 1;
        x *= 3;
        x /= 2;
        x %= 1_000;
        x <<= 2;
        x >>= 1;
        x |= 1;
        x &= 0xff;
        x ^= y & 7;
        x
    }
}

fn main() {
    use anguard::AnU32;
    let (x, y) = (17u32, 5u32);
    let (ex, ey) = (AnU32::encode(x), AnU32::encode(y));
    assert_eq!(m::plain::describe(x, y), m::encoded::describe(ex, ey));
    let p = m::plain::families(x, y);
    let e = m::encoded::families(ex, ey);
    assert_eq!(
        p,
        (
            e.0.decode(),
            e.1.map(AnU32::decode),
            e.2.decode(),
            (e.3.0.decode(), e.3.1.decode()),
            e.4.decode(),
            e.5.decode(),
            e.6.decode()
        )
    );
    for (x, text) in [(0u32, "7"), (0xf00f_0ff0, "x"), (u32::MAX >> 1, "4294967296")] {
        let e = m::encoded::bit_methods(AnU32::encode(x), text);
        assert_eq!(
            m::plain::bit_methods(x, text),
            (e.0.decode(), e.1.map(AnU32::decode), e.2.decode(), e.3.map(AnU32::decode))
        );
    }
    assert_eq!(
        m::plain::compound(x, y),
        m::encoded::compound(ex, ey).decode()
    );
}
