/// PCG32 (XSH RR) as rand_pcg writes `Lcg64Xsh32`: 64-bit state, a 32-bit
/// output with a data-dependent rotation, `RngCore` and `SeedableRng`.
#[anguard::an_encode]
pub mod pcg32 {
    use rand_core::{RngCore, SeedableRng, impls};

    const MULTIPLIER: u64 = 6_364_136_223_846_793_005;

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Pcg32 {
        state: u64,
        increment: u64,
    }

    impl Pcg32 {
        pub fn new(state: u64, stream: u64) -> Self {
            let increment = (stream << 1) | 1;
            let mut pcg = Pcg32 {
                state: state.wrapping_add(increment),
                increment,
            };
            pcg.step();
            pcg
        }

        #[inline]
        fn step(&mut self) {
            self.state = self
                .state
                .wrapping_mul(MULTIPLIER)
                .wrapping_add(self.increment);
        }

        /// Uniform in `0..range` by Lemire's widening multiply.
        pub fn below(&mut self, range: u32) -> u32 {
            let zone = (range << range.leading_zeros()).wrapping_sub(1);
            loop {
                let v = self.next_u32();
                let m = (v as u64) * (range as u64);
                let lo = m as u32;
                if lo <= zone {
                    return (m >> 32) as u32;
                }
            }
        }
    }

    impl RngCore for Pcg32 {
        #[inline]
        fn next_u32(&mut self) -> u32 {
            let state = self.state;
            self.step();
            const ROTATE: u32 = 59;
            const XSHIFT: u32 = 18;
            const SPARE: u32 = 27;
            let rot = (state >> ROTATE) as u32;
            let xsh = (((state >> XSHIFT) ^ state) >> SPARE) as u32;
            xsh.rotate_right(rot)
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

    impl SeedableRng for Pcg32 {
        type Seed = [u8; 16];

        fn from_seed(seed: [u8; 16]) -> Pcg32 {
            let mut state = [0u8; 8];
            let mut stream = [0u8; 8];
            state.copy_from_slice(&seed[..8]);
            stream.copy_from_slice(&seed[8..]);
            Pcg32::new(u64::from_le_bytes(state), u64::from_le_bytes(stream) >> 1)
        }
    }
}
