/// Impls of traits defined outside the module whose signatures fix `u32`
/// (`Hasher::write_u32`, `RngCore::next_u32`): the signature stays, values
/// convert at the boundary.
#[anguard::an_encode]
pub mod foreign_traits {
    use std::hash::Hasher;

    use rand_core::RngCore;

    #[derive(Debug, Clone, Default)]
    pub struct Mixer {
        state: u32,
        words: Vec<u32>,
    }

    impl Hasher for Mixer {
        fn finish(&self) -> u64 {
            u64::from(self.state)
        }

        fn write(&mut self, bytes: &[u8]) {
            for &b in bytes {
                self.state = self.state.rotate_left(5) ^ u32::from(b);
            }
        }

        fn write_u32(&mut self, word: u32) {
            self.words.push(word);
            self.state = self.state.wrapping_mul(31).wrapping_add(word);
        }
    }

    impl RngCore for Mixer {
        fn next_u32(&mut self) -> u32 {
            self.state ^= self.state << 13;
            self.state ^= self.state >> 17;
            self.state ^= self.state << 5;
            self.state
        }

        fn next_u64(&mut self) -> u64 {
            let high = self.next_u32() as u64;
            (high << 32) | self.next_u32() as u64
        }

        fn fill_bytes(&mut self, dest: &mut [u8]) {
            rand_core::impls::fill_bytes_via_next(self, dest)
        }
    }

    /// Calls the boundary methods from encoded code.
    pub fn feed(seed: u32, words: &[u32]) -> (u64, u32, Vec<u32>) {
        let mut mixer = Mixer {
            state: seed | 1,
            words: Vec::new(),
        };
        for &w in words {
            mixer.write_u32(w);
        }
        let drawn: u32 = mixer.next_u32();
        (mixer.finish(), drawn.wrapping_add(1), mixer.words)
    }
}
