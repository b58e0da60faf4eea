//! std operator traits. Each binary operator also takes a plain `u32` on the
//! right (encoded at once), so that `x + 1` infers its literal as u32; there is
//! deliberately no second integer impl, which would break that inference.

use core::ops::{
    Add, AddAssign, BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Div, DivAssign,
    Mul, MulAssign, Not, Rem, RemAssign, Shl, ShlAssign, Shr, ShrAssign, Sub, SubAssign,
};

use super::AnU32;

/// Raises u32's own overflow behaviour: with overflow checks on (in the build
/// of this crate) the plain operation below panics with u32's message;
/// without them it wraps, and the wrapped encoded result stands.
pub(super) mod overflow {
    use core::hint::black_box;

    #[cold]
    #[track_caller]
    pub fn add() {
        let _ = black_box(u32::MAX) + black_box(1);
    }
    #[cold]
    #[track_caller]
    pub fn sub() {
        let _ = black_box(0u32) - black_box(1);
    }
    #[cold]
    #[track_caller]
    pub fn mul() {
        let _ = black_box(u32::MAX) * black_box(2);
    }
    #[cold]
    #[track_caller]
    pub fn shl() {
        let _ = black_box(1u32) << black_box(32);
    }
    #[cold]
    #[track_caller]
    pub fn shr() {
        let _ = black_box(1u32) >> black_box(32);
    }
}

impl Add for AnU32 {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn add(self, rhs: Self) -> Self {
        let (sum, overflow) = self.overflowing_add(rhs);
        if overflow {
            overflow::add();
        }
        sum
    }
}

impl Sub for AnU32 {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn sub(self, rhs: Self) -> Self {
        let (difference, overflow) = self.overflowing_sub(rhs);
        if overflow {
            overflow::sub();
        }
        difference
    }
}

impl Mul for AnU32 {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn mul(self, rhs: Self) -> Self {
        let (product, overflow) = self.overflowing_mul(rhs);
        if overflow {
            overflow::mul();
        }
        product
    }
}

impl Div for AnU32 {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn div(self, rhs: Self) -> Self {
        match self.checked_div(rhs) {
            Some(quotient) => quotient,
            None => panic!("attempt to divide by zero"),
        }
    }
}

impl Rem for AnU32 {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn rem(self, rhs: Self) -> Self {
        match self.checked_rem(rhs) {
            Some(remainder) => remainder,
            None => panic!("attempt to calculate the remainder with a divisor of zero"),
        }
    }
}

impl Not for AnU32 {
    type Output = Self;
    #[inline]
    fn not(self) -> Self {
        Self::result(super::kernel::not(self.to_raw()))
    }
}

/// `& | ^` decode, compute and re-encode: see the module docs. The new code
/// word is a result like any other (the arithmetic injection point).
macro_rules! decoding_bitwise {
    ($($trait:ident $method:ident $op:tt, $name:literal;)*) => {$(
        impl $trait for AnU32 {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: Self) -> Self {
                let (x, y) = self.checked_values(rhs, $name);
                Self::result(Self::encode(x $op y).to_raw())
            }
        }
    )*};
}
decoding_bitwise! {
    BitAnd bitand &, "bitand";
    BitOr bitor |, "bitor";
    BitXor bitxor ^, "bitxor";
}

impl Shl<u32> for AnU32 {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn shl(self, k: u32) -> Self {
        let (shifted, overflow) = self.overflowing_shl(k);
        if overflow {
            overflow::shl();
        }
        shifted
    }
}

impl Shr<u32> for AnU32 {
    type Output = Self;
    #[inline]
    #[track_caller]
    fn shr(self, k: u32) -> Self {
        let (shifted, overflow) = self.overflowing_shr(k);
        if overflow {
            overflow::shr();
        }
        shifted
    }
}

/// An encoded shift amount is decoded (checked) first.
macro_rules! encoded_shift_amount {
    ($($trait:ident $method:ident;)*) => {$(
        impl $trait for AnU32 {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn $method(self, k: Self) -> Self {
                self.$method(k.decode())
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
        impl $trait<u32> for AnU32 {
            type Output = Self;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: u32) -> Self {
                self.$method(Self::encode(rhs))
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
        impl $trait for AnU32 {
            #[inline]
            #[track_caller]
            fn $method(&mut self, rhs: Self) {
                *self = (*self).$op(rhs);
            }
        }
        impl $trait<u32> for AnU32 {
            #[inline]
            #[track_caller]
            fn $method(&mut self, rhs: u32) {
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
    ShlAssign shl_assign shl;
    ShrAssign shr_assign shr;
}

/// `1 + x`: a plain left-hand side, encoded first.
macro_rules! plain_lhs {
    ($($trait:ident $method:ident;)*) => {$(
        impl $trait<AnU32> for u32 {
            type Output = AnU32;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: AnU32) -> AnU32 {
                AnU32::encode(self).$method(rhs)
            }
        }
    )*};
}
plain_lhs! {
    Add add;
    Sub sub;
    Mul mul;
    Div div;
    Rem rem;
    BitAnd bitand;
    BitOr bitor;
    BitXor bitxor;
}

/// `1 << k` with an encoded `k`: the plain left-hand side (a literal) is
/// encoded, then shifted.
impl Shl<AnU32> for u32 {
    type Output = AnU32;
    #[inline]
    #[track_caller]
    fn shl(self, k: AnU32) -> AnU32 {
        AnU32::encode(self) << k
    }
}

/// `x >> k` with a plain `x` (a literal) and an encoded `k`.
impl Shr<AnU32> for u32 {
    type Output = AnU32;
    #[inline]
    #[track_caller]
    fn shr(self, k: AnU32) -> AnU32 {
        AnU32::encode(self) >> k
    }
}
