//! The std types an [`An`](super::An) word can hold, and what the generic
//! code needs of each. Sealed: the encoding is proved for exactly these.

use core::fmt::{Binary, Debug, Display, LowerHex, Octal, UpperHex};
use core::hash::Hash;
use core::hint::black_box;
use core::ops::{BitAnd, BitOr, BitXor, Div, Rem, Shr};
use core::str::FromStr;

use super::raw::{Raw, nonzero_64, nonzero_128};
use super::sealed::Sealed;

/// `A⁻¹ mod 2^64`, by Newton's iteration (each step doubles the correct bits).
pub(super) const fn inverse_mod_2_64(a: u64) -> u64 {
    let mut x = a; // correct to 3 bits for any odd a
    let mut i = 0;
    while i < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
        i += 1;
    }
    x
}

/// `A⁻¹ mod 2^128`: one more Newton step.
pub(super) const fn inverse_mod_2_128(a: u128) -> u128 {
    let mut x = a;
    let mut i = 0;
    while i < 6 {
        x = x.wrapping_mul(2u128.wrapping_sub(a.wrapping_mul(x)));
        i += 1;
    }
    x
}

/// A std type under the AN code: its value `x` is stored as `A·bits(x)`,
/// where `bits(x)` is its two's-complement bit pattern read as unsigned.
pub trait Code:
    Sealed + Copy + Eq + Ord + Hash + Debug + Display + Default + Send + Sync + 'static
{
    /// The word the code word is stored in.
    type Raw: Raw;
    /// The type's name, for messages.
    const NAME: &'static str;
    /// The width of the value (1 for `bool`).
    const BITS: u32;
    /// Whether the value is signed (two's complement).
    const SIGNED: bool;
    /// `A` in the raw word.
    const A: Self::Raw;
    /// `A⁻¹` modulo the raw word's range.
    const A_INV: Self::Raw;
    /// `A·2^BITS`: arithmetic on code words is reduced modulo it.
    const M: Self::Raw;
    /// The largest bit pattern, `2^BITS − 1`: the check accepts a code word
    /// `w` when `w·A⁻¹` is at most this.
    const VALUE_MAX: Self::Raw;
    /// The bits above the value's, `!VALUE_MAX`: a stored word `s` is valid
    /// when `s·A⁻¹` has all of them set (it is `x − 2^BITS`).
    const HIGH: Self::Raw;
    /// The bit pattern.
    fn to_bits(self) -> Self::Raw;
    /// The value whose bit pattern is the low `BITS` bits of `bits`.
    fn from_bits(bits: Self::Raw) -> Self;
}

/// A std integer under the AN code: what the generic arithmetic needs.
pub trait Int:
    Code
    + LowerHex
    + UpperHex
    + Octal
    + Binary
    + FromStr
    + BitAnd<Output = Self>
    + BitOr<Output = Self>
    + BitXor<Output = Self>
    + Div<Output = Self>
    + Rem<Output = Self>
    + Shr<u32, Output = Self>
{
    /// The unsigned type of the same width (itself, if unsigned).
    type Unsigned: Int<Raw = Self::Raw>;
    /// The stored code word of 0.
    const ZERO_STORED: <Self::Raw as Raw>::Stored;
    /// The stored code word of 1.
    const ONE_STORED: <Self::Raw as Raw>::Stored;
    /// The stored code word of the type's minimum.
    const MIN_STORED: <Self::Raw as Raw>::Stored;
    /// The stored code word of the type's maximum.
    const MAX_STORED: <Self::Raw as Raw>::Stored;

    /// std's `overflowing_add`.
    fn overflowing_add(self, rhs: Self) -> (Self, bool);
    /// std's `overflowing_sub`.
    fn overflowing_sub(self, rhs: Self) -> (Self, bool);
    /// std's `overflowing_mul`.
    fn overflowing_mul(self, rhs: Self) -> (Self, bool);
    /// std's `overflowing_pow`.
    fn overflowing_pow(self, exp: u32) -> (Self, bool);
    /// std's `checked_div`.
    fn checked_div(self, rhs: Self) -> Option<Self>;
    /// std's `checked_rem`.
    fn checked_rem(self, rhs: Self) -> Option<Self>;
    /// std's `saturating_add`.
    fn saturating_add(self, rhs: Self) -> Self;
    /// std's `saturating_sub`.
    fn saturating_sub(self, rhs: Self) -> Self;
    /// std's `saturating_mul`.
    fn saturating_mul(self, rhs: Self) -> Self;
    /// std's `saturating_pow`.
    fn saturating_pow(self, exp: u32) -> Self;
    /// std's `abs_diff`.
    fn abs_diff(self, rhs: Self) -> Self::Unsigned;

    /// Raises the type's own `+` overflow: a panic with std's message when
    /// overflow checks are on in this crate's build, nothing otherwise.
    fn raise_add();
    /// As [`raise_add`](Self::raise_add), for `-`.
    fn raise_sub();
    /// As [`raise_add`](Self::raise_add), for `*`.
    fn raise_mul();
    /// As [`raise_add`](Self::raise_add), for `<<`.
    fn raise_shl();
    /// As [`raise_add`](Self::raise_add), for `>>`.
    fn raise_shr();
}

macro_rules! code {
    ($t:ty, $bits:ty, $raw:ty, $name:literal, $signed:literal, $inverse:ident) => {
        impl Sealed for $t {}
        impl Code for $t {
            type Raw = $raw;
            const NAME: &'static str = $name;
            const BITS: u32 = <$t>::BITS;
            const SIGNED: bool = $signed;
            const A: $raw = super::A as $raw;
            const A_INV: $raw = $inverse(super::A as $raw);
            const M: $raw = (super::A as $raw) << <$t>::BITS;
            const VALUE_MAX: $raw = <$bits>::MAX as $raw;
            const HIGH: $raw = !(<$bits>::MAX as $raw);
            #[inline(always)]
            fn to_bits(self) -> $raw {
                self as $bits as $raw
            }
            #[inline(always)]
            fn from_bits(bits: $raw) -> Self {
                bits as $bits as $t
            }
        }
    };
}

/// The stored word of the bit pattern `$bits` of a `$t`: `A·bits − M`
/// modulo the raw width (a const expression).
macro_rules! stored_word {
    ($bits:expr, $t:ty, $raw:ty) => {
        ($bits as $raw * super::A as $raw).wrapping_sub(<$t as Code>::M)
    };
}

macro_rules! int {
    ($($t:ty, $unsigned:ty, $raw:ty, $name:literal, $signed:literal, $inverse:ident, $store:ident;)*) => {$(
        code!($t, $unsigned, $raw, $name, $signed, $inverse);

        #[allow(clippy::cast_lossless, clippy::unnecessary_cast)]
        impl Int for $t {
            type Unsigned = $unsigned;
            const ZERO_STORED: <$raw as Raw>::Stored = $store(stored_word!(0, $t, $raw));
            const ONE_STORED: <$raw as Raw>::Stored = $store(stored_word!(1, $t, $raw));
            const MIN_STORED: <$raw as Raw>::Stored =
                $store(stored_word!(<$t>::MIN as $unsigned as $raw, $t, $raw));
            const MAX_STORED: <$raw as Raw>::Stored =
                $store(stored_word!(<$t>::MAX as $unsigned as $raw, $t, $raw));

            #[inline(always)]
            fn overflowing_add(self, rhs: Self) -> (Self, bool) {
                <$t>::overflowing_add(self, rhs)
            }
            #[inline(always)]
            fn overflowing_sub(self, rhs: Self) -> (Self, bool) {
                <$t>::overflowing_sub(self, rhs)
            }
            #[inline(always)]
            fn overflowing_mul(self, rhs: Self) -> (Self, bool) {
                <$t>::overflowing_mul(self, rhs)
            }
            #[inline(always)]
            fn overflowing_pow(self, exp: u32) -> (Self, bool) {
                <$t>::overflowing_pow(self, exp)
            }
            #[inline(always)]
            fn checked_div(self, rhs: Self) -> Option<Self> {
                <$t>::checked_div(self, rhs)
            }
            #[inline(always)]
            fn checked_rem(self, rhs: Self) -> Option<Self> {
                <$t>::checked_rem(self, rhs)
            }
            #[inline(always)]
            fn saturating_add(self, rhs: Self) -> Self {
                <$t>::saturating_add(self, rhs)
            }
            #[inline(always)]
            fn saturating_sub(self, rhs: Self) -> Self {
                <$t>::saturating_sub(self, rhs)
            }
            #[inline(always)]
            fn saturating_mul(self, rhs: Self) -> Self {
                <$t>::saturating_mul(self, rhs)
            }
            #[inline(always)]
            fn saturating_pow(self, exp: u32) -> Self {
                <$t>::saturating_pow(self, exp)
            }
            #[inline(always)]
            fn abs_diff(self, rhs: Self) -> $unsigned {
                <$t>::abs_diff(self, rhs)
            }

            #[cold]
            #[track_caller]
            fn raise_add() {
                let _ = black_box(<$t>::MAX) + black_box(1);
            }
            #[cold]
            #[track_caller]
            fn raise_sub() {
                let _ = black_box(<$t>::MIN) - black_box(1);
            }
            #[cold]
            #[track_caller]
            fn raise_mul() {
                let _ = black_box(<$t>::MAX) * black_box(2);
            }
            #[cold]
            #[track_caller]
            fn raise_shl() {
                let _ = black_box(1 as $t) << black_box(<$t>::BITS);
            }
            #[cold]
            #[track_caller]
            fn raise_shr() {
                let _ = black_box(1 as $t) >> black_box(<$t>::BITS);
            }
        }
    )*};
}

use inverse_mod_2_64 as in_u64;
use inverse_mod_2_128 as in_u128;

int! {
    u8, u8, u64, "u8", false, in_u64, nonzero_64;
    u16, u16, u64, "u16", false, in_u64, nonzero_64;
    u32, u32, u64, "u32", false, in_u64, nonzero_64;
    u64, u64, u128, "u64", false, in_u128, nonzero_128;
    i8, u8, u64, "i8", true, in_u64, nonzero_64;
    i16, u16, u64, "i16", true, in_u64, nonzero_64;
    i32, u32, u64, "i32", true, in_u64, nonzero_64;
    i64, u64, u128, "i64", true, in_u128, nonzero_128;
}

#[cfg(target_pointer_width = "64")]
int! {
    usize, usize, u128, "usize", false, in_u128, nonzero_128;
    isize, usize, u128, "isize", true, in_u128, nonzero_128;
}

#[cfg(not(target_pointer_width = "64"))]
int! {
    usize, usize, u64, "usize", false, in_u64, nonzero_64;
    isize, usize, u64, "isize", true, in_u64, nonzero_64;
}

impl Sealed for bool {}

/// `false` is `0` and `true` is `A`: the check accepts `w·A⁻¹ ≤ 1`, so a
/// flip must carry one code word to the other or to nothing valid.
impl Code for bool {
    type Raw = u64;
    const NAME: &'static str = "bool";
    const BITS: u32 = 1;
    const SIGNED: bool = false;
    const A: u64 = super::A;
    const A_INV: u64 = inverse_mod_2_64(super::A);
    const M: u64 = super::A << 1;
    const VALUE_MAX: u64 = 1;
    const HIGH: u64 = !1;
    #[inline(always)]
    fn to_bits(self) -> u64 {
        u64::from(self)
    }
    #[inline(always)]
    fn from_bits(bits: u64) -> Self {
        bits & 1 != 0
    }
}
