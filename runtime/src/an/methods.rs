//! u32's method families, on code words.

use super::ops::overflow;
use super::{AnU32, kernel};

impl AnU32 {
    /// u32's `overflowing_add`, encoded.
    #[inline]
    #[must_use]
    pub fn overflowing_add(self, rhs: Self) -> (Self, bool) {
        let (raw, overflow) = kernel::add(self.raw, rhs.raw);
        (Self::result(raw), overflow)
    }

    /// u32's `overflowing_sub`, encoded.
    #[inline]
    #[must_use]
    pub fn overflowing_sub(self, rhs: Self) -> (Self, bool) {
        let (raw, overflow) = kernel::sub(self.raw, rhs.raw);
        (Self::result(raw), overflow)
    }

    /// u32's `overflowing_mul`, encoded; checks both operands.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn overflowing_mul(self, rhs: Self) -> (Self, bool) {
        self.check_both(rhs, "mul");
        let (raw, overflow) = kernel::mul(self.raw, rhs.raw);
        (Self::result(raw), overflow)
    }

    /// u32's `overflowing_shl`: the amount is taken modulo 32, and the flag
    /// says whether it was 32 or more. Checks its operand: a shift can move
    /// an error out of the word.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn overflowing_shl(self, k: u32) -> (Self, bool) {
        (
            Self::result(kernel::shl(self.checked("shl").raw, k & 31)),
            k >= 32,
        )
    }

    /// u32's `overflowing_shr`: the amount is taken modulo 32, and the flag
    /// says whether it was 32 or more. Checks its operand: the exact division
    /// would round an error away.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn overflowing_shr(self, k: u32) -> (Self, bool) {
        (
            Self::result(kernel::shr(self.checked("shr").raw, k & 31)),
            k >= 32,
        )
    }

    /// u32's `overflowing_pow`, by repeated squaring on code words. Checks
    /// its operand; one result (one injection point), like u32's `pow`.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn overflowing_pow(self, mut exp: u32) -> (Self, bool) {
        let mut base = self.checked("pow").raw;
        let mut acc = Self::ONE.raw;
        let mut overflow = false;
        while exp > 0 {
            if exp & 1 == 1 {
                let (product, o) = kernel::mul(acc, base);
                acc = product;
                overflow |= o;
            }
            exp >>= 1;
            if exp > 0 {
                let (square, o) = kernel::mul(base, base);
                base = square;
                overflow |= o;
            }
        }
        (Self::result(acc), overflow)
    }

    /// u32's `checked_div`: `None` for a zero divisor; checks both operands.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn checked_div(self, rhs: Self) -> Option<Self> {
        self.check_both(rhs, "div");
        (rhs.raw != 0).then(|| Self::result(kernel::div(self.raw, rhs.raw)))
    }

    /// u32's `checked_rem`: `None` for a zero divisor; checks both operands.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn checked_rem(self, rhs: Self) -> Option<Self> {
        self.check_both(rhs, "rem");
        (rhs.raw != 0).then(|| Self::result(kernel::rem(self.raw, rhs.raw)))
    }

    /// u32's `pow`: panics or wraps on overflow as u32 does in this build.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn pow(self, exp: u32) -> Self {
        let (power, overflow) = self.overflowing_pow(exp);
        if overflow {
            overflow::mul();
        }
        power
    }

    /// u32's `min`, comparing code words.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn min(self, other: Self) -> Self {
        core::cmp::Ord::min(self, other)
    }

    /// u32's `max`, comparing code words.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn max(self, other: Self) -> Self {
        core::cmp::Ord::max(self, other)
    }

    /// u32's `clamp`, comparing code words.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn clamp(self, min: Self, max: Self) -> Self {
        core::cmp::Ord::clamp(self, min, max)
    }

    /// u32's `abs_diff`, encoded; checks both operands. The larger code
    /// word less the smaller is the code word of the difference: no
    /// reduction modulo `M`.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn abs_diff(self, other: Self) -> Self {
        self.check_both(other, "abs_diff");
        let (low, high) = if self.raw <= other.raw {
            (self.raw, other.raw)
        } else {
            (other.raw, self.raw)
        };
        Self::result(high - low)
    }

    /// u32's `is_power_of_two` (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn is_power_of_two(self) -> bool {
        self.decode().is_power_of_two()
    }

    /// u32's `count_ones`, encoded result (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn count_ones(self) -> Self {
        Self::encode(self.decode().count_ones())
    }

    /// u32's `leading_zeros`, encoded result (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn leading_zeros(self) -> Self {
        Self::encode(self.decode().leading_zeros())
    }

    /// u32's `trailing_zeros`, encoded result (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn trailing_zeros(self) -> Self {
        Self::encode(self.decode().trailing_zeros())
    }

    /// u32's `leading_ones`, encoded result (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn leading_ones(self) -> Self {
        Self::encode(self.decode().leading_ones())
    }

    /// u32's `trailing_ones`, encoded result (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn trailing_ones(self) -> Self {
        Self::encode(self.decode().trailing_ones())
    }

    /// u32's `reverse_bits` (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn reverse_bits(self) -> Self {
        Self::encode(self.decode().reverse_bits())
    }

    /// u32's `next_power_of_two` (decodes): on overflow it panics or wraps
    /// to 0 as u32's does in this build.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn next_power_of_two(self) -> Self {
        Self::encode(self.decode().next_power_of_two())
    }

    /// u32's `checked_next_power_of_two` (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn checked_next_power_of_two(self) -> Option<Self> {
        self.decode().checked_next_power_of_two().map(Self::encode)
    }

    /// u32's `wrapping_neg`, encoded: `0 − x` modulo 2^32.
    #[inline]
    #[must_use]
    pub fn wrapping_neg(self) -> Self {
        Self::ZERO.wrapping_sub(self)
    }

    /// u32's `ilog2`, encoded result (decodes); panics on 0 as u32's does.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn ilog2(self) -> Self {
        Self::encode(self.decode().ilog2())
    }

    /// u32's `checked_ilog2`, encoded result (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn checked_ilog2(self) -> Option<Self> {
        self.decode().checked_ilog2().map(Self::encode)
    }

    /// u32's `isqrt` (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn isqrt(self) -> Self {
        Self::encode(self.decode().isqrt())
    }

    /// u32's `rotate_left` (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn rotate_left(self, k: u32) -> Self {
        Self::encode(self.decode().rotate_left(k))
    }

    /// u32's `rotate_right` (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn rotate_right(self, k: u32) -> Self {
        Self::encode(self.decode().rotate_right(k))
    }

    /// u32's `swap_bytes` (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn swap_bytes(self) -> Self {
        Self::encode(self.decode().swap_bytes())
    }

    /// u32's `div_ceil`, encoded; checks both operands. One result.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn div_ceil(self, rhs: Self) -> Self {
        let (x, y) = (self.checked("div_ceil"), rhs.checked("div_ceil"));
        if y.raw == 0 {
            panic!("attempt to divide by zero");
        }
        let quotient = kernel::div(x.raw, y.raw);
        // ⌈x/y⌉ ≤ x: adding A cannot leave the code's range.
        let up = if kernel::rem(x.raw, y.raw) == 0 {
            0
        } else {
            Self::A
        };
        Self::result(quotient + up)
    }

    /// u32's `is_multiple_of`, on code words; checks both operands.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn is_multiple_of(self, rhs: Self) -> bool {
        let (x, y) = (
            self.checked("is_multiple_of"),
            rhs.checked("is_multiple_of"),
        );
        if y.raw == 0 {
            x.raw == 0
        } else {
            kernel::rem(x.raw, y.raw) == 0
        }
    }
}

/// An operand of a method family: a word is checked, a plain amount is not.
trait Operand: Sized {
    fn checked_operand(self, operation: &'static str) -> Self;
}

impl Operand for AnU32 {
    #[inline]
    #[track_caller]
    fn checked_operand(self, operation: &'static str) -> Self {
        self.checked(operation)
    }
}

impl Operand for u32 {
    #[inline]
    fn checked_operand(self, _: &'static str) -> Self {
        self
    }
}

/// `wrapping_*`, `checked_*` and `saturating_*` from `overflowing_*`. The
/// checked and saturating forms branch on the overflow flag, which an error
/// can flip and a constant result would then hide: they check operands first.
macro_rules! families {
    ($($overflowing:ident => $wrapping:ident $checked:ident $saturating:ident $rhs:ty, $saturate_to:expr;)*) => {$(
        impl AnU32 {
            #[doc = concat!("u32's `", stringify!($wrapping), "`, encoded.")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $wrapping(self, rhs: $rhs) -> Self {
                self.$overflowing(rhs).0
            }

            #[doc = concat!("u32's `", stringify!($checked), "`, encoded.")]
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

            #[doc = concat!("u32's `", stringify!($saturating), "`, encoded.")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $saturating(self, rhs: $rhs) -> Self {
                let operation = stringify!($saturating);
                match self.checked(operation).$overflowing(rhs.checked_operand(operation)) {
                    (value, false) => value,
                    (_, true) => $saturate_to,
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

/// Shifts have no saturating form in u32.
macro_rules! shift_families {
    ($($overflowing:ident => $wrapping:ident $checked:ident;)*) => {$(
        impl AnU32 {
            #[doc = concat!("u32's `", stringify!($wrapping), "`, encoded.")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $wrapping(self, k: u32) -> Self {
                self.$overflowing(k).0
            }

            #[doc = concat!("u32's `", stringify!($checked), "`, encoded.")]
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

/// Division cannot overflow in u32: its families only differ on a zero divisor.
macro_rules! division_families {
    ($($checked:ident => $wrapping:ident $overflowing:ident $saturating:ident;)*) => {$(
        impl AnU32 {
            #[doc = concat!("u32's `", stringify!($wrapping), "`: panics on a zero divisor.")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $wrapping(self, rhs: Self) -> Self {
                self.$overflowing(rhs).0
            }

            #[doc = concat!("u32's `", stringify!($overflowing), "`: never overflows; panics on a zero divisor.")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $overflowing(self, rhs: Self) -> (Self, bool) {
                match self.$checked(rhs) {
                    Some(value) => (value, false),
                    None => panic!("attempt to divide by zero"),
                }
            }

            #[doc = concat!("u32's `", stringify!($saturating), "`: panics on a zero divisor.")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $saturating(self, rhs: Self) -> Self {
                self.$overflowing(rhs).0
            }
        }
    )*};
}
division_families! {
    checked_div => wrapping_div overflowing_div saturating_div;
}

impl AnU32 {
    /// u32's `wrapping_rem`: panics on a zero divisor.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn wrapping_rem(self, rhs: Self) -> Self {
        self % rhs
    }

    /// u32's `overflowing_rem`: never overflows; panics on a zero divisor.
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn overflowing_rem(self, rhs: Self) -> (Self, bool) {
        (self % rhs, false)
    }
}

/// `iter.sum()` over encoded words, with `+`'s overflow behaviour.
impl core::iter::Sum for AnU32 {
    #[track_caller]
    fn sum<I: Iterator<Item = AnU32>>(iter: I) -> AnU32 {
        iter.fold(AnU32::ZERO, |total, x| total + x)
    }
}

impl<'a> core::iter::Sum<&'a AnU32> for AnU32 {
    #[track_caller]
    fn sum<I: Iterator<Item = &'a AnU32>>(iter: I) -> AnU32 {
        iter.copied().sum()
    }
}

/// `iter.product()` over encoded words, with `*`'s overflow behaviour.
impl core::iter::Product for AnU32 {
    #[track_caller]
    fn product<I: Iterator<Item = AnU32>>(iter: I) -> AnU32 {
        iter.fold(AnU32::ONE, |total, x| total * x)
    }
}

impl<'a> core::iter::Product<&'a AnU32> for AnU32 {
    #[track_caller]
    fn product<I: Iterator<Item = &'a AnU32>>(iter: I) -> AnU32 {
        iter.copied().product()
    }
}
