//! What only the signed types have: negation and the sign methods. `-x`
//! and `abs` are encoded subtractions from zero; the sign tests compare
//! code words.

use core::hint::black_box;
use core::ops::Neg;

use super::An;

macro_rules! signed {
    ($($t:ty => $unsigned:ty;)*) => {$(
        impl An<$t> {
            /// std's `overflowing_neg`, encoded: `0 − x`.
            #[inline]
            #[must_use]
            pub fn overflowing_neg(self) -> (Self, bool) {
                Self::ZERO.overflowing_sub(self)
            }

            /// std's `checked_neg`, encoded; checks its operand.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_neg(self) -> Option<Self> {
                match self.checked("checked_neg").overflowing_neg() {
                    (value, false) => Some(value),
                    (_, true) => None,
                }
            }

            /// std's `saturating_neg`, encoded; checks its operand.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn saturating_neg(self) -> Self {
                self.checked_neg().unwrap_or(Self::MAX)
            }

            /// std's `is_negative`, comparing code words.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn is_negative(self) -> bool {
                self < Self::ZERO
            }

            /// std's `is_positive`, comparing code words.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn is_positive(self) -> bool {
                self > Self::ZERO
            }

            /// std's `signum`, comparing code words.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn signum(self) -> Self {
                match self.cmp(&Self::ZERO) {
                    core::cmp::Ordering::Less => Self::encode(-1),
                    core::cmp::Ordering::Equal => Self::ZERO,
                    core::cmp::Ordering::Greater => Self::ONE,
                }
            }

            /// std's `overflowing_abs`, encoded.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn overflowing_abs(self) -> (Self, bool) {
                // Negated whatever the sign, so that it is one operation at
                // the injection point for every value, as in the plain copy.
                let negated = self.overflowing_neg();
                if self.is_negative() { negated } else { (self, false) }
            }

            /// std's `wrapping_abs`, encoded.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn wrapping_abs(self) -> Self {
                self.overflowing_abs().0
            }

            /// std's `checked_abs`, encoded.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn checked_abs(self) -> Option<Self> {
                match self.overflowing_abs() {
                    (value, false) => Some(value),
                    (_, true) => None,
                }
            }

            /// std's `saturating_abs`, encoded.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn saturating_abs(self) -> Self {
                self.checked_abs().unwrap_or(Self::MAX)
            }

            /// std's `abs`: panics or wraps on `MIN` as the type does in this build.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn abs(self) -> Self {
                let (value, overflow) = self.overflowing_abs();
                if overflow {
                    let _ = -black_box(<$t>::MIN);
                }
                value
            }

            /// std's `unsigned_abs`, encoded: the absolute value's word, which
            /// is the unsigned type's word of the same bits.
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn unsigned_abs(self) -> An<$unsigned> {
                An::<$unsigned>::from_raw_trusted(self.wrapping_abs().raw())
            }
        }

        /// `-x`: panics or wraps on `MIN` as the type does in this build.
        impl Neg for An<$t> {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn neg(self) -> Self {
                let (value, overflow) = self.overflowing_neg();
                if overflow {
                    let _ = -black_box(<$t>::MIN);
                }
                value
            }
        }
    )*};
}
signed! {
    i8 => u8;
    i16 => u16;
    i32 => u32;
    i64 => u64;
    isize => usize;
}
