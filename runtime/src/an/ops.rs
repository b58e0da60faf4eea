//! std operator traits. Each binary operator also takes the plain type on
//! the right (encoded at once), so that `x + 1` infers its literal as the
//! word's type; there is deliberately no second integer impl, which would
//! break that inference.

use core::ops::{
    Add, AddAssign, BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Div, DivAssign,
    Mul, MulAssign, Not, Rem, RemAssign, Shl, ShlAssign, Shr, ShrAssign, Sub, SubAssign,
};

use super::code::{Code, Int};
use super::raw::Raw;
use super::{An, kernel};
use crate::inject::exchange::{Op, point};

impl<T: Int> Add for An<T> {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn add(self, rhs: Self) -> Self {
        point(Op::Add, self, rhs, |x, y| {
            let (sum, overflow) = x.overflowing_add(y);
            if overflow {
                T::raise_add();
            }
            sum
        })
    }
}

impl<T: Int> Sub for An<T> {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn sub(self, rhs: Self) -> Self {
        point(Op::Sub, self, rhs, |x, y| {
            let (difference, overflow) = x.overflowing_sub(y);
            if overflow {
                T::raise_sub();
            }
            difference
        })
    }
}

impl<T: Int> Mul for An<T> {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn mul(self, rhs: Self) -> Self {
        point(Op::Mul, self, rhs, |x, y| {
            let (product, overflow) = x.overflowing_mul(y);
            if overflow {
                T::raise_mul();
            }
            product
        })
    }
}

/// Signed division decodes, and `MIN / −1` panics with std's message (it
/// does in every build).
impl<T: Int> Div for An<T> {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn div(self, rhs: Self) -> Self {
        point(Op::Div, self, rhs, |dividend, divisor| {
            if T::SIGNED {
                let (x, y) = dividend.checked_values(divisor, "div");
                return Self::result(Self::new(x / y).raw());
            }
            match dividend.checked_div(divisor) {
                Some(quotient) => quotient,
                None => panic!("attempt to divide by zero"),
            }
        })
    }
}

impl<T: Int> Rem for An<T> {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn rem(self, rhs: Self) -> Self {
        point(Op::Rem, self, rhs, |dividend, divisor| {
            if T::SIGNED {
                let (x, y) = dividend.checked_values(divisor, "rem");
                return Self::result(Self::new(x % y).raw());
            }
            match dividend.checked_rem(divisor) {
                Some(remainder) => remainder,
                None => panic!("attempt to calculate the remainder with a divisor of zero"),
            }
        })
    }
}

impl<T: Int> Not for An<T> {
    type Output = Self;
    #[inline]
    fn not(self) -> Self {
        Self::result(kernel::not::<T>(self.raw()))
    }
}

/// `!b`: the other of the two code words (`A − w`); an error `e` becomes `−e`.
impl Not for An<bool> {
    type Output = Self;
    #[inline]
    fn not(self) -> Self {
        Self::from_raw_trusted(kernel::not::<bool>(self.raw()))
    }
}

/// `& | ^` check both operands, decode, compute and re-encode (see the
/// module docs and [`kernel::bitand`]). The new code word is a result like
/// any other (the arithmetic injection point).
macro_rules! decoding_bitwise {
    ($($trait:ident $method:ident $op:tt $kernel:ident $point:ident, $name:literal;)*) => {$(
        impl<T: Int> $trait for An<T> {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: Self) -> Self {
                point(Op::$point, self, rhs, |a, b| {
                    a.check_both(b, $name);
                    Self::result(kernel::$kernel::<T>(a.raw(), b.raw()))
                })
            }
        }
        /// On booleans too: a result like any other.
        impl $trait for An<bool> {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: Self) -> Self {
                point(Op::$point, self, rhs, |a, b| {
                    let (x, y) = a.checked_values(b, $name);
                    Self::result(Self::new(x $op y).raw())
                })
            }
        }
    )*};
}
decoding_bitwise! {
    BitAnd bitand & bitand And, "bitand";
    BitOr bitor | bitor Or, "bitor";
    BitXor bitxor ^ bitxor Xor, "bitxor";
}

impl<T: Int> Shl<u32> for An<T> {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn shl(self, k: u32) -> Self {
        let (shifted, overflow) = self.overflowing_shl(k);
        if overflow {
            T::raise_shl();
        }
        shifted
    }
}

impl<T: Int> Shr<u32> for An<T> {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn shr(self, k: u32) -> Self {
        let (shifted, overflow) = self.overflowing_shr(k);
        if overflow {
            T::raise_shr();
        }
        shifted
    }
}

/// An encoded shift amount of any integer type is decoded (checked) first:
/// an amount of the word's width or more, or a negative one, overflows as in
/// std (taken modulo the width where that wraps).
#[inline]
#[track_caller]
fn amount<T: Code, U: Int>(k: An<U>) -> u32 {
    let bits = k.decode().to_bits();
    let low = bits.low_u64() as u32;
    if bits >= <U::Raw as Raw>::from_u64(u64::from(T::BITS)) {
        // Still overflows, and wraps to what std's wraps to.
        (low & (T::BITS - 1)) | T::BITS
    } else {
        low
    }
}

macro_rules! encoded_shift_amount {
    ($($trait:ident $method:ident;)*) => {$(
        impl<T: Int, U: Int> $trait<An<U>> for An<T> {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn $method(self, k: An<U>) -> Self {
                self.$method(amount::<T, U>(k))
            }
        }
    )*};
}
encoded_shift_amount! {
    Shl shl;
    Shr shr;
}

/// `x op 1`: the plain right-hand side is encoded first.
macro_rules! plain_rhs {
    ($($trait:ident $method:ident;)*) => {$(
        impl<T: Int> $trait<T> for An<T> {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: T) -> Self {
                self.$method(Self::new(rhs))
            }
        }
    )*};
}
plain_rhs! {
    Add add;
    Sub sub;
    Mul mul;
    Div div;
    Rem rem;
    BitAnd bitand;
    BitOr bitor;
    BitXor bitxor;
}

/// `x op= y` for encoded and plain right-hand sides.
macro_rules! assign {
    ($($trait:ident $method:ident $op:ident;)*) => {$(
        impl<T: Int> $trait for An<T> {
            #[inline]
            #[track_caller]
            fn $method(&mut self, rhs: Self) {
                *self = (*self).$op(rhs);
            }
        }
        impl<T: Int> $trait<T> for An<T> {
            #[inline]
            #[track_caller]
            fn $method(&mut self, rhs: T) {
                *self = (*self).$op(rhs);
            }
        }
    )*};
}
assign! {
    AddAssign add_assign add;
    SubAssign sub_assign sub;
    MulAssign mul_assign mul;
    DivAssign div_assign div;
    RemAssign rem_assign rem;
    BitAndAssign bitand_assign bitand;
    BitOrAssign bitor_assign bitor;
    BitXorAssign bitxor_assign bitxor;
}

impl<T: Int> ShlAssign<u32> for An<T> {
    #[inline]
    #[track_caller]
    fn shl_assign(&mut self, k: u32) {
        *self = *self << k;
    }
}

impl<T: Int> ShrAssign<u32> for An<T> {
    #[inline]
    #[track_caller]
    fn shr_assign(&mut self, k: u32) {
        *self = *self >> k;
    }
}

impl<T: Int, U: Int> ShlAssign<An<U>> for An<T> {
    #[inline]
    #[track_caller]
    fn shl_assign(&mut self, k: An<U>) {
        *self = *self << k;
    }
}

impl<T: Int, U: Int> ShrAssign<An<U>> for An<T> {
    #[inline]
    #[track_caller]
    fn shr_assign(&mut self, k: An<U>) {
        *self = *self >> k;
    }
}

/// `b &= c` on booleans.
macro_rules! bool_assign {
    ($($trait:ident $method:ident $op:ident;)*) => {$(
        impl $trait for An<bool> {
            #[inline]
            #[track_caller]
            fn $method(&mut self, rhs: Self) {
                *self = (*self).$op(rhs);
            }
        }
    )*};
}
bool_assign! {
    BitAndAssign bitand_assign bitand;
    BitOrAssign bitor_assign bitor;
    BitXorAssign bitxor_assign bitxor;
}

/// `1 + x`: a plain left-hand side, encoded first.
macro_rules! plain_lhs {
    ($($t:ty),*) => {$(
        plain_lhs!(@ops $t; Add add, Sub sub, Mul mul, Div div, Rem rem, BitAnd bitand, BitOr bitor, BitXor bitxor);
    )*};
    (@ops $t:ty; $($trait:ident $method:ident),*) => {$(
        impl $trait<An<$t>> for $t {
            type Output = An<$t>;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: An<$t>) -> An<$t> {
                An::<$t>::encode(self).$method(rhs)
            }
        }
    )*};
}
plain_lhs!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

/// `1 << k` with an encoded `k`: the plain left-hand side (a literal) is
/// encoded, then shifted. Only `u32` has it, so that the literal infers as
/// `u32` (the word the macro encodes it as).
impl<U: Int> Shl<An<U>> for u32 {
    type Output = An<u32>;
    #[inline]
    #[track_caller]
    fn shl(self, k: An<U>) -> An<u32> {
        An::<u32>::encode(self) << k
    }
}

/// `x >> k` with a plain `x` (a literal) and an encoded `k`.
impl<U: Int> Shr<An<U>> for u32 {
    type Output = An<u32>;
    #[inline]
    #[track_caller]
    fn shr(self, k: An<U>) -> An<u32> {
        An::<u32>::encode(self) >> k
    }
}
