//! The tag of a variant of an enum defined in an `#[an_encode]` module.
//!
//! In both copies the macro appends a field `Tag<u32, I>` to variant `I` of
//! every enum of the module (the last field of a tuple variant, `__tag` of a
//! struct variant, the one field of a unit variant). The rewrite turns the
//! `u32` into `AnU32` in the encoded copy, where the tag is the code word
//! of `I`; in the plain copy it is zero-sized. So one source, inside the
//! module or outside it, writes `Msg::Alive { from, __tag: Tag::NEW }` for
//! both builds.
//!
//! The index is in the type: a fault that switches Rust's discriminant from
//! variant `i` to variant `j` leaves `j`'s tag field holding the code word
//! of `i`, which `j`'s check rejects; so does any flip of the word itself.
//! Every bit pattern of the word is a valid `u64`, so an injector flips it
//! without undefined behaviour, and the check decides. The checks: the
//! state scrub ([`State`]), serde (only the code word of `I` is written or
//! read), comparisons (`==` checks both tags), and the first
//! statement of every match arm that names the variant.
//!
//! ```
//! use anguard::an::Tag;
//! use anguard::AnU32;
//!
//! let tag: Tag<AnU32, 2> = Tag::NEW;
//! tag.check();
//! let plain: Tag<u32, 2> = Tag::NEW;
//! assert_eq!(std::mem::size_of_val(&plain), 0);
//! assert_eq!(std::mem::size_of_val(&tag), 8);
//! ```

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Error as _, Serialize, Serializer};

use super::AnU32;
use crate::fault;
use crate::state::{Flip, State, Visitor};

/// The word of a variant's tag: `u32` in the plain copy (nothing stored),
/// `AnU32` in the encoded one (the code word of the variant's index).
pub trait TagWord: sealed::Sealed {
    /// What a tag holds.
    type Stored: Copy;
    /// Checks that `stored` is variant `I`'s tag; if not, the fault policy.
    #[doc(hidden)]
    fn check<const I: u32>(stored: &Self::Stored);
    /// Shows the tag to `v`.
    #[doc(hidden)]
    fn visit<const I: u32>(stored: &mut Self::Stored, v: &mut dyn Visitor);
    /// Shows `v` a value's variant where the tag cannot (the plain copy).
    #[doc(hidden)]
    fn visit_variant<E: Variants>(value: &mut E, v: &mut dyn Visitor);
    #[doc(hidden)]
    fn serialize<const I: u32, S: Serializer>(
        stored: &Self::Stored,
        serializer: S,
    ) -> Result<S::Ok, S::Error>;
    #[doc(hidden)]
    fn deserialize<'de, const I: u32, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self::Stored, D::Error>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for u32 {}
    impl Sealed for super::AnU32 {}
}

/// The plain copy's tag: nothing stored, nothing to check. The variant is
/// shown to an injector as the enum's own ([`Variants`]).
impl TagWord for u32 {
    type Stored = ();
    #[inline(always)]
    fn check<const I: u32>(_: &()) {}
    fn visit<const I: u32>(_: &mut (), _: &mut dyn Visitor) {}
    fn visit_variant<E: Variants>(value: &mut E, v: &mut dyn Visitor) {
        v.uncovered(&mut Switch(value));
    }
    fn serialize<const I: u32, S: Serializer>(_: &(), serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
    fn deserialize<'de, const I: u32, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<(), D::Error> {
        <()>::deserialize(deserializer)
    }
}

/// The encoded copy's tag: the code word of the variant's index.
impl TagWord for AnU32 {
    type Stored = AnU32;
    #[inline]
    #[track_caller]
    fn check<const I: u32>(stored: &AnU32) {
        if stored.to_raw() != AnU32::encode(I).to_raw() {
            fault::invalid_word(stored.to_raw(), "enum tag");
        }
    }
    fn visit<const I: u32>(stored: &mut AnU32, v: &mut dyn Visitor) {
        v.flag(&mut TagFlip::<I>(stored));
    }
    /// The tag field shows the variant: nothing more.
    fn visit_variant<E: Variants>(_: &mut E, _: &mut dyn Visitor) {}
    fn serialize<const I: u32, S: Serializer>(
        stored: &AnU32,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let word = stored.to_raw();
        if word != AnU32::encode(I).to_raw() {
            return Err(S::Error::custom(InvalidTag { word, index: I }));
        }
        word.serialize(serializer)
    }
    fn deserialize<'de, const I: u32, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<AnU32, D::Error> {
        let word = u64::deserialize(deserializer)?;
        let expected = AnU32::encode(I);
        if word == expected.to_raw() {
            Ok(expected)
        } else {
            Err(D::Error::custom(InvalidTag { word, index: I }))
        }
    }
}

/// A word read where variant `index`'s tag belongs that is not its code word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid enum tag {word:#018x}: not the code word of variant {index}")]
pub struct InvalidTag {
    /// The word read.
    pub word: u64,
    /// The variant whose tag it should have been.
    pub index: u32,
}

/// The tag of variant `I`, in the copy whose word is `W` (see the [module
/// docs](self)).
pub struct Tag<W: TagWord, const I: u32> {
    stored: W::Stored,
}

impl<W: TagConst<I>, const I: u32> Tag<W, I> {
    /// Variant `I`'s tag, in either copy.
    pub const NEW: Self = Self { stored: W::STORED };
}

impl<W: TagWord, const I: u32> Tag<W, I> {
    /// Checks the tag; one that is not variant `I`'s goes to the [fault
    /// policy](crate::fault).
    #[inline]
    #[track_caller]
    pub fn check(&self) {
        W::check::<I>(&self.stored);
    }
}

/// Variant `I`'s tag as a constant, so that `Tag::NEW` is one.
pub trait TagConst<const I: u32>: TagWord {
    /// The stored form of variant `I`'s tag.
    const STORED: Self::Stored;
}

impl<const I: u32> TagConst<I> for u32 {
    const STORED: () = ();
}

impl<const I: u32> TagConst<I> for AnU32 {
    const STORED: AnU32 = AnU32::encode(I);
}

impl<W: TagWord, const I: u32> Clone for Tag<W, I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<W: TagWord, const I: u32> Copy for Tag<W, I> {}

impl<W: TagConst<I>, const I: u32> Default for Tag<W, I> {
    fn default() -> Self {
        Self::NEW
    }
}

/// Two tags of one variant are equal, after both are checked.
impl<W: TagWord, const I: u32> PartialEq for Tag<W, I> {
    #[track_caller]
    fn eq(&self, other: &Self) -> bool {
        self.check();
        other.check();
        true
    }
}

impl<W: TagWord, const I: u32> Eq for Tag<W, I> {}

impl<W: TagWord, const I: u32> PartialOrd for Tag<W, I> {
    #[track_caller]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Equal, after both are checked: the variants already ordered the values.
impl<W: TagWord, const I: u32> Ord for Tag<W, I> {
    #[track_caller]
    fn cmp(&self, other: &Self) -> Ordering {
        self.check();
        other.check();
        Ordering::Equal
    }
}

/// Nothing: the variant is hashed by the enum, as in the plain build.
impl<W: TagWord, const I: u32> Hash for Tag<W, I> {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl<W: TagWord, const I: u32> fmt::Debug for Tag<W, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag<{I}>")
    }
}

impl<W: TagWord, const I: u32> State for Tag<W, I> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        W::visit::<I>(&mut self.stored, v);
    }
}

impl<W: TagWord, const I: u32> Serialize for Tag<W, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        W::serialize::<I, S>(&self.stored, serializer)
    }
}

impl<'de, W: TagWord, const I: u32> Deserialize<'de> for Tag<W, I> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        W::deserialize::<I, D>(deserializer).map(|stored| Self { stored })
    }
}

/// The encoded tag word as state: valid only as the code word of `I`.
struct TagFlip<'a, const I: u32>(&'a mut AnU32);

impl<const I: u32> Flip for TagFlip<'_, I> {
    fn width(&self) -> u32 {
        64
    }
    fn bits(&self) -> u64 {
        self.0.to_raw()
    }
    fn flip(&mut self, mask: u64) {
        Flip::flip(self.0, mask);
    }
    fn is_valid(&self) -> bool {
        self.0.to_raw() == AnU32::encode(I).to_raw()
    }
}

/// A variant's index (an alias, so that the encoded copy's rewrite, which
/// turns every `u32` it sees into `AnU32`, leaves [`Variants`] plain).
pub type VariantIndex = u32;

/// An enum of an `#[an_encode]` module, as the plain copy shows it to an
/// injector: its variant, which a flip switches. `#[an_encode]` implements
/// it for each enum of the module.
pub trait Variants {
    /// How many variants the enum has.
    const COUNT: VariantIndex;
    /// The index of this value's variant.
    fn variant(&self) -> VariantIndex;
    /// Makes this value variant `to`, if that is sound: always between
    /// variants without fields; between variants with fields, only if
    /// their fields have the same types as written (they are kept, as
    /// memory would keep them) and the enum derives `Clone`. Otherwise the
    /// value stays as it is.
    fn switch(&mut self, to: VariantIndex);
}

/// A plain value's variant as a flip target: the index, in as many bits as
/// the variants need. A flip to an index past the last variant, which Rust
/// cannot represent, or to a variant that cannot be made from this one,
/// leaves the value as it is.
struct Switch<'a, E>(&'a mut E);

impl<E: Variants> Flip for Switch<'_, E> {
    fn width(&self) -> u32 {
        (u32::BITS - (E::COUNT.max(2) - 1).leading_zeros()).max(1)
    }
    fn bits(&self) -> u64 {
        u64::from(self.0.variant())
    }
    fn flip(&mut self, mask: u64) {
        let to = self.0.variant() ^ (mask & ((1 << self.width()) - 1)) as u32;
        if to < E::COUNT {
            self.0.switch(to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload;

    #[test]
    fn only_the_code_word_of_the_index_deserializes() {
        let mut bytes = Vec::new();
        payload::encode(&Tag::<AnU32, 2>::NEW, &mut bytes).unwrap();
        assert_eq!(bytes, (2 * AnU32::A).to_le_bytes());
        assert!(payload::decode::<Tag<AnU32, 2>>(&bytes).is_ok());
        // Variant 1's tag, a valid code word of another index, and a flip.
        for word in [AnU32::A, (2 * AnU32::A) ^ 1] {
            let error = payload::decode::<Tag<AnU32, 2>>(&word.to_le_bytes()).unwrap_err();
            let expected = InvalidTag { word, index: 2 }.to_string();
            assert!(error.to_string().contains(&expected), "{error}");
        }
        // The plain tag is nothing on the wire.
        payload::encode(&Tag::<u32, 2>::NEW, &mut bytes).unwrap();
        assert!(bytes.is_empty());
        assert!(payload::decode::<Tag<u32, 2>>(&[]).is_ok());
        // A corrupted tag is not sent.
        let corrupt = Tag::<AnU32, 2> {
            stored: AnU32::encode(1),
        };
        assert!(payload::encode(&corrupt, &mut bytes).is_err());
    }

    #[test]
    fn a_tag_of_another_index_is_a_fault() {
        let _panic = fault::scoped(fault::Policy::Panic);
        let mut tag = Tag::<AnU32, 2>::NEW;
        tag.check();
        // What a switch from variant 1 would leave: its tag word.
        tag.stored = AnU32::encode(1);
        let fault = std::panic::catch_unwind(|| tag.check()).unwrap_err();
        let fault = fault.downcast::<fault::Fault>().unwrap();
        assert_eq!((fault.word, fault.operation), (AnU32::A, "enum tag"));
        assert!(std::panic::catch_unwind(|| tag == Tag::NEW).is_err());
    }
}
