//! Arithmetic on code words. Each kernel returns the encoded result of u32's
//! wrapping operation and whether u32 would have overflowed.

use super::AnU32;

const A: u64 = AnU32::A;
const M: u64 = AnU32::M;
/// `A⁻¹ mod 2^64`.
const A_INV: u64 = AnU32::A_INV;

/// `x_c + y_c`, reduced modulo `M`. Both candidate sums are computed off the
/// critical path; the carry of `x + (y − M)` picks one.
#[inline(always)]
pub(super) fn add(x: u64, y: u64) -> (u64, bool) {
    // `x + (y − M + 2^64)` carries exactly when `x + y ≥ M`.
    let (reduced, overflow) = x.overflowing_add(y.wrapping_sub(M));
    (if overflow { reduced } else { x.wrapping_add(y) }, overflow)
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

/// `(x_c·y_c / A) mod M`. The product `P = A²xy` divided exactly by `A` is
/// `t = A·xy`, whose low 64 bits are `P_lo·A⁻¹`; `t mod M = t − q·M` with
/// `q = ⌊xy / 2^32⌋ = ⌊(P >> 32) / A²⌋`, a division by a constant that runs
/// beside the other multiply. `q ≠ 0` exactly when u32 overflows. Operands
/// must have been checked.
#[inline(always)]
pub(super) fn mul(x: u64, y: u64) -> (u64, bool) {
    const A_SQUARED: u64 = A * A;
    let product = x as u128 * y as u128;
    let t_lo = (product as u64).wrapping_mul(A_INV);
    let high_word = (product >> 32) as u64 / A_SQUARED;
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

/// `A·(2^32 − 1 − x)`: u32's `!x`. An error `e` in `x` becomes `−e`.
#[inline(always)]
pub(super) fn not(x: u64) -> u64 {
    AnU32::MAX.to_raw().wrapping_sub(x)
}
