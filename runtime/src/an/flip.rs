//! A code word as state: a word the scrub checks and a fault can hit.

use super::An;
use super::code::Code;
use super::raw::Raw;
use crate::state::{Flip, State, Visitor};

/// A 64-bit code word, whole: a flip makes it (almost always) invalid.
impl<T: Code<Raw = u64>> Flip for An<T> {
    fn width(&self) -> u32 {
        64
    }
    fn bits(&self) -> u64 {
        self.raw
    }
    fn flip(&mut self, mask: u64) {
        self.raw ^= mask;
    }
    fn is_valid(&self) -> bool {
        Self::valid_raw(self.raw)
    }
}

/// 64 bits of a wider code word; valid when the whole word is.
struct Limb<'a, T: Code> {
    word: &'a mut An<T>,
    shift: u32,
}

impl<T: Code> Flip for Limb<'_, T> {
    fn width(&self) -> u32 {
        64
    }
    fn bits(&self) -> u64 {
        (self.word.raw >> self.shift).low_u64()
    }
    fn flip(&mut self, mask: u64) {
        self.word.raw = self.word.raw ^ (T::Raw::from_u64(mask) << self.shift);
    }
    fn is_valid(&self) -> bool {
        An::<T>::valid_raw(self.word.raw)
    }
}

/// A word wider than 64 bits, as 64-bit limbs.
pub(super) fn visit_limbs<T: Code>(word: &mut An<T>, v: &mut dyn Visitor) {
    let mut shift = 0;
    while shift < <T::Raw as Raw>::WIDTH {
        v.word(&mut Limb { word, shift });
        shift += 64;
    }
}

/// An encoded build's word: whole in 64 bits, else as 64-bit limbs.
impl<T: Code> State for An<T> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        T::Raw::visit_word(self, v);
    }
}
