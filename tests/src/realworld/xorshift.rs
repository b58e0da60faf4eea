/// Xorshift128 as rand_xorshift writes it: four words of state, `RngCore`
/// with `next_u64` and `fill_bytes` built from `next_u32`, `SeedableRng`
/// reading the seed with `from_le_bytes`.
#[anguard::an_encode]
pub mod xorshift {
    use rand_core::{RngCore, SeedableRng, impls};

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct XorShiftRng {
        x: u32,
        y: u32,
        z: u32,
        w: u32,
    }

    impl RngCore for XorShiftRng {
        #[inline]
        fn next_u32(&mut self) -> u32 {
            let x = self.x;
            let t = x ^ (x << 11);
            self.x = self.y;
            self.y = self.z;
            self.z = self.w;
            let w = self.w;
            self.w = w ^ (w >> 19) ^ (t ^ (t >> 8));
            self.w
        }

        #[inline]
        fn next_u64(&mut self) -> u64 {
            impls::next_u64_via_u32(self)
        }

        #[inline]
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            impls::fill_bytes_via_next(self, dest)
        }
    }

    impl SeedableRng for XorShiftRng {
        type Seed = [u8; 16];

        fn from_seed(seed: [u8; 16]) -> XorShiftRng {
            let mut words = [0u32; 4];
            for (word, chunk) in words.iter_mut().zip(seed.chunks_exact(4)) {
                *word = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
            }
            // An all-zero state would stay zero.
            if words.iter().all(|&w| w == 0) {
                words = [0x0BAD_5EED, 0x0BAD_5EED, 0x0BAD_5EED, 0x0BAD_5EED];
            }
            XorShiftRng {
                x: words[0],
                y: words[1],
                z: words[2],
                w: words[3],
            }
        }
    }
}
