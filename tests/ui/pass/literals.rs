// Literals in u32 positions become encoded constants or lit(…) calls.
#[anguard::an_encode]
pub mod m {
    pub const MASK: u32 = (1 << 20) - 1;
    const TABLE: [u32; 3] = [1, 10, 100];

    pub struct Config {
        pub period: u32,
        pub retries: u32,
    }

    pub fn config() -> Config {
        Config {
            period: 250,
            retries: 3,
        }
    }

    pub fn pair() -> (u32, bool) {
        (42, true)
    }

    pub fn choose(c: bool) -> u32 {
        let fallback: u32 = if c { 1 } else { 2 };
        if c {
            return 7;
        }
        fallback + TABLE[2] + 5u32 + [0u32, 8, 16][1]
    }

    pub fn assign(x: u32) -> u32 {
        let mut y: u32 = x;
        if y == 0 {
            y = 9;
        }
        y.max(3).wrapping_add(1).pow(2)
    }
}

fn main() {
    assert_eq!(m::encoded::MASK.decode(), m::plain::MASK);
    let (p, e) = (m::plain::config(), m::encoded::config());
    assert_eq!(
        (p.period, p.retries),
        (e.period.decode(), e.retries.decode())
    );
    assert_eq!(m::plain::pair().0, m::encoded::pair().0.decode());
    for c in [false, true] {
        assert_eq!(m::plain::choose(c), m::encoded::choose(c.into()).decode());
    }
    assert_eq!(
        m::plain::assign(0),
        m::encoded::assign(anguard::AnU32::ZERO).decode()
    );
}
