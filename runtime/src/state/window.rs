//! Long state the scrub checks a window at a time.
//!
//! The scrub after every event costs what the state it checks costs. For
//! state that grows with use (a replicated log), a [`Windowed`] vector
//! shows a visitor that asks for a [`window`](super::Visitor::window) (the
//! scrub) only the next [`SCRUB_WINDOW`] elements, in turn, so that the
//! scrub's work per event is bounded and every element of a vector that
//! does not change is checked within `len / SCRUB_WINDOW` events (rounded
//! up); one that grows or is cut at its front while the window turns may
//! wait up to one more pass. Every other visitor (an
//! injector, a fingerprint) sees every element, as with a `Vec`.
//!
//! ```
//! use anguard::state::{Flip, State, Visitor, Windowed, SCRUB_WINDOW};
//!
//! /// Counts the words it is shown, in windows when `bounded`.
//! struct Count { bounded: bool, words: usize }
//! impl Visitor for Count {
//!     fn word(&mut self, _: &mut dyn Flip) { self.words += 1; }
//!     fn uncovered(&mut self, _: &mut dyn Flip) {}
//!     fn window(&self) -> Option<usize> { self.bounded.then_some(SCRUB_WINDOW) }
//! }
//!
//! let mut log: Windowed<u32> = (0..100).collect();
//! let mut all = Count { bounded: false, words: 0 };
//! log.visit(&mut all);
//! assert_eq!(all.words, 100);
//! let mut window = Count { bounded: true, words: 0 };
//! log.visit(&mut window);
//! assert_eq!(window.words, SCRUB_WINDOW);
//! ```

use core::ops::{Deref, DerefMut};

use super::{State, Visitor};

/// How many elements of a long collection the scrub checks per event.
pub const SCRUB_WINDOW: usize = 4;

/// A vector whose elements a visitor asking for a window sees in turn, a
/// window per visit; any other visitor sees them all. It is a `Vec` in
/// every other respect (it derefs to one); where the window stands is not
/// part of its value.
#[derive(Debug, Clone, Default)]
pub struct Windowed<T> {
    items: Vec<T>,
    /// Where the next window starts (taken modulo the length).
    cursor: usize,
}

impl<T> Windowed<T> {
    /// The elements, as a vector of their own.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<T> Deref for Windowed<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<T> DerefMut for Windowed<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.items
    }
}

impl<T> From<Vec<T>> for Windowed<T> {
    fn from(items: Vec<T>) -> Self {
        Self { items, cursor: 0 }
    }
}

impl<T> FromIterator<T> for Windowed<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Vec::from_iter(iter).into()
    }
}

/// Equal if the elements are.
impl<T: PartialEq> PartialEq for Windowed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<T: Eq> Eq for Windowed<T> {}

/// As a `Vec`, the elements then the length; for a visitor that asks for a
/// window of `k`, only the `k` elements from the last window's end on
/// (wrapping around), then the length.
impl<T: State + Default + Clone> State for Windowed<T> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        let Some(k) = v.window() else {
            return self.items.visit(v);
        };
        let len = self.items.len();
        let k = k.min(len);
        for step in 0..k {
            self.items[(self.cursor + step) % len].visit(v);
        }
        if len > 0 {
            self.cursor = (self.cursor + k) % len;
        }
        v.uncovered(&mut self.items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Flip;

    /// Records the words it is shown, in windows of `k`.
    struct Shown {
        k: usize,
        words: Vec<u64>,
    }

    impl Visitor for Shown {
        fn word(&mut self, word: &mut dyn Flip) {
            self.words.push(word.bits());
        }
        fn uncovered(&mut self, _: &mut dyn Flip) {}
        fn window(&self) -> Option<usize> {
            Some(self.k)
        }
    }

    #[test]
    fn windows_cover_every_element_in_turn_and_survive_truncation() {
        let mut log: Windowed<u32> = (0..10).collect();
        let mut shown = Shown {
            k: 4,
            words: Vec::new(),
        };
        for _ in 0..3 {
            log.visit(&mut shown);
        }
        assert_eq!(shown.words, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
        log.truncate(1);
        shown.words.clear();
        log.visit(&mut shown);
        assert_eq!(shown.words, [0], "a window never shows an element twice");
        log.clear();
        log.visit(&mut shown);
        assert_eq!(shown.words, [0]);
    }

    #[test]
    fn equality_ignores_where_the_window_stands() {
        let mut a: Windowed<u32> = (0..10).collect();
        let b = a.clone();
        a.visit(&mut Shown {
            k: 3,
            words: Vec::new(),
        });
        assert_eq!(a, b);
    }
}
