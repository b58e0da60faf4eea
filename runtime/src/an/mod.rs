//! The AN code: a `u32` value `x` stored as the 64-bit word `A·x`.
//!
//! # Choice of A
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
//! check their operands, decode, compute in plain u32 and re-encode. A fault
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
//! operations of its u32 code (through `__alu!`), except a lone `!x`, range
//! steps and `Sum`/`Product`.

pub(crate) mod cast;
mod cmp;
mod convert;
mod flip;
mod fmt;
mod kernel;
pub(crate) mod macro_support;
mod methods;
mod ops;
mod serde;

use crate::fault;

/// A `u32` under the AN code: the word `A·x` in 64 bits.
///
/// Operations have exactly `u32`'s semantics, overflow included: where `u32`
/// panics (overflow checks on), `AnU32` panics with the same message; where it
/// wraps, `AnU32` wraps.
///
/// ```
/// use anguard::AnU32;
///
/// let a = AnU32::encode(7);
/// let b = AnU32::encode(6);
/// assert_eq!((a * b).decode(), 42);
/// assert_eq!(AnU32::encode(u32::MAX).wrapping_add(AnU32::encode(2)).decode(), 1);
/// assert!(a > b);
/// ```
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct AnU32 {
    raw: u64,
}

/// A 64-bit word that is not the code word of any `u32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid AN code word {word:#018x}: not A·x for any u32 x (A = {})",
    AnU32::A
)]
pub struct InvalidCode {
    /// The word that failed the check.
    pub word: u64,
}

/// `A⁻¹ mod 2^64`, by Newton's iteration (each step doubles the correct bits).
const fn inverse_mod_2_64(a: u64) -> u64 {
    let mut x = a; // correct to 3 bits for any odd a
    let mut i = 0;
    while i < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
        i += 1;
    }
    x
}

impl AnU32 {
    /// The code's constant: every valid word is a multiple of it.
    pub const A: u64 = 63877;
    /// `A⁻¹ mod 2^64`.
    pub(crate) const A_INV: u64 = inverse_mod_2_64(Self::A);
    /// `A·2^32`: code words of u32 arithmetic are reduced modulo it.
    pub(crate) const M: u64 = Self::A << 32;

    /// The code word of 0.
    pub const ZERO: Self = Self::encode(0);
    /// The code word of 1.
    pub const ONE: Self = Self::encode(1);
    /// The code word of `u32::MIN`.
    pub const MIN: Self = Self::encode(u32::MIN);
    /// The code word of `u32::MAX`.
    pub const MAX: Self = Self::encode(u32::MAX);
    /// `u32::BITS`, encoded.
    pub const BITS: Self = Self::encode(u32::BITS);

    /// Encodes `x` as `A·x`. A `const fn`: constants are encoded at compile time.
    #[inline]
    #[must_use]
    pub const fn encode(x: u32) -> Self {
        Self {
            raw: x as u64 * Self::A,
        }
    }

    /// Decodes the word, after checking it. An invalid word goes to the
    /// [fault policy](crate::fault).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn decode(self) -> u32 {
        let x = self.raw.wrapping_mul(Self::A_INV);
        if x > u32::MAX as u64 {
            fault::invalid_word(self.raw, "decode");
        }
        x as u32
    }

    /// The raw 64-bit code word, unchecked.
    #[inline]
    #[must_use]
    pub const fn to_raw(self) -> u64 {
        self.raw
    }

    /// Accepts `word` only if it is a valid code word.
    #[inline]
    pub const fn from_raw(word: u64) -> Result<Self, InvalidCode> {
        if Self::is_valid_raw(word) {
            Ok(Self { raw: word })
        } else {
            Err(InvalidCode { word })
        }
    }

    /// Whether `word` is `A·x` for some `u32` x: one multiply, one compare.
    #[inline]
    #[must_use]
    pub const fn is_valid_raw(word: u64) -> bool {
        word.wrapping_mul(Self::A_INV) <= u32::MAX as u64
    }

    /// Whether this word is a valid code word.
    #[inline]
    #[must_use]
    pub const fn is_valid(self) -> bool {
        Self::is_valid_raw(self.raw)
    }

    /// Returns `self` after checking it; an invalid word goes to the fault policy.
    #[inline]
    #[track_caller]
    pub fn checked(self, operation: &'static str) -> Self {
        if !self.is_valid() {
            fault::invalid_word(self.raw, operation);
        }
        self
    }

    /// The values of `self` and `other`, after one check of both words (a
    /// multiply each and one compare of their bits above 32); an invalid
    /// one goes to the fault policy.
    #[inline]
    #[track_caller]
    pub(crate) fn checked_values(self, other: Self, operation: &'static str) -> (u32, u32) {
        let (x, y) = (
            self.raw.wrapping_mul(Self::A_INV),
            other.raw.wrapping_mul(Self::A_INV),
        );
        if (x | y) > u32::MAX as u64 {
            Self::invalid_pair(self, other, operation);
        }
        (x as u32, y as u32)
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
        let word = if x.is_valid() { y.raw } else { x.raw };
        fault::invalid_word(word, operation)
    }

    /// The result of an encoded operation: where a fault-injection build
    /// (feature `inject`) corrupts arithmetic results.
    #[inline(always)]
    pub(crate) fn result(raw: u64) -> Self {
        #[cfg(feature = "inject")]
        let raw = crate::inject::alu::corrupt(raw);
        Self { raw }
    }

    #[inline]
    pub(crate) const fn from_raw_trusted(word: u64) -> Self {
        Self { raw: word }
    }
}

impl Default for AnU32 {
    fn default() -> Self {
        Self::ZERO
    }
}
