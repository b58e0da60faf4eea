//! The AN code: a value `x` of a std integer type or `bool` stored as the
//! word `A·x` — in 64 bits for types of up to 32 bits, in 128 bits for 64-bit
//! types. One generic type, [`An<T>`], with an alias per std type:
//! [`AnU8`], [`AnU16`], [`AnU32`], [`AnU64`], [`AnUsize`], [`AnI8`],
//! [`AnI16`], [`AnI32`], [`AnI64`], [`AnIsize`] and [`AnBool`].
//!
//! # Signed values
//!
//! A signed value is stored as the code word of its two's-complement bits
//! (`A·(x as u32)` for an `i32`), the same word as its unsigned counterpart's:
//! addition, subtraction, multiplication, `!` and `<<` are the same code-word
//! operations; only their overflow flags, order, division and `>>` differ.
//! Decoding checks the range of the bits, so every valid word is a value.
//! Order compares code words after adding `A·2^(N−1)` modulo `A·2^N`, which
//! maps signed order onto unsigned order; division, remainder and `>>` decode,
//! compute and re-encode (the window below).
//!
//! # 64-bit values
//!
//! `A·x` for `x < 2^64` takes 80 bits: [`AnU64`], [`AnI64`] and (on 64-bit
//! targets) [`AnUsize`] and [`AnIsize`] store it in a `u128`, with the same A
//! and the check `w·A⁻¹ mod 2^128 ≤ 2^64 − 1`. The alternatives were a pair
//! of 32-bit code words (two checks per operand, and a carry between halves
//! the code does not see) or a larger A in 128 bits (no cheaper, and the
//! enumeration proof below would need redoing). With one word and one A, every
//! kernel is the 32-bit one with wider integers, and the enumeration in
//! `tests/an_flips_wide.rs` shows every error of weight ≤ 3 anywhere in the
//! 128 bits moves the decoded value by at least 2^100 — out of range, so
//! every 1-, 2- and 3-bit flip is detected, and stays detectable through
//! additions. Unlike in 64 bits, some 4-bit errors pass (small multiples of
//! A fit the 2^64-wide range). The price is the wider multiply (three 64-bit
//! multiplies for a check) and 16 bytes of storage.
//!
//! # Booleans
//!
//! [`AnBool`] stores `false` as `0` and `true` as `A`, and accepts `w·A⁻¹ ≤ 1`:
//! the same proof covers it, with a range of two values instead of 2^32.
//!
//! # In memory, and `Option`
//!
//! A word is kept as its code word minus `M = A·2^N`, modulo 2^W (the raw
//! width): `A·(x − 2^N)`, in a `NonZero` ([`AnU32::to_stored`]). Code words
//! lie in `[0, M)`, so stored words lie in `[2^W − M, 2^W)`: never zero,
//! and, as `M ≤ 2^(W − 16)` for every type, with their top 16 bits set. So
//! `Option<An<T>>` is one word, zero for `None`, at least 16 bit flips from
//! every `Some` (`tests/an_option.rs`). A flip of bit i of a stored word
//! changes it, and so its code word, by `±2^i`: the same signed errors the
//! proofs below enumerate, which they cover whatever the word.
//!
//! The offset costs nothing on the operations that matter, because they
//! compute on stored words directly:
//!
//! - stored words keep the values' order, so comparisons compare them as
//!   they are;
//! - `x_s + y_c` carries exactly when `x_c + y_c ≥ M`, and is then
//!   `x_s + y_s` plus `M`: the same two candidates and one carry as on code
//!   words (the kernel `add`), with `y_c = y_s + M` off the chain;
//! - `x_s·A⁻¹ = x − 2^N`: the value in the low N bits and every bit above
//!   set, so decoding is that multiply truncated, the check is one compare
//!   of it, and `& | ^` need no correction of the offset;
//! - a result is stored by a test for zero that branches to the fault
//!   policy (only a corrupted result can be zero): a predicted branch, no
//!   step on a dependent chain.
//!
//! Why `−M`: any offset `B` added to code words keeps `add` at two steps
//! (`x_s + (y_c − B + 2^W − M)` carries exactly at the reduction), and any
//! whose set bits all lie above the code words keeps `None` 16 flips away.
//! `−M = A·(−2^N)` is the one that is also removed by the decode's
//! truncation to N bits: with any other, every decode on a chain (in `*`,
//! shifts, `& | ^`) takes a correction step more. The stored form that came
//! before, the code word XOR its top 16 bits (which is adding them),
//! converted to the code word before each operation and back after it:
//! `u32` add took 4.0× plain in latency and 10.3 instructions; now it takes
//! 2.0× and 6.1, as the bare code word did without the niche
//! (`docs/cost.md` has every operation). The bare code word cannot give
//! `Option` its niche: zero is the code word of 0.
//!
//! # Choice of A (for `u32`, the design's first type)
//!
//! `A = 63877`. A bit flip turns a code word `w` into `w ± 2^i ± 2^j …`; the
//! check multiplies by `A⁻¹ mod 2^64` and accepts only results `≤ u32::MAX`.
//! The flipped word passes only if the error `e` times `A⁻¹` lands within
//! `±2^32` of zero. For A = 63877, over every signed error of weight ≤ 4,
//! `|e·A⁻¹ mod 2^64| ≥ 2^34`, and over every error of weight ≤ 3 it is
//! `≥ 2^48` (`tests/an_flips.rs` in this crate enumerates them all). So:
//!
//! - every 1-, 2-, 3- and 4-bit flip of any code word is detected (the other
//!   "super A" candidates 58659, 63157 and 63859 miss some 4-bit flips);
//! - an error survives later additions and subtractions: those move the
//!   decoded value by less than `2^33`, far short of the `2^48` offset, so the
//!   corrupted result still fails its next check.
//!
//! # Which operations stay encoded
//!
//! `+ - * / %`, comparisons, shifts, `!` and the method families built on them
//! compute on code words (an encoded shift amount is decoded, checked, first:
//! the amount itself is not arithmetic on the word). Multiplication, division
//! and shifts also use their checked operands' values, but only to pick the
//! multiple of `A·2^32` a result is reduced by (`*`, `<<`), to correct a
//! shifted word (`>>`) or as an exact divisor (`/`): a wrong value there gives
//! an invalid word, not a valid wrong one (each kernel's documentation says
//! why). The bitwise `& | ^`, rotations and bit counts have no AN form: they
//! check their operands, decode, compute in the plain type and re-encode
//! (as do a signed type's `/`, `%` and `>>`; `& | ^` compute on the offset
//! values `x − 2^N`, which saves the offset's correction). A fault
//! inside that window of a few instructions goes undetected; it is the price of
//! having them at all.
//!
//! # Where checks happen
//!
//! Additions, subtractions and `!` propagate an error instead of checking for
//! it (see above). Multiplication, division, remainder and shifts can cancel
//! an error or shift it out of the word, so they check their operands first.
//! Comparisons, decoding, casts and the decoding operations check every
//! operand.
//!
//! # The arithmetic injection point
//!
//! With the feature `inject`, every operation's result word passes
//! `inject::alu::corrupt` once: `+ - * / % & | ^ ! << >>`, their
//! `wrapping_*`, `checked_*`, `saturating_*` and `overflowing_*` forms,
//! `pow` (once, not per multiply), `abs_diff`, `div_ceil`, `wrapping_neg`,
//! and each step of an encoded range. Comparisons, `min`/`max`, bit counts
//! and the other decoding methods produce no arithmetic result there. The
//! plain copy of an `#[an_encode]` module hits the same point on the same
//! operations of its integer and `bool` code (through `__alu!`), except a
//! lone `!x`, range steps and `Sum`/`Product`. `AnBool`'s `& | ^` are
//! results too; its `!` is not (nor is a lone `!` on a plain `bool`).

mod bytes;
pub(crate) mod cast;
mod cmp;
mod code;
pub(crate) mod condition;
mod convert;
mod flip;
mod fmt;
mod kernel;
mod konst;
pub(crate) mod macro_support;
mod methods;
mod ops;
mod raw;
mod ref_ops;
mod serde;
mod signed;
mod tag;
mod wrapping;

pub use code::{Code, Int};
pub use macro_support::trust_generic;
pub use raw::Raw;
pub use tag::{InvalidTag, Tag, TagConst, TagWord, VariantIndex, Variants};
pub use wrapping::Wrapping;

use crate::fault;

/// The code's constant: every valid word is a multiple of it.
const A: u64 = 63877;

mod sealed {
    /// Only the std types the encoding is proved for.
    pub trait Sealed {}
}

/// A `T` under the AN code: the word `A·x`, where `x` is the value's bit
/// pattern. See the aliases ([`AnU32`] and the rest) and the [module
/// docs](self).
///
/// Operations have exactly `T`'s semantics, overflow included: where `T`
/// panics (overflow checks on), `An<T>` panics with the same message; where
/// it wraps, `An<T>` wraps.
///
/// ```
/// use anguard::an::{AnI64, AnU8};
///
/// let x = AnU8::encode(200);
/// assert_eq!(x.wrapping_add(AnU8::encode(100)).decode(), 44);
/// assert_eq!(x.checked_add(AnU8::encode(100)), None);
/// let d = AnI64::encode(-5) * AnI64::encode(1 << 40);
/// assert_eq!(d.decode(), -5 << 40);
/// assert!(AnI64::encode(-1) < AnI64::encode(0));
/// ```
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct An<T: Code> {
    /// The stored word (see the [module docs](self)): never zero.
    stored: <T::Raw as Raw>::Stored,
}

/// A word that is not the code word of any value of its type: the raw
/// word (`u64`, or `u128` for 64-bit types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid AN code word {word:#018x}: not A·x for any x of its type (A = 63877)")]
pub struct InvalidCode<W = u64> {
    /// The word that failed the check.
    pub word: W,
}

impl<T: Code> An<T> {
    /// The code's constant: every valid word is a multiple of it.
    pub const A: u64 = A;

    /// Encodes `x` (the generic form of each alias's `const fn encode`).
    #[inline(always)]
    pub(crate) fn new(x: T) -> Self {
        Self::from_raw_trusted(x.to_bits() * T::A)
    }

    /// The code word, unchecked: the stored word plus `M`.
    #[inline(always)]
    pub(crate) fn raw(self) -> T::Raw {
        self.word().wrapping_add(T::M)
    }

    /// The stored word, `A·(x − 2^N)` modulo the raw width, unchecked.
    #[inline(always)]
    pub(crate) fn word(self) -> T::Raw {
        T::Raw::from_stored(self.stored)
    }

    /// `word·A⁻¹`: `x − 2^N` for a valid stored word, whose bits above N
    /// are then all set, and whose low N bits are the value.
    #[inline(always)]
    fn offset_value(word: T::Raw) -> T::Raw {
        word.wrapping_mul(T::A_INV)
    }

    /// Decodes the word, after checking it. An invalid word goes to the
    /// [fault policy](crate::fault).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn decode(self) -> T {
        let x = Self::offset_value(self.word());
        if x < T::HIGH {
            fault::invalid_word(self.raw().low_u64(), "decode");
        }
        T::from_bits(x)
    }

    /// Whether `word` is `A·x` for some x of the type: one multiply, one
    /// compare (each alias has a `const fn is_valid_raw` too).
    #[inline(always)]
    pub(crate) fn valid_raw(word: T::Raw) -> bool {
        word.wrapping_mul(T::A_INV) <= T::VALUE_MAX
    }

    /// Whether the stored word `word` is that of a value: one multiply, one
    /// compare.
    #[inline(always)]
    fn valid_word(word: T::Raw) -> bool {
        Self::offset_value(word) >= T::HIGH
    }

    /// Whether this word is valid (one multiply, one compare, on the stored
    /// word).
    #[inline(always)]
    pub(crate) fn valid(self) -> bool {
        Self::valid_word(self.word())
    }

    /// Returns `self` after checking it; an invalid word goes to the fault policy.
    #[inline]
    #[track_caller]
    pub fn checked(self, operation: &'static str) -> Self {
        if !self.valid() {
            fault::invalid_word(self.raw().low_u64(), operation);
        }
        self
    }

    /// The bit patterns of `self` and `other`, after one check of both words
    /// (a multiply each and one compare: both are valid when the bits above
    /// N of both offset values are set); an invalid one goes to the fault
    /// policy.
    #[inline]
    #[track_caller]
    pub(crate) fn checked_values(self, other: Self, operation: &'static str) -> (T, T) {
        let (x, y) = (
            Self::offset_value(self.word()),
            Self::offset_value(other.word()),
        );
        if (x & y) < T::HIGH {
            Self::invalid_pair(self, other, operation);
        }
        (T::from_bits(x), T::from_bits(y))
    }

    /// Checks `self` and `other` at once, as [`checked_values`](Self::checked_values).
    #[inline]
    #[track_caller]
    pub(crate) fn check_both(self, other: Self, operation: &'static str) {
        let _values = self.checked_values(other, operation);
    }

    /// Reports whichever of the two words is invalid.
    #[cold]
    #[track_caller]
    fn invalid_pair(x: Self, y: Self, operation: &'static str) -> ! {
        let word = if Self::valid_word(x.word()) {
            y.raw()
        } else {
            x.raw()
        };
        fault::invalid_word(word.low_u64(), operation)
    }

    /// The result of an encoded operation, a code word: where a
    /// fault-injection build (feature `inject`) corrupts arithmetic results.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn result(raw: T::Raw) -> Self {
        #[cfg(feature = "inject")]
        let raw = raw.map_low(crate::inject::alu::corrupt);
        Self::from_raw_trusted(raw)
    }

    /// The code word `word` kept, unchecked.
    #[inline(always)]
    #[track_caller]
    pub(crate) fn from_raw_trusted(word: T::Raw) -> Self {
        Self::from_word(word.wrapping_sub(T::M))
    }

    /// The stored word `word` kept, unchecked. No valid word is zero; a
    /// corrupted result that is goes to the fault policy, through a branch
    /// that is never taken otherwise (no latency on a dependent chain).
    #[inline(always)]
    #[track_caller]
    fn from_word(word: T::Raw) -> Self {
        match word.to_stored() {
            Some(stored) => Self { stored },
            None => Self::zero_word(),
        }
    }

    /// A result whose stored word is zero: the code word `M`, invalid.
    #[cold]
    #[track_caller]
    fn zero_word() -> ! {
        fault::invalid_word(T::M.low_u64(), "result")
    }

    /// The code word `word` kept, unchecked, whatever it is: the one word
    /// whose stored form would be zero, `M` (invalid), is kept as another
    /// invalid word, stored as 1 (what a fault injector needs, which makes
    /// words invalid on purpose).
    pub(crate) fn from_raw_or_invalid(word: T::Raw) -> Self {
        let stored = word.wrapping_sub(T::M).to_stored();
        Self {
            stored: stored.unwrap_or(<T::Raw as Raw>::STORED_ONE),
        }
    }
}

impl<T: Int> An<T> {
    /// The code word of 0.
    pub const ZERO: Self = Self {
        stored: T::ZERO_STORED,
    };
    /// The code word of 1.
    pub const ONE: Self = Self {
        stored: T::ONE_STORED,
    };
    /// The code word of the type's minimum.
    pub const MIN: Self = Self {
        stored: T::MIN_STORED,
    };
    /// The code word of the type's maximum.
    pub const MAX: Self = Self {
        stored: T::MAX_STORED,
    };
    /// The type's `BITS`, encoded (a `u32`, as std's).
    pub const BITS: AnU32 = AnU32::encode(T::BITS);
}

impl An<bool> {
    /// The code word of `false`.
    pub const FALSE: Self = Self::encode(false);
    /// The code word of `true`.
    pub const TRUE: Self = Self::encode(true);
}

impl<T: Code> Default for An<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

/// Each alias's `const` surface: `encode`, `to_raw`, `to_stored`,
/// `from_raw`, `is_valid_raw`, `is_valid`.
macro_rules! surface {
    ($($alias:ident = $t:ty, $bits:ty, $raw:ty, $nonzero:ident, $example:literal;)*) => {$(
        #[doc = concat!("A `", stringify!($t), "` under the AN code: the word `A·x` in a `", stringify!($raw), "`.")]
        ///
        /// ```
        #[doc = concat!("use anguard::an::", stringify!($alias), ";")]
        ///
        #[doc = concat!("let x = ", stringify!($alias), "::encode(", $example, ");")]
        #[doc = concat!("assert_eq!(x.decode(), ", $example, ");")]
        #[doc = concat!("assert_eq!(", stringify!($alias), "::from_raw(x.to_raw()), Ok(x));")]
        #[doc = concat!("assert!(", stringify!($alias), "::from_raw(x.to_raw() ^ 1).is_err());")]
        /// ```
        pub type $alias = An<$t>;

        #[allow(clippy::cast_lossless, clippy::unnecessary_cast)]
        impl An<$t> {
            #[doc = concat!("Encodes `x` as `A·x`. A `const fn`: constants are encoded at compile time.")]
            #[inline]
            #[must_use]
            pub const fn encode(x: $t) -> Self {
                let word = x as $bits as $raw * A as $raw;
                Self {
                    stored: raw::$nonzero(word.wrapping_sub(<$t as Code>::M)),
                }
            }

            #[doc = concat!("The raw code word, unchecked.")]
            #[inline]
            #[must_use]
            pub const fn to_raw(self) -> $raw {
                self.stored.get().wrapping_add(<$t as Code>::M)
            }

            /// The word as it is kept in memory, unchecked: the code word
            /// minus `A·2^N` (modulo the raw width), never zero. See the
            /// [module docs](self).
            #[inline]
            #[must_use]
            pub const fn to_stored(self) -> $raw {
                self.stored.get()
            }

            /// Accepts `word` only if it is a valid code word.
            #[inline]
            pub const fn from_raw(word: $raw) -> Result<Self, InvalidCode<$raw>> {
                if Self::is_valid_raw(word) {
                    Ok(Self { stored: raw::$nonzero(word.wrapping_sub(<$t as Code>::M)) })
                } else {
                    Err(InvalidCode { word })
                }
            }

            #[doc = concat!("Whether `word` is `A·x` for some `", stringify!($t), "` x: one multiply, one compare.")]
            #[inline]
            #[must_use]
            pub const fn is_valid_raw(word: $raw) -> bool {
                word.wrapping_mul(<$t as Code>::A_INV) <= <$t as Code>::VALUE_MAX
            }

            /// Whether this word is a valid code word.
            #[inline]
            #[must_use]
            pub const fn is_valid(self) -> bool {
                Self::is_valid_raw(self.to_raw())
            }
        }
    )*};
}

surface! {
    AnU8 = u8, u8, u64, nonzero_64, "200";
    AnU16 = u16, u16, u64, nonzero_64, "60_000";
    AnU32 = u32, u32, u64, nonzero_64, "4_000_000_000";
    AnU64 = u64, u64, u128, nonzero_128, "u64::MAX - 7";
    AnI8 = i8, u8, u64, nonzero_64, "-100";
    AnI16 = i16, u16, u64, nonzero_64, "-30_000";
    AnI32 = i32, u32, u64, nonzero_64, "-2_000_000_000";
    AnI64 = i64, u64, u128, nonzero_128, "i64::MIN + 3";
    AnBool = bool, u8, u64, nonzero_64, "true";
}

#[cfg(target_pointer_width = "64")]
surface! {
    AnUsize = usize, usize, u128, nonzero_128, "usize::MAX";
    AnIsize = isize, usize, u128, nonzero_128, "-1";
}

#[cfg(not(target_pointer_width = "64"))]
surface! {
    AnUsize = usize, usize, u64, nonzero_64, "usize::MAX";
    AnIsize = isize, usize, u64, nonzero_64, "-1";
}
