/// Unannotated locals bound to a literal whose uses say their type: an
/// index, a length, a u32 accumulator, a returned counter.
#[anguard::an_encode]
pub mod literal_locals {
    pub fn scan(words: &[u32], stop: u32) -> (usize, u32, u32) {
        let mut i = 0;
        let mut total = 0;
        while i < words.len() && words[i] != stop {
            total += words[i] as u64 as u32 % 1000;
            i += 1;
        }
        (i, total, count_below(words, stop))
    }

    pub fn count_below(words: &[u32], limit: u32) -> u32 {
        let mut count = 0;
        for &w in words {
            if w < limit {
                count += 1;
            }
        }
        count
    }

    pub fn fold_bytes(bytes: &[u8]) -> u32 {
        let mut acc = 0;
        for &b in bytes {
            acc ^= b as u32;
            acc = acc.rotate_left(3);
        }
        acc
    }
}
