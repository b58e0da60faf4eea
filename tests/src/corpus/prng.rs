/// Xorshift32 and an LCG, as a simulator's per-node randomness.
#[anguard::an_encode]
pub mod prng {
    #[derive(Debug, Clone)]
    pub struct XorShift32 {
        state: u32,
    }

    impl XorShift32 {
        /// A zero seed would stick at zero; it is replaced.
        pub fn new(seed: u32) -> Self {
            XorShift32 {
                state: if seed == 0 { 0x9e37_79b9 } else { seed },
            }
        }

        pub fn next_u32(&mut self) -> u32 {
            let mut x = self.state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            self.state = x;
            x
        }

        /// Uniform in `0..bound` by rejection (Lemire's threshold).
        pub fn below(&mut self, bound: u32) -> u32 {
            let threshold: u32 = 0u32.wrapping_sub(bound) % bound;
            loop {
                let r = self.next_u32();
                if r >= threshold {
                    return r % bound;
                }
            }
        }
    }

    /// One step of Numerical Recipes' LCG.
    pub fn lcg(state: u32) -> u32 {
        state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223)
    }

    /// `steps` LCG steps.
    pub fn lcg_n(mut state: u32, steps: u32) -> u32 {
        for _ in 0..steps {
            state = lcg(state);
        }
        state
    }
}
