/// Moves and compares its `T` only: sound for an encoded word.
pub fn largest<T: Copy + Ord>(items: &[T]) -> Option<T> {
    items.iter().copied().max()
}

/// A generic helper outside the module, vouched for with `trust_generic`.
#[anguard::an_encode]
pub mod generic_helpers {
    use anguard::an::trust_generic;

    pub fn spread(words: &[u32]) -> u32 {
        let top: u32 = trust_generic(super::largest(words)).unwrap_or(0);
        top - words.iter().copied().min().unwrap_or(0)
    }
}
