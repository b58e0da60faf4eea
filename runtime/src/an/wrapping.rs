//! `Wrapping<T>`: std's `core::num::Wrapping`, for `AnU32` too. std's has
//! its operators for std's integers only, and a foreign crate may not add
//! them for `Wrapping<AnU32>`, so `#[an_encode]` names this one in encoded
//! code (`std::num::Wrapping<u32>` becomes `anguard::an::Wrapping<AnU32>`).
//! It has std's operators with std's meaning for std's integers and for
//! [`AnU32`], whose `wrapping_*` methods compute on code words.

use core::fmt;
use core::iter::Sum;
use core::ops::{
    Add, AddAssign, BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Div, DivAssign,
    Mul, MulAssign, Neg, Not, Rem, RemAssign, Shl, ShlAssign, Shr, ShrAssign, Sub, SubAssign,
};

use super::{AnI8, AnI16, AnI32, AnI64, AnIsize, AnU8, AnU16, AnU32, AnU64, AnUsize};

/// Intentionally wrapped arithmetic on `T`, as `core::num::Wrapping<T>`.
///
/// ```
/// use anguard::AnU32;
/// use anguard::an::Wrapping;
///
/// let x = Wrapping(AnU32::MAX) + Wrapping(AnU32::encode(2));
/// assert_eq!(x.0.decode(), 1);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Wrapping<T>(pub T);

macro_rules! formatted {
    ($($trait:ident),*) => {$(
        impl<T: fmt::$trait> fmt::$trait for Wrapping<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}
formatted!(Display, Debug, LowerHex, UpperHex, Binary, Octal);

macro_rules! wrapping_ops {
    ($($t:ty),*) => {$(
        // Each operator through the method of `$t` that wraps (bitwise
        // operators cannot overflow: their own).
        wrapping_ops!(@binary $t;
            Add add AddAssign add_assign wrapping_add,
            Sub sub SubAssign sub_assign wrapping_sub,
            Mul mul MulAssign mul_assign wrapping_mul,
            Div div DivAssign div_assign wrapping_div,
            Rem rem RemAssign rem_assign wrapping_rem,
            BitAnd bitand BitAndAssign bitand_assign bitand,
            BitOr bitor BitOrAssign bitor_assign bitor,
            BitXor bitxor BitXorAssign bitxor_assign bitxor);
        wrapping_ops!(@shift $t;
            Shl shl ShlAssign shl_assign wrapping_shl,
            Shr shr ShrAssign shr_assign wrapping_shr);

        impl Not for Wrapping<$t> {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn not(self) -> Self {
                Wrapping(!self.0)
            }
        }

        impl Neg for Wrapping<$t> {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn neg(self) -> Self {
                Wrapping(self.0.wrapping_neg())
            }
        }

        impl Sum for Wrapping<$t> {
            #[track_caller]
            fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
                iter.fold(Self::default(), |total, x| total + x)
            }
        }
    )*};
    (@binary $t:ty; $($trait:ident $method:ident $assign:ident $assign_method:ident $wrapping:ident),*) => {$(
        impl $trait for Wrapping<$t> {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: Self) -> Self {
                Wrapping(self.0.$wrapping(rhs.0))
            }
        }
        impl $assign for Wrapping<$t> {
            #[inline]
            #[track_caller]
            fn $assign_method(&mut self, rhs: Self) {
                *self = $trait::$method(*self, rhs);
            }
        }
    )*};
    // std shifts a `Wrapping` by a `usize`, taken modulo the width.
    (@shift $t:ty; $($trait:ident $method:ident $assign:ident $assign_method:ident $wrapping:ident),*) => {$(
        impl $trait<usize> for Wrapping<$t> {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn $method(self, k: usize) -> Self {
                Wrapping(self.0.$wrapping(k as u32))
            }
        }
        impl $assign<usize> for Wrapping<$t> {
            #[inline]
            #[track_caller]
            fn $assign_method(&mut self, k: usize) {
                *self = $trait::$method(*self, k);
            }
        }
    )*};
}
wrapping_ops!(
    AnU8, AnU16, AnU32, AnU64, AnUsize, AnI8, AnI16, AnI32, AnI64, AnIsize, u8, u16, u32, u64,
    u128, usize, i8, i16, i32, i64, i128, isize
);

#[cfg(test)]
mod tests {
    use core::num::Wrapping as Std;

    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn encoded_wrapping_computes_as_std_does(x in any::<u32>(), y in any::<u32>(), k in 0usize..100) {
            let (a, b) = (Wrapping(AnU32::encode(x)), Wrapping(AnU32::encode(y)));
            let (p, q) = (Std(x), Std(y));
            let decoded = |w: Wrapping<AnU32>| w.0.decode();
            prop_assert_eq!(decoded(a + b), (p + q).0);
            prop_assert_eq!(decoded(a - b), (p - q).0);
            prop_assert_eq!(decoded(a * b), (p * q).0);
            prop_assert_eq!(decoded(a & b), (p & q).0);
            prop_assert_eq!(decoded(a | b), (p | q).0);
            prop_assert_eq!(decoded(a ^ b), (p ^ q).0);
            prop_assert_eq!(decoded(!a), (!p).0);
            prop_assert_eq!(decoded(-a), (-p).0);
            prop_assert_eq!(decoded(a << k), (p << k).0);
            prop_assert_eq!(decoded(a >> k), (p >> k).0);
            if y != 0 {
                prop_assert_eq!(decoded(a / b), (p / q).0);
                prop_assert_eq!(decoded(a % b), (p % q).0);
            }
            let mut c = a;
            c += b;
            c *= b;
            c ^= a;
            c <<= k;
            let mut r = p;
            r += q;
            r *= q;
            r ^= p;
            r <<= k;
            prop_assert_eq!(decoded(c), r.0);
            prop_assert_eq!(format!("{a:?} {a}"), format!("{p:?} {p}"));
            prop_assert_eq!(decoded([a, b].into_iter().sum()), [p, q].into_iter().sum::<Std<u32>>().0);
        }

        #[test]
        fn std_integers_wrap_as_std_does(x in any::<u64>(), y in any::<u64>(), k in 0usize..200) {
            prop_assert_eq!((Wrapping(x) * Wrapping(y)).0, (Std(x) * Std(y)).0);
            prop_assert_eq!((Wrapping(x) >> k).0, (Std(x) >> k).0);
            prop_assert_eq!((-Wrapping(x as i8)).0, (-Std(x as i8)).0);
        }
    }
}
