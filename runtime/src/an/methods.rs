//! The std integers' method families, on code words.

use super::code::Int;
use super::raw::Raw;
use super::{An, AnU32, kernel};

impl<T: Int> An<T> {
    /// std's `overflowing_add`, encoded. A signed type's flag comes from
    /// the values (the word is the unsigned one).
    #[inline]
    #[must_use]
    pub fn overflowing_add(self, rhs: Self) -> (Self, bool) {
        let (raw, carry) = kernel::add::<T>(self.raw(), rhs.raw());
        let overflow = if T::SIGNED {
            T::overflowing_add(self.value(), rhs.value()).1
        } else {
            carry
        };
        (Self::result(raw), overflow)
    }

    /// std's `overflowing_sub`, encoded; flags as in
    /// [`overflowing_add`](Self::overflowing_add).
    #[inline]
    #[must_use]
    pub fn overflowing_sub(self, rhs: Self) -> (Self, bool) {
        let (raw, borrow) = kernel::sub::<T>(self.raw(), rhs.raw());
        let overflow = if T::SIGNED {
            T::overflowing_sub(self.value(), rhs.value()).1
        } else {
            borrow
        };
        (Self::result(raw), overflow)
    }

    /// std's `overflowing_mul`, encoded; checks both operands.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn overflowing_mul(self, rhs: Self) -> (Self, bool) {
        let (x, y) = self.checked_values(rhs, "mul");
        let (raw, high) = kernel::mul::<T>(self.raw(), rhs.raw());
        let overflow = if T::SIGNED {
            T::overflowing_mul(x, y).1
        } else {
            high
        };
        (Self::result(raw), overflow)
    }

    /// std's `overflowing_shl`: the amount is taken modulo the width, and the
    /// flag says whether it was the width or more. Checks its operand: a
    /// shift can move an error out of the word.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn overflowing_shl(self, k: u32) -> (Self, bool) {
        (
            Self::result(kernel::shl::<T>(
                self.checked("shl").raw(),
                k & (T::BITS - 1),
            )),
            k >= T::BITS,
        )
    }

    /// std's `overflowing_shr`, as [`overflowing_shl`](Self::overflowing_shl).
    /// Unsigned: on the code word; signed (arithmetic shift): decodes.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn overflowing_shr(self, k: u32) -> (Self, bool) {
        let k_in = k & (T::BITS - 1);
        let raw = if T::SIGNED {
            Self::new(self.decode() >> k_in).raw()
        } else {
            kernel::shr::<T>(self.checked("shr").raw(), k_in)
        };
        (Self::result(raw), k >= T::BITS)
    }

    /// std's `overflowing_pow`, by repeated squaring on code words. Checks
    /// its operand; one result (one injection point), like std's `pow`.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn overflowing_pow(self, exp: u32) -> (Self, bool) {
        let mut base = self.checked("pow").raw();
        let mut acc = Self::ONE.raw();
        let mut overflow = false;
        let mut left = exp;
        while left > 0 {
            if left & 1 == 1 {
                let (product, o) = kernel::mul::<T>(acc, base);
                acc = product;
                overflow |= o;
            }
            left >>= 1;
            if left > 0 {
                let (square, o) = kernel::mul::<T>(base, base);
                base = square;
                overflow |= o;
            }
        }
        if T::SIGNED {
            overflow = T::overflowing_pow(self.value(), exp).1;
        }
        (Self::result(acc), overflow)
    }

    /// std's `checked_div`: `None` for a zero divisor (and, signed, for
    /// `MIN / −1`); checks both operands.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn checked_div(self, rhs: Self) -> Option<Self> {
        let (x, y) = self.checked_values(rhs, "div");
        if T::SIGNED {
            T::checked_div(x, y).map(|q| Self::result(Self::new(q).raw()))
        } else {
            (rhs.raw() != <T::Raw as Raw>::ZERO)
                .then(|| Self::result(kernel::div::<T>(self.raw(), rhs.raw()).0))
        }
    }

    /// std's `checked_rem`, as [`checked_div`](Self::checked_div).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn checked_rem(self, rhs: Self) -> Option<Self> {
        let (x, y) = self.checked_values(rhs, "rem");
        if T::SIGNED {
            T::checked_rem(x, y).map(|r| Self::result(Self::new(r).raw()))
        } else {
            (rhs.raw() != <T::Raw as Raw>::ZERO)
                .then(|| Self::result(kernel::rem::<T>(self.raw(), rhs.raw())))
        }
    }

    /// std's `pow`: panics or wraps on overflow as the type does in this build.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn pow(self, exp: u32) -> Self {
        let (power, overflow) = self.overflowing_pow(exp);
        if overflow {
            T::raise_mul();
        }
        power
    }

    /// std's `min`, comparing code words.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn min(self, other: Self) -> Self {
        core::cmp::Ord::min(self, other)
    }

    /// std's `max`, comparing code words.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn max(self, other: Self) -> Self {
        core::cmp::Ord::max(self, other)
    }

    /// std's `clamp`, comparing code words.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn clamp(self, min: Self, max: Self) -> Self {
        core::cmp::Ord::clamp(self, min, max)
    }

    /// std's `abs_diff`, encoded, in the unsigned type of the same width;
    /// checks both operands. Unsigned: the larger code word less the smaller
    /// is the code word of the difference (no reduction modulo `M`).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn abs_diff(self, other: Self) -> An<T::Unsigned> {
        let (x, y) = self.checked_values(other, "abs_diff");
        if T::SIGNED {
            return An::result(An::new(x.abs_diff(y)).raw());
        }
        let (low, high) = if self.raw() <= other.raw() {
            (self.raw(), other.raw())
        } else {
            (other.raw(), self.raw())
        };
        An::result(high - low)
    }

    /// std's `wrapping_neg`, encoded: `0 − x` modulo 2^N.
    #[inline]
    #[must_use]
    pub fn wrapping_neg(self) -> Self {
        Self::ZERO.wrapping_sub(self)
    }

    /// The value of the word, unchecked (for overflow flags: a wrong flag
    /// comes with an invalid word).
    #[inline(always)]
    fn value(self) -> T {
        T::from_bits(kernel::value::<T>(self.raw()))
    }
}

/// Unsigned types only (as in std).
impl<T: Int<Unsigned = T>> An<T> {
    /// std's `div_ceil`, encoded; checks both operands. One result.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn div_ceil(self, rhs: Self) -> Self {
        self.check_both(rhs, "div_ceil");
        if rhs.raw() == <T::Raw as Raw>::ZERO {
            panic!("attempt to divide by zero");
        }
        Self::result(kernel::div_ceil::<T>(self.raw(), rhs.raw()))
    }

    /// std's `is_multiple_of`, on code words; checks both operands.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn is_multiple_of(self, rhs: Self) -> bool {
        let (x, y) = (
            self.checked("is_multiple_of"),
            rhs.checked("is_multiple_of"),
        );
        if y.raw() == <T::Raw as Raw>::ZERO {
            x.raw() == <T::Raw as Raw>::ZERO
        } else {
            kernel::rem::<T>(x.raw(), y.raw()) == <T::Raw as Raw>::ZERO
        }
    }
}

/// An operand of a method family: a word is checked, a plain amount is not.
trait Operand: Sized {
    type Plain;
    fn checked_operand(self, operation: &'static str) -> Self;
    fn plain(self) -> Self::Plain;
}

impl<T: Int> Operand for An<T> {
    type Plain = T;
    #[inline]
    #[track_caller]
    fn checked_operand(self, operation: &'static str) -> Self {
        self.checked(operation)
    }
    #[inline]
    fn plain(self) -> T {
        self.value()
    }
}

impl Operand for u32 {
    type Plain = u32;
    #[inline]
    fn checked_operand(self, _: &'static str) -> Self {
        self
    }
    #[inline]
    fn plain(self) -> u32 {
        self
    }
}

/// `wrapping_*`, `checked_*` and `saturating_*` from `overflowing_*`. The
/// checked and saturating forms branch on the overflow flag, which an error
/// can flip and a constant result would then hide: they check operands
/// first. An unsigned type saturates to a constant; a signed one to its
/// own saturated result, from the checked values (the bound depends on
/// the signs).
macro_rules! families {
    ($($overflowing:ident => $wrapping:ident $checked:ident $saturating:ident $rhs:ty, $unsigned_bound:expr;)*) => {$(
        impl<T: Int> An<T> {
            #[doc = concat!("std's `", stringify!($wrapping), "`, encoded.")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $wrapping(self, rhs: $rhs) -> Self {
                crate::inject::exchange::method(stringify!($wrapping), self, rhs, |x, y| {
                    x.$overflowing(y).0
                })
            }

            #[doc = concat!("std's `", stringify!($checked), "`, encoded.")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $checked(self, rhs: $rhs) -> Option<Self> {
                let operation = stringify!($checked);
                match self.checked(operation).$overflowing(rhs.checked_operand(operation)) {
                    (value, false) => Some(value),
                    (_, true) => None,
                }
            }

            #[doc = concat!("std's `", stringify!($saturating), "`, encoded.")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $saturating(self, rhs: $rhs) -> Self {
                let operation = stringify!($saturating);
                let rhs = rhs.checked_operand(operation);
                match self.checked(operation).$overflowing(rhs) {
                    (value, false) => value,
                    (_, true) if T::SIGNED => Self::new(T::$saturating(self.value(), rhs.plain())),
                    (_, true) => $unsigned_bound,
                }
            }
        }
    )*};
}
families! {
    overflowing_add => wrapping_add checked_add saturating_add Self, Self::MAX;
    overflowing_sub => wrapping_sub checked_sub saturating_sub Self, Self::MIN;
    overflowing_mul => wrapping_mul checked_mul saturating_mul Self, Self::MAX;
    overflowing_pow => wrapping_pow checked_pow saturating_pow u32, Self::MAX;
}

/// Shifts have no saturating form in std.
macro_rules! shift_families {
    ($($overflowing:ident => $wrapping:ident $checked:ident;)*) => {$(
        impl<T: Int> An<T> {
            #[doc = concat!("std's `", stringify!($wrapping), "`, encoded.")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $wrapping(self, k: u32) -> Self {
                self.$overflowing(k).0
            }

            #[doc = concat!("std's `", stringify!($checked), "`, encoded.")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $checked(self, k: u32) -> Option<Self> {
                match self.$overflowing(k) {
                    (value, false) => Some(value),
                    (_, true) => None,
                }
            }
        }
    )*};
}
shift_families! {
    overflowing_shl => wrapping_shl checked_shl;
    overflowing_shr => wrapping_shr checked_shr;
}

impl<T: Int> An<T> {
    /// std's `overflowing_div`: overflows only for a signed `MIN / −1`
    /// (giving `MIN`); panics on a zero divisor.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn overflowing_div(self, rhs: Self) -> (Self, bool) {
        match self.checked_div(rhs) {
            Some(value) => (value, false),
            None if rhs.raw() == <T::Raw as Raw>::ZERO => panic!("attempt to divide by zero"),
            None => (Self::MIN, true),
        }
    }

    /// std's `wrapping_div`: panics on a zero divisor.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn wrapping_div(self, rhs: Self) -> Self {
        self.overflowing_div(rhs).0
    }

    /// std's `saturating_div`: a signed `MIN / −1` gives `MAX`; panics on
    /// a zero divisor.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn saturating_div(self, rhs: Self) -> Self {
        match self.overflowing_div(rhs) {
            (value, false) => value,
            (_, true) => Self::MAX,
        }
    }

    /// std's `overflowing_rem`: overflows only for a signed `MIN % −1`
    /// (giving 0); panics on a zero divisor.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn overflowing_rem(self, rhs: Self) -> (Self, bool) {
        match self.checked_rem(rhs) {
            Some(value) => (value, false),
            None if rhs.raw() == <T::Raw as Raw>::ZERO => {
                panic!("attempt to calculate the remainder with a divisor of zero")
            }
            None => (Self::ZERO, true),
        }
    }

    /// std's `wrapping_rem`: panics on a zero divisor.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn wrapping_rem(self, rhs: Self) -> Self {
        self.overflowing_rem(rhs).0
    }
}

/// Methods without an AN form: they check, decode, compute in the std type
/// and re-encode (the window the module docs describe).
macro_rules! decoding {
    (@common $($t:ty),*) => {$(
        impl An<$t> {
            /// std's `count_ones`, encoded result (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn count_ones(self) -> AnU32 {
                AnU32::encode(self.decode().count_ones())
            }
            /// std's `count_zeros`, encoded result (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn count_zeros(self) -> AnU32 {
                AnU32::encode(self.decode().count_zeros())
            }
            /// std's `leading_zeros`, encoded result (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn leading_zeros(self) -> AnU32 {
                AnU32::encode(self.decode().leading_zeros())
            }
            /// std's `trailing_zeros`, encoded result (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn trailing_zeros(self) -> AnU32 {
                AnU32::encode(self.decode().trailing_zeros())
            }
            /// std's `leading_ones`, encoded result (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn leading_ones(self) -> AnU32 {
                AnU32::encode(self.decode().leading_ones())
            }
            /// std's `trailing_ones`, encoded result (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn trailing_ones(self) -> AnU32 {
                AnU32::encode(self.decode().trailing_ones())
            }
            /// std's `reverse_bits` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn reverse_bits(self) -> Self {
                Self::encode(self.decode().reverse_bits())
            }
            /// std's `swap_bytes` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn swap_bytes(self) -> Self {
                Self::encode(self.decode().swap_bytes())
            }
            /// std's `rotate_left` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn rotate_left(self, k: u32) -> Self {
                Self::encode(self.decode().rotate_left(k))
            }
            /// std's `rotate_right` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn rotate_right(self, k: u32) -> Self {
                Self::encode(self.decode().rotate_right(k))
            }
            /// std's `ilog2`, encoded result (decodes); panics where std's does.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn ilog2(self) -> AnU32 {
                AnU32::encode(self.decode().ilog2())
            }
            /// std's `checked_ilog2`, encoded result (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_ilog2(self) -> Option<AnU32> {
                self.decode().checked_ilog2().map(AnU32::encode)
            }
            /// std's `ilog10`, encoded result (decodes); panics where std's does.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn ilog10(self) -> AnU32 {
                AnU32::encode(self.decode().ilog10())
            }
            /// std's `isqrt` (decodes); panics where std's does.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn isqrt(self) -> Self {
                Self::encode(self.decode().isqrt())
            }
            /// std's `checked_ilog10`, encoded result (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_ilog10(self) -> Option<AnU32> {
                self.decode().checked_ilog10().map(AnU32::encode)
            }
            /// std's `ilog`, encoded result (decodes); panics where std's does.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn ilog(self, base: Self) -> AnU32 {
                AnU32::encode(self.decode().ilog(base.decode()))
            }
            /// std's `checked_ilog`, encoded result (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_ilog(self, base: Self) -> Option<AnU32> {
                self.decode().checked_ilog(base.decode()).map(AnU32::encode)
            }
            /// std's `midpoint` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn midpoint(self, rhs: Self) -> Self {
                Self::encode(self.decode().midpoint(rhs.decode()))
            }
            /// std's `from_str_radix`, encoded: the same errors.
            #[inline]
            pub fn from_str_radix(src: &str, radix: u32) -> Result<Self, core::num::ParseIntError> {
                <$t>::from_str_radix(src, radix).map(Self::encode)
            }
        }
    )*};
    (@unsigned $($t:ty),*) => {$(
        decoding!(@common $t);
        impl An<$t> {
            /// std's `is_power_of_two` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn is_power_of_two(self) -> bool {
                self.decode().is_power_of_two()
            }
            /// std's `next_power_of_two` (decodes): on overflow it panics or
            /// wraps to 0 as std's does in this build.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn next_power_of_two(self) -> Self {
                Self::encode(self.decode().next_power_of_two())
            }
            /// std's `checked_next_power_of_two` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_next_power_of_two(self) -> Option<Self> {
                self.decode().checked_next_power_of_two().map(Self::encode)
            }
            /// std's `checked_neg`: `Some(0)` for 0, `None` otherwise.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_neg(self) -> Option<Self> {
                (self == Self::ZERO).then_some(self)
            }
            /// std's `overflowing_neg`, encoded: `0 − x`, overflowing unless `x` is 0.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn overflowing_neg(self) -> (Self, bool) {
                (self.wrapping_neg(), self != Self::ZERO)
            }
        }
    )*};
}
decoding!(@unsigned u8, u16, u32, u64, usize);
decoding!(@common i8, i16, i32, i64, isize);

/// Euclidean division, decoding: `decoding!`'s window, with std's panics
/// (a zero divisor, a signed `MIN / −1`).
macro_rules! euclid {
    ($($t:ty),*) => {$(
        impl An<$t> {
            /// std's `div_euclid` (decodes); panics where std's does.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn div_euclid(self, rhs: Self) -> Self {
                Self::encode(self.decode().div_euclid(rhs.decode()))
            }
            /// std's `rem_euclid` (decodes); panics where std's does.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn rem_euclid(self, rhs: Self) -> Self {
                Self::encode(self.decode().rem_euclid(rhs.decode()))
            }
            /// std's `checked_div_euclid` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_div_euclid(self, rhs: Self) -> Option<Self> {
                self.decode().checked_div_euclid(rhs.decode()).map(Self::encode)
            }
            /// std's `checked_rem_euclid` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_rem_euclid(self, rhs: Self) -> Option<Self> {
                self.decode().checked_rem_euclid(rhs.decode()).map(Self::encode)
            }
            /// std's `wrapping_div_euclid` (decodes); panics on a zero divisor.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn wrapping_div_euclid(self, rhs: Self) -> Self {
                Self::encode(self.decode().wrapping_div_euclid(rhs.decode()))
            }
            /// std's `wrapping_rem_euclid` (decodes); panics on a zero divisor.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn wrapping_rem_euclid(self, rhs: Self) -> Self {
                Self::encode(self.decode().wrapping_rem_euclid(rhs.decode()))
            }
            /// std's `overflowing_div_euclid` (decodes); panics on a zero divisor.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn overflowing_div_euclid(self, rhs: Self) -> (Self, bool) {
                let (q, overflow) = self.decode().overflowing_div_euclid(rhs.decode());
                (Self::encode(q), overflow)
            }
            /// std's `overflowing_rem_euclid` (decodes); panics on a zero divisor.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn overflowing_rem_euclid(self, rhs: Self) -> (Self, bool) {
                let (r, overflow) = self.decode().overflowing_rem_euclid(rhs.decode());
                (Self::encode(r), overflow)
            }
        }
    )*};
}
euclid!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

/// The methods between an unsigned type and its signed twin, decoding:
/// `u64::checked_add_signed(i64)`, `cast_signed`, `next_multiple_of`.
macro_rules! twins {
    ($($u:ty, $i:ty;)*) => {$(
        impl An<$u> {
            /// std's `checked_add_signed` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_add_signed(self, rhs: An<$i>) -> Option<Self> {
                self.decode().checked_add_signed(rhs.decode()).map(Self::encode)
            }
            /// std's `wrapping_add_signed` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn wrapping_add_signed(self, rhs: An<$i>) -> Self {
                Self::encode(self.decode().wrapping_add_signed(rhs.decode()))
            }
            /// std's `saturating_add_signed` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn saturating_add_signed(self, rhs: An<$i>) -> Self {
                Self::encode(self.decode().saturating_add_signed(rhs.decode()))
            }
            /// std's `overflowing_add_signed` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn overflowing_add_signed(self, rhs: An<$i>) -> (Self, bool) {
                let (sum, overflow) = self.decode().overflowing_add_signed(rhs.decode());
                (Self::encode(sum), overflow)
            }
            /// std's `cast_signed` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn cast_signed(self) -> An<$i> {
                An::<$i>::encode(self.decode().cast_signed())
            }
            /// std's `next_multiple_of` (decodes); panics where std's does.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn next_multiple_of(self, rhs: Self) -> Self {
                Self::encode(self.decode().next_multiple_of(rhs.decode()))
            }
            /// std's `checked_next_multiple_of` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_next_multiple_of(self, rhs: Self) -> Option<Self> {
                self.decode().checked_next_multiple_of(rhs.decode()).map(Self::encode)
            }
        }
        impl An<$i> {
            /// std's `checked_add_unsigned` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_add_unsigned(self, rhs: An<$u>) -> Option<Self> {
                self.decode().checked_add_unsigned(rhs.decode()).map(Self::encode)
            }
            /// std's `checked_sub_unsigned` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_sub_unsigned(self, rhs: An<$u>) -> Option<Self> {
                self.decode().checked_sub_unsigned(rhs.decode()).map(Self::encode)
            }
            /// std's `wrapping_add_unsigned` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn wrapping_add_unsigned(self, rhs: An<$u>) -> Self {
                Self::encode(self.decode().wrapping_add_unsigned(rhs.decode()))
            }
            /// std's `saturating_add_unsigned` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn saturating_add_unsigned(self, rhs: An<$u>) -> Self {
                Self::encode(self.decode().saturating_add_unsigned(rhs.decode()))
            }
            /// std's `cast_unsigned` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn cast_unsigned(self) -> An<$u> {
                An::<$u>::encode(self.decode().cast_unsigned())
            }
        }
    )*};
}
twins! {
    u8, i8;
    u16, i16;
    u32, i32;
    u64, i64;
    usize, isize;
}

/// `u8`'s ASCII methods, on an encoded byte (decoding).
macro_rules! ascii {
    (predicates $($name:ident),*; maps $($map:ident),*) => {
        impl An<u8> {
            $(
                #[doc = concat!("std's `u8::", stringify!($name), "` (decodes).")]
                #[inline]
                #[must_use]
                #[track_caller]
                pub fn $name(&self) -> bool {
                    self.decode().$name()
                }
            )*
            $(
                #[doc = concat!("std's `u8::", stringify!($map), "` (decodes).")]
                #[inline]
                #[must_use]
                #[track_caller]
                pub fn $map(&self) -> Self {
                    Self::encode(self.decode().$map())
                }
            )*
            /// std's `u8::eq_ignore_ascii_case` (decodes).
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn eq_ignore_ascii_case(&self, other: &Self) -> bool {
                self.decode().eq_ignore_ascii_case(&other.decode())
            }
        }
    };
}
ascii! {
    predicates is_ascii, is_ascii_alphabetic, is_ascii_uppercase, is_ascii_lowercase,
        is_ascii_alphanumeric, is_ascii_digit, is_ascii_hexdigit, is_ascii_punctuation,
        is_ascii_graphic, is_ascii_whitespace, is_ascii_control;
    maps to_ascii_uppercase, to_ascii_lowercase
}

/// `iter.sum()` over encoded words, with `+`'s overflow behaviour.
impl<T: Int> core::iter::Sum for An<T> {
    #[track_caller]
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, |total, x| total + x)
    }
}

impl<'a, T: Int> core::iter::Sum<&'a An<T>> for An<T> {
    #[track_caller]
    fn sum<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.copied().sum()
    }
}

/// `iter.product()` over encoded words, with `*`'s overflow behaviour.
impl<T: Int> core::iter::Product for An<T> {
    #[track_caller]
    fn product<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ONE, |total, x| total * x)
    }
}

impl<'a, T: Int> core::iter::Product<&'a An<T>> for An<T> {
    #[track_caller]
    fn product<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
        iter.copied().product()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::AnU32;

    proptest! {
        #[test]
        fn decoding_methods_agree_with_u32(x in any::<u32>(), y in any::<u32>(), base in 2u32..40) {
            let (a, b) = (AnU32::encode(x), AnU32::encode(y));
            prop_assert_eq!(a.count_zeros().decode(), x.count_zeros());
            prop_assert_eq!(a.checked_ilog10().map(AnU32::decode), x.checked_ilog10());
            prop_assert_eq!(a.checked_ilog(AnU32::encode(base)).map(AnU32::decode), x.checked_ilog(base));
            prop_assert_eq!(a.checked_neg().map(AnU32::decode), x.checked_neg());
            let (neg, overflow) = a.overflowing_neg();
            prop_assert_eq!((neg.decode(), overflow), x.overflowing_neg());
            prop_assert_eq!(a.midpoint(b).decode(), x.midpoint(y));
            if x > 0 {
                prop_assert_eq!(a.ilog10().decode(), x.ilog10());
                prop_assert_eq!(a.ilog(AnU32::encode(base)).decode(), x.ilog(base));
            }
        }
    }
}
