//! A code word as state: a word the scrub checks and a fault can hit. Flips
//! act on the code word (`bits` is the code word, as `to_raw` gives it), the
//! word the checks and the flip proofs speak of. In memory the word is kept
//! as the code word minus `M` (see the module docs of `an`): a flip of bit
//! i there changes the code word by `±2^i`, an error of the same weight,
//! which the same proofs cover. An `Option` of a word is that word in
//! memory, with zero stored for `None`: the code word `M`, which is invalid.

use super::An;
use super::code::Code;
use super::raw::Raw;
use crate::state::{Flip, State, Visitor};

/// The code word whose stored form is zero: `None` of an `Option`.
fn none<T: Code>() -> T::Raw {
    T::M
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
            Limb::Word(word, _) => **word = An::from_raw_or_invalid(flipped),
            Limb::Option(option, _) => {
                **option = (flipped != none::<T>()).then(|| An::from_raw_or_invalid(flipped));
            }
        }
    }
    fn is_valid(&self) -> bool {
        match self {
            Limb::Word(word, _) => word.valid(),
            Limb::Option(option, _) => option.is_none_or(An::valid),
        }
    }
}

/// An encoded build's word, as 64-bit limbs (one, or two for a 64-bit type).
impl<T: Code> State for An<T> {
    fn visit(&mut self, v: &mut dyn Visitor) {
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
        *self = An::from_raw_or_invalid(self.raw() ^ mask);
    }
    fn is_valid(&self) -> bool {
        self.valid()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fault::{self, Fault, Policy};

    /// What a flip keeps when the flipped word's stored form would be zero
    /// (stored 1) is invalid, in every type.
    #[test]
    fn the_stand_in_for_a_zero_stored_word_is_invalid() {
        fn check<T: Code>() {
            let word = An::<T>::from_raw_or_invalid(T::M);
            assert!(!An::<T>::valid_raw(word.raw()), "{}", T::NAME);
        }
        check::<u8>();
        check::<u16>();
        check::<u32>();
        check::<u64>();
        check::<usize>();
        check::<i8>();
        check::<i16>();
        check::<i32>();
        check::<i64>();
        check::<isize>();
        check::<bool>();
    }

    /// A result whose stored word would be zero goes to the fault policy.
    #[test]
    fn a_result_stored_as_zero_is_a_fault() {
        let _panic = fault::scoped(Policy::Panic);
        let zero = std::panic::catch_unwind(|| An::<u32>::from_raw_trusted(<u32 as Code>::M));
        let fault = zero.unwrap_err().downcast::<Fault>().unwrap();
        assert_eq!((fault.word, fault.operation), (<u32 as Code>::M, "result"));
    }
}
