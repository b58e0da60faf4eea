/// FNV-1a, 32 bits, as the `fnv` crate writes its 64-bit one: a tuple
/// struct `Hasher` with `Default` and a `with_key` constructor.
#[anguard::an_encode]
pub mod fnv1a {
    use std::hash::Hasher;

    const INITIAL_STATE: u32 = 0x811c_9dc5;
    const PRIME: u32 = 0x0100_0193;

    #[derive(Debug, Clone, Copy)]
    pub struct FnvHasher(u32);

    impl Default for FnvHasher {
        #[inline]
        fn default() -> FnvHasher {
            FnvHasher(INITIAL_STATE)
        }
    }

    impl FnvHasher {
        #[inline]
        pub fn with_key(key: u32) -> FnvHasher {
            FnvHasher(key)
        }

        pub fn state(&self) -> u32 {
            self.0
        }
    }

    impl Hasher for FnvHasher {
        #[inline]
        fn finish(&self) -> u64 {
            self.0 as u64
        }

        #[inline]
        fn write(&mut self, bytes: &[u8]) {
            let FnvHasher(mut hash) = *self;
            for byte in bytes.iter() {
                hash ^= *byte as u32;
                hash = hash.wrapping_mul(PRIME);
            }
            *self = FnvHasher(hash);
        }

        #[inline]
        fn write_u32(&mut self, i: u32) {
            self.write(&i.to_le_bytes());
        }
    }

    /// Hashes a list of words as `Hash for [u32]` would, without the length.
    pub fn hash_words(key: u32, words: &[u32]) -> u64 {
        let mut hasher = FnvHasher::with_key(key);
        for &word in words {
            hasher.write_u32(word);
        }
        hasher.finish()
    }
}
