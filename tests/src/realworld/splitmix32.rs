/// SplitMix32 (Mulberry-style finalizer) as small PRNG crates write it: a
/// golden-ratio increment, an `Iterator<Item = u32>`, `From<u32>` seeding.
#[anguard::an_encode]
pub mod splitmix32 {
    const GOLDEN_GAMMA: u32 = 0x9e37_79b9;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct SplitMix32 {
        state: u32,
    }

    impl From<u32> for SplitMix32 {
        fn from(seed: u32) -> Self {
            SplitMix32 { state: seed }
        }
    }

    impl SplitMix32 {
        #[inline]
        pub fn next_u32(&mut self) -> u32 {
            self.state = self.state.wrapping_add(GOLDEN_GAMMA);
            let mut z = self.state;
            z = (z ^ (z >> 16)).wrapping_mul(0x85eb_ca6b);
            z = (z ^ (z >> 13)).wrapping_mul(0xc2b2_ae35);
            z ^ (z >> 16)
        }

        /// A float in `[0, 1)` from the top 24 bits.
        pub fn next_f32(&mut self) -> f32 {
            (self.next_u32() >> 8) as f32 * (1.0 / (1u32 << 24) as f32)
        }

        pub fn shuffle<T>(&mut self, items: &mut [T]) {
            for i in (1..items.len()).rev() {
                let j = self.next_u32() as usize % (i + 1);
                items.swap(i, j);
            }
        }
    }

    impl Iterator for SplitMix32 {
        type Item = u32;

        fn next(&mut self) -> Option<u32> {
            Some(self.next_u32())
        }
    }
}
