//! Arithmetic on code words. Each kernel returns the encoded result of u32's
//! wrapping operation and whether u32 would have overflowed.

use super::AnU32;

const A: u64 = AnU32::A;
const M: u64 = AnU32::M;
/// `A⁻¹ mod 2^64`.
const A_INV: u64 = AnU32::A_INV;

/// `x_c + y_c`, reduced modulo `M`: `x + (y − M)` carries exactly when
/// `x + y ≥ M`, and then is the result; else `x + y` is. Both sums take one
/// step from `x`, and the carry picks one: a chain through `x` waits two
/// steps. Needs `y < M` (a code word).
///
/// Whatever the words, the result is `x + y` or `x + y − M`: an error in
/// either word reaches the result, off by at most `M`, which moves its
/// decoded value by at most 2^32 (see the module docs of `an`).
#[inline(always)]
pub(super) fn add(x: u64, y: u64) -> (u64, bool) {
    let (reduced, wrapped) = carrying_add(x, y.wrapping_sub(M));
    (if wrapped { reduced } else { x.wrapping_add(y) }, wrapped)
}

/// `x_c − y_c` modulo `M`: the sum of `x` and `−y = M − y` (0 for 0), so
/// as quick as [`add`]; u32 borrows when that sum does not wrap, unless
/// `y` is 0. An error in either word reaches the result as in `add`.
#[inline(always)]
pub(super) fn sub(x: u64, y: u64) -> (u64, bool) {
    let negated = if y == 0 { 0 } else { M.wrapping_sub(y) };
    let (difference, wrapped) = add(x, negated);
    (difference, !wrapped && y != 0)
}

/// `x + y` and its carry, as two results of one addition. The portable
/// `overflowing_add` is what this computes, but the optimizer turns its
/// carry into a comparison of the sum with `x`, two more steps on the chain.
#[inline(always)]
fn carrying_add(x: u64, y: u64) -> (u64, bool) {
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

/// The value of a word, unchecked: `x_c·A⁻¹`, truncated to 32 bits. The
/// kernels below that need a value take it from here after their caller
/// checked the word, and the optimizer shares the multiply with that check.
/// The truncation matters: a value wider than 32 bits could reduce an
/// invalid word into a valid one.
#[inline(always)]
fn value(x: u64) -> u64 {
    u64::from(x.wrapping_mul(A_INV) as u32)
}

/// `(x_c·y_c / A) mod M`: `t = x_c·y_c·A⁻¹ = A·xy mod 2^64` from the code
/// words, minus `q·M` with `q = ⌊xy / 2^32⌋` from the values (u32 overflows
/// exactly when `q ≠ 0`). `t` stays a computation on code words: an error in
/// it moves the decoded result as an error in a word does. A wrong `q`
/// leaves `(q − q')·2^32` in the decoded result, out of range for any
/// `q' ≠ q` below 2^32. Operands must have been checked.
#[inline(always)]
pub(super) fn mul(x: u64, y: u64) -> (u64, bool) {
    // Zero for every code word (all are below `M < 2^48`). The optimizer
    // cannot know that, so it keeps `t` a product of the two code words: it
    // would otherwise reassociate `x·y·A⁻¹` into `(x·A⁻¹)·y` and reuse the
    // decoded value of the check, in which an error gives a valid result.
    let code_words_only = x >> 48;
    let t = x
        .wrapping_mul(y)
        .wrapping_add(code_words_only)
        .wrapping_mul(A_INV);
    let high = (value(x) * value(y)) >> 32;
    (t.wrapping_sub(high.wrapping_mul(M)), high != 0)
}

/// `A·(x mod y)` is `A·x mod A·y`. Operands must have been checked, `y ≠ 0`.
#[inline(always)]
pub(super) fn rem(x: u64, y: u64) -> u64 {
    x % y
}

/// `A·⌊x/y⌋ = (x_c − A·(x mod y)) / y`, an exact division of a code word by
/// the divisor's value: a wrong remainder or quotient leaves a result that
/// is not a multiple of A. Operands must have been checked, `y ≠ 0`.
#[inline(always)]
pub(super) fn div(x: u64, y: u64) -> u64 {
    (x - rem(x, y)) / value(y)
}

/// `x_c·2^k mod M`, for `k < 32`: u32's `x << k` with the high bits dropped.
/// The code word shifted (in 64 bits: the result is below `M` whatever
/// wraps) minus `q·M` with `q = x >> (32 − k)` from the value; a wrong `q`
/// is caught as in [`mul`]. The operand must have been checked.
#[inline(always)]
pub(super) fn shl(x: u64, k: u32) -> u64 {
    debug_assert!(k < 32);
    let high = value(x) >> (32 - k);
    (x << k).wrapping_sub(high.wrapping_mul(M))
}

/// `A·⌊x/2^k⌋`, for `k < 32`: with `l = x mod 2^k` (from the value),
/// `A·⌊x/2^k⌋ = ⌊x_c/2^k⌋ − ⌊A·l/2^k⌋`. The code word shifted, minus a
/// correction below A: a wrong correction leaves a result off by less
/// than A, not a multiple of it. The operand must have been checked.
#[inline(always)]
pub(super) fn shr(x: u64, k: u32) -> u64 {
    debug_assert!(k < 32);
    let low_bits = value(x) & ((1 << k) - 1);
    (x >> k) - ((low_bits * A) >> k)
}

/// `A·(2^32 − 1 − x)`: u32's `!x`. An error `e` in `x` becomes `−e`.
#[inline(always)]
pub(super) fn not(x: u64) -> u64 {
    AnU32::MAX.to_raw().wrapping_sub(x)
}
