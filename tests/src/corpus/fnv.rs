/// FNV-1a, 32 bits, as a message-dedup key.
#[anguard::an_encode]
pub mod fnv {
    pub const OFFSET_BASIS: u32 = 0x811c_9dc5;
    pub const PRIME: u32 = 16_777_619;

    pub fn fnv1a(data: &[u8]) -> u32 {
        let mut hash: u32 = OFFSET_BASIS;
        for &byte in data {
            hash ^= byte as u32;
            hash = hash.wrapping_mul(PRIME);
        }
        hash
    }

    /// Hashes the words of a message header, low byte first.
    pub fn fnv1a_words(words: &[u32]) -> u32 {
        let mut hash: u32 = OFFSET_BASIS;
        for &word in words {
            for shift in [0u32, 8, 16, 24] {
                hash ^= (word >> shift) & 0xff;
                hash = hash.wrapping_mul(PRIME);
            }
        }
        hash
    }

    /// A bucket in `0..buckets` (panics for 0 buckets, like `%`).
    pub fn bucket(data: &[u8], buckets: u32) -> u32 {
        fnv1a(data) % buckets
    }
}
