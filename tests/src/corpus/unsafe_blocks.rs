/// `unsafe` code that never reinterprets memory: unchecked indexing and an
/// unchecked UTF-8 conversion.
#[anguard::an_encode]
pub mod unsafe_blocks {
    pub fn sum_pairs(words: &[u32]) -> u32 {
        let mut total: u32 = 0;
        for i in 0..words.len() / 2 {
            // SAFETY: `2 * i + 1 < words.len()`.
            let (a, b) = unsafe { (*words.get_unchecked(2 * i), *words.get_unchecked(2 * i + 1)) };
            total = total.wrapping_add(a ^ b);
        }
        total
    }

    /// # Safety
    /// `i < words.len()`.
    pub unsafe fn bump_unchecked(words: &mut [u32], i: usize) {
        // SAFETY: the caller's promise.
        let word = unsafe { words.get_unchecked_mut(i) };
        *word = word.wrapping_add(1);
    }

    pub fn ascii_len(bytes: &[u8]) -> u32 {
        if !bytes.is_ascii() {
            return 0;
        }
        // SAFETY: ASCII is UTF-8.
        let text = unsafe { std::str::from_utf8_unchecked(bytes) };
        text.chars().count() as u32
    }
}
