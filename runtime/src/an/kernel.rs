//! Arithmetic on code words. Each kernel returns the encoded result of the
//! unsigned type's wrapping operation and whether that type would have
//! overflowed; signed types reuse the word and take their own flag. The
//! kernels are generic over the type, and each instance is the `u32` one
//! with its own widths: `M = A·2^N`, values of `N` bits.
//!
//! Kernels take and return code words, as the rest of the crate speaks of
//! them, but compute on stored words (`s = c − M`, see the module docs of
//! `an`) where that is shorter: their conversions cancel against those of
//! `An::raw` and `An::result`, so that a chain of operations runs on
//! stored words alone.

use super::code::Code;
use super::raw::Raw;
use crate::fault;

/// The stored word of the code word `c`: `c − M`.
#[inline(always)]
pub(super) fn stored<T: Code>(c: T::Raw) -> T::Raw {
    c.wrapping_sub(T::M)
}

/// The code word of the stored word `s`: `s + M`.
#[inline(always)]
fn code<T: Code>(s: T::Raw) -> T::Raw {
    s.wrapping_add(T::M)
}

/// `x_c + y_c`, reduced modulo `M`, on stored words: `x_s + y_c` is
/// `x_c + y_c − M` plus 2^W, so it carries exactly when `x_c + y_c ≥ M`, and
/// is then the stored word plus `M`, which `x_s + y_s` is not; else it is
/// the result. Both sums take one step from `x_s`, and the carry picks one:
/// a chain through `x` waits two steps.
///
/// Whatever the words, the result is `x + y` or `x + y − M`: an error in
/// either word reaches the result, off by at most `M`, which moves its
/// decoded value by at most 2^N (see the module docs of `an`).
#[inline(always)]
pub(super) fn add<T: Code>(x: T::Raw, y: T::Raw) -> (T::Raw, bool) {
    let xs = stored::<T>(x);
    let (unreduced, wrapped) = xs.carrying_add(y);
    let sum = if wrapped {
        xs.wrapping_add(stored::<T>(y))
    } else {
        unreduced
    };
    (code::<T>(sum), wrapped)
}

/// `x_c − y_c` modulo `M`, on stored words: `x_s − y_s` is `x_c − y_c`
/// modulo 2^W, and borrows exactly when `x_c < y_c` (stored words keep the
/// code words' order); it is then the stored word of `x_c − y_c + M`. Else
/// the result's stored word is `x_c − y_c − M`, which is `x_s − y_c`. Both
/// differences take one step from `x_s`, and the borrow picks one, as in
/// [`add`]; the type borrows exactly when the first does. An error in
/// either word reaches the result as in `add`.
///
/// The second difference takes `y_c` as the smaller of `y_c` and `y_s`,
/// which it is for every code word (`y_s ≥ 2^W − M ≥ M > y_c`), and an
/// error otherwise still reaches the result, off by `M`: written plainly,
/// the optimizer derives it from the first as `x_s − y_s − M`, a step
/// later on the chain.
#[inline(always)]
pub(super) fn sub<T: Code>(x: T::Raw, y: T::Raw) -> (T::Raw, bool) {
    let (xs, ys) = (stored::<T>(x), stored::<T>(y));
    let (wrapped, borrow) = xs.borrowing_sub(ys);
    let y_code = y.min(ys);
    let difference = if borrow {
        wrapped
    } else {
        xs.wrapping_sub(y_code)
    };
    (code::<T>(difference), borrow)
}

/// The bit pattern of a word, unchecked: `x_c·A⁻¹`, truncated to N bits.
/// The kernels below that need a value take it from here after their caller
/// checked the word, and the optimizer shares the multiply with that check.
/// The truncation matters: a value wider than N bits could reduce an
/// invalid word into a valid one.
#[inline(always)]
pub(super) fn value<T: Code>(x: T::Raw) -> T::Raw {
    x.wrapping_mul(T::A_INV) & T::VALUE_MAX
}

/// `(x_c·y_c / A) mod M`: `t = x_c·y_c·A⁻¹ = A·xy mod 2^W` from the code
/// words, minus `q·M` with `q = ⌊xy / 2^N⌋` from the values (the type
/// overflows exactly when `q ≠ 0`). `t` stays a computation on code words:
/// an error in it moves the decoded result as an error in a word does. A
/// wrong `q` leaves `(q − q')·2^N` in the decoded result, out of range for
/// any `q' ≠ q` below 2^N. Operands must have been checked.
#[inline(always)]
pub(super) fn mul<T: Code>(x: T::Raw, y: T::Raw) -> (T::Raw, bool) {
    let high = (value::<T>(x) * value::<T>(y)) >> T::BITS;
    (
        reduced_product::<T>(x, y, high),
        high != <T::Raw as Raw>::ZERO,
    )
}

/// [`mul`]'s result with the quotient `high` given: `⌊xy / 2^N⌋` but for
/// an error.
#[inline(always)]
fn reduced_product<T: Code>(x: T::Raw, y: T::Raw, high: T::Raw) -> T::Raw {
    // Zero for every code word (all are below `M < 2^(N+16)`). The optimizer
    // cannot know that, so it keeps `t` a product of the two code words: it
    // would otherwise reassociate `x·y·A⁻¹` into `(x·A⁻¹)·y` and reuse the
    // decoded value of the check, in which an error gives a valid result.
    let code_words_only = x >> (T::BITS + 16);
    let t = x
        .wrapping_mul(y)
        .wrapping_add(code_words_only)
        .wrapping_mul(T::A_INV);
    t.wrapping_sub(high.wrapping_mul(T::M))
}

/// `A·(x mod y)` is `A·x mod A·y`. Operands must have been checked, `y ≠ 0`.
#[inline(always)]
pub(super) fn rem<T: Code>(x: T::Raw, y: T::Raw) -> T::Raw {
    x % y
}

/// `A·⌊x/y⌋`: the quotient `q = ⌊x/y⌋`, encoded as `d = A·q`, then
/// checked against the code words. `q` is the code words' quotient
/// (`⌊A·x / A·y⌋ = ⌊x/y⌋`, with no decode before the division) in 64 bits,
/// and the values' in 128 bits, where the values' is one machine division
/// and the code words' a call. A wrong value (or quotient) could give
/// a valid wrong word, so `d` must satisfy `d·y_c ≤ A·x_c < d·y_c + A·y_c`,
/// computed exactly: `A·x_c` and `A·y_c` fit the raw word (`A²·2^N ≤ 2^W`),
/// so does `d·y_c ≤ A·x_c` for the right `d`, and an overflowing product or
/// difference is a fault. For a valid `d = A·q'`, `A·x_c − d·y_c =
/// A²·(x − q'·y)`, which lies in `[0, A²·y)` only for `q' = ⌊x/y⌋`: a wrong
/// value or quotient goes to the fault policy (an invalid `d` is left to the
/// next check, as any corrupted result). One division on the chain; the
/// check beside it.
///
/// Also returns whether `y` divides `x`: whether that difference is zero.
/// Operands must have been checked, `y ≠ 0`.
#[inline(always)]
#[track_caller]
pub(super) fn div<T: Code>(x: T::Raw, y: T::Raw) -> (T::Raw, bool) {
    let q = if <T::Raw as Raw>::WIDTH <= 64 {
        x / y
    } else {
        value::<T>(x) / value::<T>(y)
    };
    divide::<T>(x, y, q)
}

/// [`div`] with the values' quotient given: `q` is `⌊x/y⌋` but for an error.
#[inline(always)]
#[track_caller]
fn divide<T: Code>(x: T::Raw, y: T::Raw, q: T::Raw) -> (T::Raw, bool) {
    let d = q.wrapping_mul(T::A);
    let excess = d
        .checked_mul(y)
        .and_then(|product| T::A.wrapping_mul(x).checked_sub(product));
    match excess {
        Some(excess) if excess < T::A.wrapping_mul(y) => (d, excess == <T::Raw as Raw>::ZERO),
        _ => fault::invalid_word(d.low_u64(), "div"),
    }
}

/// `A·⌈x/y⌉`: [`div`]'s quotient, plus `A` where `y` does not divide `x`
/// (`⌈x/y⌉ ≤ x`: it stays in the code's range). Operands must have been
/// checked, `y ≠ 0`.
#[inline(always)]
#[track_caller]
pub(super) fn div_ceil<T: Code>(x: T::Raw, y: T::Raw) -> T::Raw {
    match div::<T>(x, y) {
        (quotient, true) => quotient,
        (quotient, false) => quotient + T::A,
    }
}

/// `x_c·2^k mod M`, for `k < N`: the type's `x << k` with the high bits
/// dropped. The code word shifted (in the raw width: the result is below
/// `M` whatever wraps) minus `q·M` with `q = x >> (N − k)` from the value; a
/// wrong `q` is caught as in [`mul`]. The operand must have been checked.
#[inline(always)]
pub(super) fn shl<T: Code>(x: T::Raw, k: u32) -> T::Raw {
    debug_assert!(k < T::BITS);
    let high = value::<T>(x) >> (T::BITS - k);
    (x << k).wrapping_sub(high.wrapping_mul(T::M))
}

/// `A·⌊x/2^k⌋`, for `k < N`: with `l = x mod 2^k`,
/// `A·⌊x/2^k⌋ = ⌊x_c/2^k⌋ − ⌊A·l/2^k⌋`. The code word shifted, minus a
/// correction below A: a wrong correction leaves a result off by less
/// than A, not a multiple of it. `l` is the low k bits of `x_c·A⁻¹`, which
/// depend on the low k bits of `x_c` and `A⁻¹` alone: for a constant k, one
/// multiply by a small constant (a `lea` for k ≤ 3), not the whole decode.
/// On the stored word (`x_s`, whose low N bits are `x_c`'s): `⌊x_c/2^k⌋ =
/// ⌊x_s/2^k⌋ + (M − 2^W)/2^k`, both multiples of 2^k, so the shift takes
/// one step from `x_s`. The operand must have been checked.
#[inline(always)]
pub(super) fn shr<T: Code>(x: T::Raw, k: u32) -> T::Raw {
    debug_assert!(k < T::BITS);
    let one = <T::Raw as Raw>::ONE;
    let low = (one << k) - one;
    let xs = stored::<T>(x);
    let low_bits = xs.wrapping_mul(T::A_INV & low) & low;
    // `(M − 2^W) / 2^k`, modulo 2^W.
    let offset = (T::M >> k)
        .wrapping_sub(<T::Raw as Raw>::MAX >> k)
        .wrapping_sub(one);
    (xs >> k)
        .wrapping_add(offset)
        .wrapping_sub((low_bits * T::A) >> k)
}

/// `A·(2^N − 1 − x)`: the type's `!x` (for a signed type too: `−1 − x`
/// has the same bits). An error `e` in `x` becomes `−e`.
#[inline(always)]
pub(super) fn not<T: Code>(x: T::Raw) -> T::Raw {
    (T::VALUE_MAX * T::A).wrapping_sub(x)
}

/// `x_s·A⁻¹`, from the code word `x_c`: `x − 2^N` for a valid word, the
/// value in its low N bits and every bit above them set.
#[inline(always)]
fn offset_value<T: Code>(x: T::Raw) -> T::Raw {
    super::An::<T>::offset_value(stored::<T>(x))
}

/// The code word whose stored word is `A·v`, for an offset value `v`
/// (`x − 2^N`): `A·v + M`.
#[inline(always)]
fn encode_offset<T: Code>(v: T::Raw) -> T::Raw {
    code::<T>(v.wrapping_mul(T::A))
}

/// `x & y`, decoded and re-encoded (it has no AN form): the offset values'
/// `&` keeps their set high bits, so it is the offset value of `x & y`
/// with no correction, and an operand whose high bits are not all set (an
/// invalid one) leaves an invalid result. The operands must have been
/// checked (or their errors are left to propagate).
#[inline(always)]
pub(super) fn bitand<T: Code>(x: T::Raw, y: T::Raw) -> T::Raw {
    encode_offset::<T>(offset_value::<T>(x) & offset_value::<T>(y))
}

/// `x | y`, as [`bitand`]; an invalid operand may be masked by the other's
/// set bits: the operands must have been checked.
#[inline(always)]
pub(super) fn bitor<T: Code>(x: T::Raw, y: T::Raw) -> T::Raw {
    encode_offset::<T>(offset_value::<T>(x) | offset_value::<T>(y))
}

/// `x ^ y`, as [`bitor`]: `x`'s offset value `^` the value of `y` keeps
/// `x`'s set high bits (one step from `x`). The operands must have been
/// checked.
#[inline(always)]
pub(super) fn bitxor<T: Code>(x: T::Raw, y: T::Raw) -> T::Raw {
    encode_offset::<T>(offset_value::<T>(x) ^ (offset_value::<T>(y) & T::VALUE_MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AnU32;
    use crate::fault::{Fault, Policy};

    /// A wrong `⌊xy / 2^32⌋` never reduces the product to a valid word.
    #[test]
    fn a_wrong_product_quotient_gives_an_invalid_word() {
        for (x, y) in [
            (0u32, 7u32),
            (7, 9),
            (70_000, 70_000),
            (u32::MAX, u32::MAX),
            (1 << 31, 6),
        ] {
            let (xc, yc) = (AnU32::encode(x).to_raw(), AnU32::encode(y).to_raw());
            let high = (u64::from(x) * u64::from(y)) >> 32;
            assert_eq!(
                reduced_product::<u32>(xc, yc, high),
                AnU32::encode(x.wrapping_mul(y)).to_raw()
            );
            for wrong in [
                high ^ 1,
                high.wrapping_add(1),
                high ^ (1 << 31),
                high ^ 0xffff,
                !high & 0xffff_ffff,
            ] {
                let word = reduced_product::<u32>(xc, yc, wrong);
                assert!(
                    !AnU32::is_valid_raw(word),
                    "{x}·{y} with ⌊xy/2^32⌋ = {wrong}"
                );
            }
        }
    }

    /// 12 / 3 with the divisor's value read as 2 (one bit off) would divide
    /// into `A·6`, a valid word: the quotient's check catches it.
    #[test]
    fn a_wrong_divisor_value_is_caught() {
        let _panic = fault::scoped(Policy::Panic);
        let (x, y) = (AnU32::encode(12).to_raw(), AnU32::encode(3).to_raw());
        assert_eq!(
            divide::<u32>(x, y, 12 / 3),
            (AnU32::encode(4).to_raw(), true)
        );
        let wrong = std::panic::catch_unwind(|| divide::<u32>(x, y, 12 / 2));
        let fault = wrong.unwrap_err().downcast::<Fault>().unwrap();
        assert_eq!((fault.word, fault.operation), (6 * AnU32::A, "div"));
    }

    proptest::proptest! {
        /// Any wrong quotient of `N` bits, for any operands, is caught.
        #[test]
        fn any_wrong_quotient_is_caught(x: u32, y in 1u32.., wrong: u32, x64: u64, y64 in 1u64.., wrong64: u64) {
            let _panic = fault::scoped(Policy::Panic);
            let (xc, yc) = (AnU32::encode(x).to_raw(), AnU32::encode(y).to_raw());
            proptest::prop_assert_eq!(divide::<u32>(xc, yc, u64::from(x / y)).0, AnU32::encode(x / y).to_raw());
            if wrong != x / y {
                let quotient = u64::from(wrong);
                proptest::prop_assert!(std::panic::catch_unwind(|| divide::<u32>(xc, yc, quotient)).is_err());
            }
            let (xc, yc) = (crate::an::AnU64::encode(x64).to_raw(), crate::an::AnU64::encode(y64).to_raw());
            if wrong64 != x64 / y64 {
                let quotient = u128::from(wrong64);
                proptest::prop_assert!(std::panic::catch_unwind(|| divide::<u64>(xc, yc, quotient)).is_err());
            }
        }
    }

    /// Every wrong quotient, near the right one or far from it, is caught,
    /// in both widths; the right one is exact where the remainder is zero.
    #[test]
    fn a_wrong_quotient_is_caught() {
        let _panic = fault::scoped(Policy::Panic);
        fn caught<T: Code>(x: T::Raw, y: T::Raw, q: T::Raw) -> bool {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| divide::<T>(x, y, q))).is_err()
        }
        for (x, y) in [
            (u32::MAX, 1u32),
            (u32::MAX, u32::MAX),
            (u32::MAX, (1 << 31) + 5),
            (1 << 31, 3),
            (12, 3),
            (0, 7),
            (99, 100),
        ] {
            let (xc, yc) = (AnU32::encode(x).to_raw(), AnU32::encode(y).to_raw());
            let q = u64::from(x / y);
            assert_eq!(
                divide::<u32>(xc, yc, q),
                (AnU32::encode(x / y).to_raw(), x % y == 0)
            );
            for wrong in [
                q + 1,
                q.wrapping_sub(1),
                q ^ (1 << 31),
                !q & 0xffff_ffff,
                0xffff_ffff,
            ] {
                if wrong != q && wrong <= 0xffff_ffff {
                    assert!(caught::<u32>(xc, yc, wrong), "{x}/{y} as {wrong}");
                }
            }
        }
        let (x, y) = (u64::MAX, (1u64 << 63) + 9);
        let (xc, yc) = (
            crate::an::AnU64::encode(x).to_raw(),
            crate::an::AnU64::encode(y).to_raw(),
        );
        for wrong in [0u128, 2, u128::from(u64::MAX)] {
            assert!(caught::<u64>(xc, yc, wrong), "{x}/{y} as {wrong}");
        }
    }
}
