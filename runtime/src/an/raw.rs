//! The storage of a code word: `u64` for values of up to 32 bits, `u128` for
//! 64-bit values (whose code words `A·x` need 80 bits).

use core::fmt::{Debug, LowerHex};
use core::hash::Hash;
use core::num::NonZero;
use core::ops::{Add, BitAnd, BitOr, BitXor, Div, Mul, Not, Rem, Shl, Shr, Sub};

/// An unsigned machine word that holds code words.
pub trait Raw:
    Copy
    + Eq
    + Ord
    + Hash
    + Debug
    + LowerHex
    + Default
    + Send
    + Sync
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Rem<Output = Self>
    + BitAnd<Output = Self>
    + BitOr<Output = Self>
    + BitXor<Output = Self>
    + Not<Output = Self>
    + Shl<u32, Output = Self>
    + Shr<u32, Output = Self>
    + super::sealed::Sealed
{
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// All ones.
    const MAX: Self;
    /// Its width.
    const WIDTH: u32;
    /// The word as kept in memory: never zero (`NonZero<Self>`).
    type Stored: Copy + Eq + Hash + Debug + Send + Sync + 'static;
    /// The stored word 1.
    const STORED_ONE: Self::Stored;
    /// `self` as a [`Stored`](Self::Stored) word, unless it is zero.
    fn to_stored(self) -> Option<Self::Stored>;
    /// The bits of a stored word.
    fn from_stored(stored: Self::Stored) -> Self;
    /// Wrapping `+`.
    fn wrapping_add(self, rhs: Self) -> Self;
    /// Wrapping `-`.
    fn wrapping_sub(self, rhs: Self) -> Self;
    /// Wrapping `*`.
    fn wrapping_mul(self, rhs: Self) -> Self;
    /// `*`, unless it overflows.
    fn checked_mul(self, rhs: Self) -> Option<Self>;
    /// `-`, unless it borrows.
    fn checked_sub(self, rhs: Self) -> Option<Self>;
    /// `self + rhs` and its carry, as two results of one addition.
    fn carrying_add(self, rhs: Self) -> (Self, bool);
    /// `self − rhs` and its borrow, as two results of one subtraction.
    fn borrowing_sub(self, rhs: Self) -> (Self, bool);
    /// The low 64 bits (what a fault report shows of a wider word).
    fn low_u64(self) -> u64;
    /// `x`, widened.
    fn from_u64(x: u64) -> Self;
    /// The word with its low 64 bits passed through `f` (the arithmetic
    /// injection point, whose masks are 64 bits wide).
    fn map_low(self, f: impl FnOnce(u64) -> u64) -> Self;
}

/// `x op y` and its carry (or borrow) out, as two results of one
/// instruction: `$name_64` and `$name_128` for the add-with-carry (or
/// subtract-with-borrow) intrinsic `$intrinsic`, whose portable form is
/// `$portable`. That form computes the same, but the optimizer turns its
/// flag into a comparison of the result with `x`, two more steps on a
/// dependent chain. A 128-bit word takes the high half's flag out.
macro_rules! flagged {
    ($($name_64:ident, $name_128:ident: $intrinsic:ident, $portable:ident;)*) => {$(
        #[inline(always)]
        fn $name_64(x: u64, y: u64) -> (u64, bool) {
            #[cfg(target_arch = "x86_64")]
            {
                let mut result = 0;
                let flag = core::arch::x86_64::$intrinsic(0, x, y, &mut result);
                (result, flag != 0)
            }
            #[cfg(not(target_arch = "x86_64"))]
            {
                x.$portable(y)
            }
        }

        #[inline(always)]
        fn $name_128(x: u128, y: u128) -> (u128, bool) {
            #[cfg(target_arch = "x86_64")]
            {
                use core::arch::x86_64::$intrinsic;
                let (mut low, mut high) = (0, 0);
                let flag = $intrinsic(0, x as u64, y as u64, &mut low);
                let flag = $intrinsic(flag, (x >> 64) as u64, (y >> 64) as u64, &mut high);
                ((u128::from(high) << 64) | u128::from(low), flag != 0)
            }
            #[cfg(not(target_arch = "x86_64"))]
            {
                x.$portable(y)
            }
        }
    )*};
}
flagged! {
    carrying_add_64, carrying_add_128: _addcarry_u64, overflowing_add;
    borrowing_sub_64, borrowing_sub_128: _subborrow_u64, overflowing_sub;
}

macro_rules! raw {
    ($($t:ty: $nonzero:ident, $carrying_add:expr, $borrowing_sub:expr;)*) => {$(
        #[doc = concat!("A stored `", stringify!($t), "` word, in a const context (encoding, constants).")]
        ///
        /// Every stored word of a value is non-zero (see the module docs of
        /// `an`): the panic cannot be reached.
        #[inline(always)]
        pub(super) const fn $nonzero(word: $t) -> NonZero<$t> {
            match NonZero::new(word) {
                Some(stored) => stored,
                None => panic!("the stored word of a value is never zero"),
            }
        }

        impl Raw for $t {
            const ZERO: Self = 0;
            const ONE: Self = 1;
            const MAX: Self = <$t>::MAX;
            const WIDTH: u32 = <$t>::BITS;
            type Stored = NonZero<$t>;
            const STORED_ONE: NonZero<$t> = NonZero::<$t>::MIN;
            #[inline(always)]
            fn to_stored(self) -> Option<NonZero<$t>> {
                NonZero::new(self)
            }
            #[inline(always)]
            fn from_stored(stored: NonZero<$t>) -> Self {
                stored.get()
            }
            #[inline(always)]
            fn wrapping_add(self, rhs: Self) -> Self {
                self.wrapping_add(rhs)
            }
            #[inline(always)]
            fn wrapping_sub(self, rhs: Self) -> Self {
                self.wrapping_sub(rhs)
            }
            #[inline(always)]
            fn wrapping_mul(self, rhs: Self) -> Self {
                self.wrapping_mul(rhs)
            }
            #[inline(always)]
            fn checked_mul(self, rhs: Self) -> Option<Self> {
                self.checked_mul(rhs)
            }
            #[inline(always)]
            fn checked_sub(self, rhs: Self) -> Option<Self> {
                self.checked_sub(rhs)
            }
            #[inline(always)]
            fn carrying_add(self, rhs: Self) -> (Self, bool) {
                $carrying_add(self, rhs)
            }
            #[inline(always)]
            fn borrowing_sub(self, rhs: Self) -> (Self, bool) {
                $borrowing_sub(self, rhs)
            }
            #[inline(always)]
            fn low_u64(self) -> u64 {
                self as u64
            }
            #[inline(always)]
            fn from_u64(x: u64) -> Self {
                Self::from(x)
            }
            #[inline(always)]
            fn map_low(self, f: impl FnOnce(u64) -> u64) -> Self {
                (self ^ Self::from(self as u64)) | Self::from(f(self as u64))
            }
        }
    )*};
}

impl super::sealed::Sealed for u128 {}

raw! {
    u64: nonzero_64, carrying_add_64, borrowing_sub_64;
    u128: nonzero_128, carrying_add_128, borrowing_sub_128;
}
