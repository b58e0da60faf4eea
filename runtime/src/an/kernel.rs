//! Arithmetic on code words. Each kernel returns the encoded result of the
//! unsigned type's wrapping operation and whether that type would have
//! overflowed; signed types reuse the word and take their own flag. The
//! kernels are generic over the type, and each instance is the `u32` one
//! with its own widths: `M = A·2^N`, values of `N` bits.

use super::code::Code;
use super::raw::Raw;
use crate::fault;

/// `x_c + y_c`, reduced modulo `M`: `x + (y − M)` carries exactly when
/// `x + y ≥ M`, and then is the result; else `x + y` is. Both sums take one
/// step from `x`, and the carry picks one: a chain through `x` waits two
/// steps. Needs `y < M` (a code word).
///
/// Whatever the words, the result is `x + y` or `x + y − M`: an error in
/// either word reaches the result, off by at most `M`, which moves its
/// decoded value by at most 2^N (see the module docs of `an`).
#[inline(always)]
pub(super) fn add<T: Code>(x: T::Raw, y: T::Raw) -> (T::Raw, bool) {
    let (reduced, wrapped) = x.carrying_add(y.wrapping_sub(T::M));
    (if wrapped { reduced } else { x.wrapping_add(y) }, wrapped)
}

/// `x_c − y_c` modulo `M`: the sum of `x` and `−y = M − y` (0 for 0), so
/// as quick as [`add`]; the type borrows when that sum does not wrap,
/// unless `y` is 0. An error in either word reaches the result as in `add`.
#[inline(always)]
pub(super) fn sub<T: Code>(x: T::Raw, y: T::Raw) -> (T::Raw, bool) {
    let zero = <T::Raw as Raw>::ZERO;
    let negated = if y == zero {
        zero
    } else {
        T::M.wrapping_sub(y)
    };
    let (difference, wrapped) = add::<T>(x, negated);
    (difference, !wrapped && y != zero)
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

/// `A·⌊x/y⌋ = (x_c − A·(x mod y)) / y`: the multiple of `y_c` below `x_c`,
/// divided exactly by the divisor's value. A wrong value could divide into
/// a valid wrong word, so the quotient `d` is checked against the code word:
/// `d·y_c = A·(x_c − A·(x mod y))` modulo 2^W holds for no other code word
/// `d`. A wrong divisor value or quotient goes to the fault policy, and so,
/// but for freak wraps, does a wrong remainder. Operands must have been
/// checked, `y ≠ 0`.
#[inline(always)]
#[track_caller]
pub(super) fn div<T: Code>(x: T::Raw, y: T::Raw) -> T::Raw {
    divide::<T>(x, y, value::<T>(y))
}

/// [`div`] with the divisor's value given: `y_value` is `value(y)` but for
/// an error.
#[inline(always)]
#[track_caller]
fn divide<T: Code>(x: T::Raw, y: T::Raw, y_value: T::Raw) -> T::Raw {
    let multiple = x - rem::<T>(x, y);
    let quotient = multiple / y_value;
    if quotient.wrapping_mul(y) != multiple.wrapping_mul(T::A) {
        fault::invalid_word(quotient.low_u64(), "div");
    }
    quotient
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

/// `A·⌊x/2^k⌋`, for `k < N`: with `l = x mod 2^k` (from the value),
/// `A·⌊x/2^k⌋ = ⌊x_c/2^k⌋ − ⌊A·l/2^k⌋`. The code word shifted, minus a
/// correction below A: a wrong correction leaves a result off by less
/// than A, not a multiple of it. The operand must have been checked.
#[inline(always)]
pub(super) fn shr<T: Code>(x: T::Raw, k: u32) -> T::Raw {
    debug_assert!(k < T::BITS);
    let one = <T::Raw as Raw>::ONE;
    let low_bits = value::<T>(x) & ((one << k) - one);
    (x >> k) - ((low_bits * T::A) >> k)
}

/// `A·(2^N − 1 − x)`: the type's `!x` (for a signed type too: `−1 − x`
/// has the same bits). An error `e` in `x` becomes `−e`.
#[inline(always)]
pub(super) fn not<T: Code>(x: T::Raw) -> T::Raw {
    (T::VALUE_MAX * T::A).wrapping_sub(x)
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
        assert_eq!(divide::<u32>(x, y, 3), AnU32::encode(4).to_raw());
        let wrong = std::panic::catch_unwind(|| divide::<u32>(x, y, 2));
        let fault = wrong.unwrap_err().downcast::<Fault>().unwrap();
        assert_eq!((fault.word, fault.operation), (6 * AnU32::A, "div"));
    }
}
