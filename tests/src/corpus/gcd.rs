/// Greatest common divisors: Euclid, Stein, and an lcm that reports overflow.
#[anguard::an_encode]
pub mod gcd {
    pub fn euclid(mut a: u32, mut b: u32) -> u32 {
        while b != 0 {
            let r = a % b;
            a = b;
            b = r;
        }
        a
    }

    /// Stein's binary gcd.
    pub fn binary(mut a: u32, mut b: u32) -> u32 {
        if a == 0 {
            return b;
        }
        if b == 0 {
            return a;
        }
        let shift = (a | b).trailing_zeros();
        a >>= a.trailing_zeros();
        loop {
            b >>= b.trailing_zeros();
            if a > b {
                core::mem::swap(&mut a, &mut b);
            }
            b -= a;
            if b == 0 {
                return a << shift;
            }
        }
    }

    pub fn lcm(a: u32, b: u32) -> Option<u32> {
        if a == 0 || b == 0 {
            return Some(0);
        }
        (a / euclid(a, b)).checked_mul(b)
    }

    /// The gcd of all, recursively: `gcd(a, b, c) = gcd(gcd(a, b), c)`.
    pub fn of_all(values: &[u32]) -> u32 {
        match values {
            [] => 0,
            [only] => *only,
            [first, rest @ ..] => euclid(*first, of_all(rest)),
        }
    }
}
