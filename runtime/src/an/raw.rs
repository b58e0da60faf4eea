//! The storage of a code word: `u64` for values of up to 32 bits, `u128` for
//! 64-bit values (whose code words `A·x` need 80 bits).

use core::fmt::{Debug, LowerHex};
use core::hash::Hash;
use core::num::NonZero;
use core::ops::{Add, BitAnd, BitOr, BitXor, Div, Mul, Rem, Shl, Shr, Sub};

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
    + Shl<u32, Output = Self>
    + Shr<u32, Output = Self>
    + super::sealed::Sealed
{
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// Its width.
    const WIDTH: u32;
    /// How a code word is kept in memory: never zero (see [`store`](Self::store)).
    type Stored: Copy + Eq + Hash + Debug + Send + Sync + 'static;
    /// The code word as kept in memory: `w ⊕ KEY`, KEY the top 16 bits.
    /// Every code word is below `2^(WIDTH − 16)`, so its top 16 bits are
    /// KEY's ones, and the stored word is never zero: an `Option` of it uses
    /// zero for `None`, at least 16 bit flips from every `Some`. The one
    /// word that would store as zero, `KEY` itself, is invalid, and stores
    /// as 1 instead (another invalid word).
    fn store(self) -> Self::Stored;
    /// The code word kept as `stored`.
    fn load(stored: Self::Stored) -> Self;
    /// The code word of stored bits (zero for none: `KEY`).
    fn load_bits(bits: Self) -> Self;
    /// Wrapping `+`.
    fn wrapping_add(self, rhs: Self) -> Self;
    /// Wrapping `-`.
    fn wrapping_sub(self, rhs: Self) -> Self;
    /// Wrapping `*`.
    fn wrapping_mul(self, rhs: Self) -> Self;
    /// `self + rhs` and its carry, as two results of one addition.
    fn carrying_add(self, rhs: Self) -> (Self, bool);
    /// The low 64 bits (what a fault report shows of a wider word).
    fn low_u64(self) -> u64;
    /// `x`, widened.
    fn from_u64(x: u64) -> Self;
    /// The word with its low 64 bits passed through `f` (the arithmetic
    /// injection point, whose masks are 64 bits wide).
    fn map_low(self, f: impl FnOnce(u64) -> u64) -> Self;
}

/// What the stored form of a 64-bit word XORs in: its top 16 bits.
pub(super) const KEY_64: u64 = 0xffff << 48;
/// What the stored form of a 128-bit word XORs in: its top 16 bits.
pub(super) const KEY_128: u128 = 0xffff << 112;

/// `x + y` and its carry, as two results of one addition. The portable
/// `overflowing_add` is what this computes, but the optimizer turns its
/// carry into a comparison of the sum with `x`, two more steps on a
/// dependent chain.
#[inline(always)]
fn carrying_add_64(x: u64, y: u64) -> (u64, bool) {
    #[cfg(target_arch = "x86_64")]
    {
        let mut sum = 0;
        let carry = core::arch::x86_64::_addcarry_u64(0, x, y, &mut sum);
        (sum, carry != 0)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        x.overflowing_add(y)
    }
}

macro_rules! raw {
    ($($t:ty: $key:ident, $store:ident, $carrying_add:expr;)*) => {$(
        #[doc = concat!("[`Raw::store`] for `", stringify!($t), "`, as a `const fn` (for `encode`).")]
        pub(super) const fn $store(word: $t) -> NonZero<$t> {
            match NonZero::new(word ^ $key) {
                Some(stored) => stored,
                None => NonZero::<$t>::MIN,
            }
        }

        impl Raw for $t {
            const ZERO: Self = 0;
            const ONE: Self = 1;
            const WIDTH: u32 = <$t>::BITS;
            type Stored = NonZero<$t>;
            #[inline(always)]
            fn store(self) -> NonZero<$t> {
                $store(self)
            }
            #[inline(always)]
            fn load(stored: NonZero<$t>) -> Self {
                stored.get() ^ $key
            }
            #[inline(always)]
            fn load_bits(bits: Self) -> Self {
                bits ^ $key
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
            fn carrying_add(self, rhs: Self) -> (Self, bool) {
                $carrying_add(self, rhs)
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
    u64: KEY_64, store_64, carrying_add_64;
    u128: KEY_128, store_128, u128::overflowing_add;
}
