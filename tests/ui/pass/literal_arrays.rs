// Literals in arrays and slices whose element type is a parameter's or an
// annotation's: encoded where that is u32.
#[anguard::an_encode]
pub mod m {
    const PRIMES: &[u32] = &[2, 3, 5, 7];

    fn dot(a: &[u32], b: [u32; 2]) -> u32 {
        a.iter().zip(b).map(|(&x, y)| x * y).sum()
    }

    pub fn weights(i: usize) -> (u32, u32, u32) {
        let min: u32 = [0, 0x80, 0x800][i % 3];
        (dot(&[1, 2], [3, 4]), dot(PRIMES, [10, 100]), min)
    }
}

fn main() {
    let p = m::plain::weights(4);
    let e = m::encoded::weights(4_usize.into());
    assert_eq!(p, (11, 320, 0x80));
    assert_eq!(p, (e.0.decode(), e.1.decode(), e.2.decode()));
}
