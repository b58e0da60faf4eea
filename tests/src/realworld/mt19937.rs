/// MT19937 as the `mersenne_twister` and `rand_mt` crates write it: a
/// `[u32; 624]` state, an index, twisting in place, tempering on output.
#[anguard::an_encode]
pub mod mt19937 {
    const N: usize = 624;
    const M: usize = 397;
    const MATRIX_A: u32 = 0x9908_b0df;
    const UPPER_MASK: u32 = 0x8000_0000;
    const LOWER_MASK: u32 = 0x7fff_ffff;

    #[derive(Clone)]
    pub struct Mt19937 {
        idx: usize,
        state: [u32; N],
    }

    impl std::fmt::Debug for Mt19937 {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Mt19937").field("idx", &self.idx).finish()
        }
    }

    impl Mt19937 {
        pub fn new(seed: u32) -> Self {
            let mut state = [0u32; N];
            state[0] = seed;
            for i in 1..N {
                state[i] = 1_812_433_253_u32
                    .wrapping_mul(state[i - 1] ^ (state[i - 1] >> 30))
                    .wrapping_add(i as u32);
            }
            Mt19937 { idx: N, state }
        }

        fn fill_next_state(&mut self) {
            for i in 0..N - M {
                let x = (self.state[i] & UPPER_MASK) | (self.state[i + 1] & LOWER_MASK);
                self.state[i] = self.state[i + M] ^ (x >> 1) ^ ((x & 1) * MATRIX_A);
            }
            for i in N - M..N - 1 {
                let x = (self.state[i] & UPPER_MASK) | (self.state[i + 1] & LOWER_MASK);
                self.state[i] = self.state[i + M - N] ^ (x >> 1) ^ ((x & 1) * MATRIX_A);
            }
            let x = (self.state[N - 1] & UPPER_MASK) | (self.state[0] & LOWER_MASK);
            self.state[N - 1] = self.state[M - 1] ^ (x >> 1) ^ ((x & 1) * MATRIX_A);
            self.idx = 0;
        }

        pub fn next_u32(&mut self) -> u32 {
            if self.idx >= N {
                self.fill_next_state();
            }
            let mut y = self.state[self.idx];
            self.idx += 1;
            y ^= y >> 11;
            y ^= (y << 7) & 0x9d2c_5680;
            y ^= (y << 15) & 0xefc6_0000;
            y ^ (y >> 18)
        }
    }
}
