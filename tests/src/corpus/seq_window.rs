/// A sliding acknowledgement window over wrapping sequence numbers.
#[anguard::an_encode]
pub mod seq_window {
    /// Sequence numbers in `[base, base + 32)` are tracked in a bitmap.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Window {
        pub base: u32,
        pub acked: u32,
    }

    pub const WIDTH: u32 = 32;

    impl Window {
        pub fn new(base: u32) -> Self {
            Window { base, acked: 0 }
        }

        /// Where `seq` falls: behind, inside (with its offset) or ahead.
        pub fn classify(&self, seq: u32) -> Result<u32, bool> {
            let offset = seq.wrapping_sub(self.base);
            if offset < WIDTH {
                Ok(offset)
            } else {
                Err(offset < u32::MAX / 2)
            }
        }

        pub fn ack(&mut self, seq: u32) -> bool {
            match self.classify(seq) {
                Ok(offset) => {
                    self.acked |= 1 << offset;
                    self.slide();
                    true
                }
                Err(_) => false,
            }
        }

        /// Moves the base past every acknowledged prefix.
        fn slide(&mut self) {
            while self.acked & 1 == 1 {
                self.acked >>= 1;
                self.base = self.base.wrapping_add(1);
            }
        }

        pub fn pending(&self) -> u32 {
            WIDTH - self.acked.count_ones()
        }
    }
}
