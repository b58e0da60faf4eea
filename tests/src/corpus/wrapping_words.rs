/// `std::num::Wrapping<u32>` arithmetic, imported in a group and renamed.
#[anguard::an_encode]
pub mod wrapping_words {
    use std::num::{NonZeroU8, Wrapping as W};

    pub fn lcg(seed: u32, steps: NonZeroU8) -> u32 {
        let mut x = W(seed);
        for _ in 0..steps.get() {
            x = x * W(1_664_525) + W(1_013_904_223);
        }
        x.0
    }

    pub fn mix(a: u32, b: u32, k: usize) -> (u32, u32, u32) {
        let (x, y) = (std::num::Wrapping(a), W(b));
        let mut z = (x - y) ^ (x << k);
        z -= W(7);
        z *= -y;
        ((!z).0, (z >> (k % 40)).0, [x, y, z].into_iter().sum::<W<u32>>().0)
    }
}
