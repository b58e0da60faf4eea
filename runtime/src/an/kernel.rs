//! Arithmetic on code words. Each kernel returns the encoded result of u32's
//! wrapping operation and whether u32 would have overflowed.

use super::AnU32;

const A: u64 = AnU32::A;
const M: u64 = AnU32::M;
/// `A⁻¹ mod 2^64`, which is also `A⁻¹ mod 2^128` reduced: the low half of it.
const A_INV: u64 = AnU32::A_INV;

/// `x_c + y_c`, reduced modulo `M`. Both candidate sums are computed off the
/// critical path; the carry of `x + (y − M)` picks one.
#[inline(always)]
pub(super) fn add(x: u64, y: u64) -> (u64, bool) {
    let (reduced, overflow) = x.overflowing_add(y.wrapping_sub(M));
    // `x + y − M` wraps past zero unless `x + y ≥ M`.
    let overflow = !overflow;
    (if overflow { reduced } else { x + y }, overflow)
}

/// `x_c − y_c`, plus `M` on borrow.
#[inline(always)]
pub(super) fn sub(x: u64, y: u64) -> (u64, bool) {
    let (difference, borrow) = x.overflowing_sub(y);
    (
        if borrow {
            difference.wrapping_add(M)
        } else {
            difference
        },
        borrow,
    )
}

/// `(x_c·y_c / A) mod M`. The product `P = A²xy` is divided exactly by `A`:
/// the low 64 bits of `t = P/A` are `P_lo·A⁻¹`, the high ones `⌊P_hi/A⌋`.
/// Then `t mod M = t − ⌊(t >> 32)/A⌋·M`, and that quotient, `⌊xy / 2^32⌋`, is
/// nonzero exactly when u32 overflows. Operands must have been checked.
#[inline(always)]
pub(super) fn mul(x: u64, y: u64) -> (u64, bool) {
    let product = x as u128 * y as u128;
    let t_lo = (product as u64).wrapping_mul(A_INV);
    let t_hi = ((product >> 64) as u64) / A;
    let t_shr_32 = (t_hi << 32) | (t_lo >> 32);
    let high_word = t_shr_32 / A;
    (t_lo.wrapping_sub(high_word.wrapping_mul(M)), high_word != 0)
}

/// `A·(x mod y)` is `A·x mod A·y`. Operands must have been checked, `y ≠ 0`.
#[inline(always)]
pub(super) fn rem(x: u64, y: u64) -> u64 {
    x % y
}

/// `A·⌊x/y⌋ = (x_c − A·(x mod y))·A / y_c`, exact, in 128 bits.
/// Operands must have been checked, `y ≠ 0`.
#[inline(always)]
pub(super) fn div(x: u64, y: u64) -> u64 {
    let multiple_of_y = x - rem(x, y);
    ((multiple_of_y as u128 * A as u128) / y as u128) as u64
}

/// `x_c·2^k mod M`, for `k < 32`: u32's `x << k` with the high bits dropped.
#[inline(always)]
pub(super) fn shl(x: u64, k: u32) -> u64 {
    debug_assert!(k < 32);
    // `x·2^k < A·2^64` does not fit in 64 bits: reduce in 128.
    let shifted = (x as u128) << k;
    let high = (shifted >> 32) as u64 / A;
    (shifted as u64).wrapping_sub(high.wrapping_mul(M))
}

/// `A·⌊x/2^k⌋`, for `k < 32`: `(x_c − A·(x mod 2^k)) / 2^k`, exact.
#[inline(always)]
pub(super) fn shr(x: u64, k: u32) -> u64 {
    debug_assert!(k < 32);
    let low_bits = rem(x, A << k);
    (x - low_bits) >> k
}

/// `A·(2^32 − 1 − x)`: u32's `!x`.
#[inline(always)]
pub(super) fn not(x: u64) -> u64 {
    AnU32::MAX.to_raw() - x
}
