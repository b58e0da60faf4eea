//! A code word as state: a word the scrub checks and a fault can hit.

use super::AnU32;
use crate::state::{Flip, State, Visitor};

/// The whole 64-bit code word: a flip makes it (almost always) invalid.
impl Flip for AnU32 {
    fn width(&self) -> u32 {
        64
    }
    fn bits(&self) -> u64 {
        self.to_raw()
    }
    fn flip(&mut self, mask: u64) {
        *self = AnU32::from_raw_trusted(self.to_raw() ^ mask);
    }
}

/// An encoded build's word.
impl State for AnU32 {
    fn visit(&mut self, v: &mut dyn Visitor) {
        v.word(self);
    }
}
