//! A code word as state: a word the scrub checks and a fault can hit. A flip
//! of bit i of the stored word (see [`Raw::store`]) is a flip of bit i of the
//! code word, so flips act on the code word: `bits` is the code word, as
//! `to_raw` gives it. An `Option` of a word is that word in memory, with
//! zero stored for `None`: the code word `KEY`, which is invalid.

use super::An;
use super::code::Code;
use super::raw::Raw;
use crate::state::{Flip, State, Visitor};

/// The code word whose stored form is zero: `None` of an `Option`.
fn none<T: Code>() -> T::Raw {
    T::Raw::load_bits(<T::Raw as Raw>::ZERO)
}

/// 64 bits of a word, or of an optional one: the whole word in 64 bits, or
/// one limb of a wider one. Valid when the whole word is (`None` is).
enum Limb<'a, T: Code> {
    Word(&'a mut An<T>, u32),
    Option(&'a mut Option<An<T>>, u32),
}

impl<T: Code> Limb<'_, T> {
    fn raw(&self) -> (T::Raw, u32) {
        match self {
            Limb::Word(word, shift) => (word.raw(), *shift),
            Limb::Option(option, shift) => (option.map_or_else(none::<T>, An::raw), *shift),
        }
    }
}

impl<T: Code> Flip for Limb<'_, T> {
    fn width(&self) -> u32 {
        64
    }
    fn bits(&self) -> u64 {
        let (raw, shift) = self.raw();
        (raw >> shift).low_u64()
    }
    fn flip(&mut self, mask: u64) {
        let (raw, shift) = self.raw();
        let flipped = raw ^ (T::Raw::from_u64(mask) << shift);
        match self {
            Limb::Word(word, _) => **word = An::from_raw_trusted(flipped),
            Limb::Option(option, _) => {
                **option = (flipped != none::<T>()).then(|| An::from_raw_trusted(flipped));
            }
        }
    }
    fn is_valid(&self) -> bool {
        match self {
            Limb::Word(word, _) => An::<T>::valid_raw(word.raw()),
            Limb::Option(option, _) => option.is_none_or(|word| An::<T>::valid_raw(word.raw())),
        }
    }
}

/// Whether `T` is `bool`, the one type of one bit: a flag, which the plain
/// build does not cover.
fn is_flag<T: Code>() -> bool {
    T::BITS == 1
}

/// An encoded build's word, as 64-bit limbs (one, or two for a 64-bit type);
/// a flag as a [flag](Visitor::flag).
impl<T: Code> State for An<T> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        if is_flag::<T>() {
            return v.flag(&mut Limb::Word(self, 0));
        }
        let mut shift = 0;
        while shift < <T::Raw as Raw>::WIDTH {
            v.word(&mut Limb::Word(self, shift));
            shift += 64;
        }
    }

    /// The word and its tag are one: zero is stored for `None`. The tag is
    /// shown once, with the low limb.
    fn visit_option(option: &mut Option<Self>, v: &mut dyn Visitor) {
        let some = option.is_some();
        if is_flag::<T>() {
            // As the plain build's flag, then its tag.
            if some {
                v.flag(&mut Limb::Option(option, 0));
            }
            return v.uncovered(&mut Limb::Option(option, 0));
        }
        v.tagged(&mut Limb::Option(option, 0), some);
        let mut shift = 64;
        while some && shift < <T::Raw as Raw>::WIDTH {
            v.word(&mut Limb::Option(option, shift));
            shift += 64;
        }
    }
}

/// A 64-bit code word, whole.
impl<T: Code<Raw = u64>> Flip for An<T> {
    fn width(&self) -> u32 {
        64
    }
    fn bits(&self) -> u64 {
        self.raw()
    }
    fn flip(&mut self, mask: u64) {
        *self = An::from_raw_trusted(self.raw() ^ mask);
    }
    fn is_valid(&self) -> bool {
        Self::valid_raw(self.raw())
    }
}
