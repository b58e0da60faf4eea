//! The detection claim for the other encoded types.
//!
//! Types of up to 32 bits use the same 64-bit word and the same A as
//! `AnU32`, with a range of `2^N` values instead of `2^32`:
//! `tests/an_flips.rs` shows every error of weight ≤ 4 moves the decoded
//! value by at least 2^34, so they detect at least what `AnU32` does.
//!
//! 64-bit types store `A·x` in 128 bits and accept `w·A⁻¹ mod 2^128 < 2^64`.
//! Here every signed error of weight ≤ 3 anywhere in the 128 bits is
//! enumerated: each moves the decoded value by at least 2^100, so every flip
//! of up to 3 bits of any code word is detected, and survives additions
//! (which move the value by less than 2^65). Weight 4 is not covered: some
//! 4-bit errors are small multiples of A (`A·k` with `k ≈ 2^34`), which a
//! 2^64-wide range accepts.

use anguard::an::{AnBool, AnI8, AnI16, AnI32, AnI64, AnIsize, AnU8, AnU16, AnU64, AnUsize};

fn inverse(a: u128) -> u128 {
    (0..7).fold(a, |x, _| {
        x.wrapping_mul(2u128.wrapping_sub(a.wrapping_mul(x)))
    })
}

/// The smallest `|e·A⁻¹ mod 2^128|` over every signed error `e` of exactly
/// `weight` distinct bits among 128.
fn smallest_offset(weight: u32) -> u128 {
    fn walk(sum: u128, below: u32, left: u32, a_inv: u128, best: &mut u128) {
        if left == 0 {
            let offset = sum.wrapping_mul(a_inv);
            *best = (*best).min(offset.min(offset.wrapping_neg()));
            return;
        }
        for bit in (left - 1)..below {
            let power = 1u128 << bit;
            walk(sum.wrapping_add(power), bit, left - 1, a_inv, best);
            walk(sum.wrapping_sub(power), bit, left - 1, a_inv, best);
        }
    }
    let mut best = u128::MAX;
    walk(0, 128, weight, inverse(u128::from(AnU64::A)), &mut best);
    best
}

#[test]
fn every_error_of_weight_up_to_3_in_a_128_bit_word_leaves_the_64_bit_range() {
    for weight in 1..=3 {
        let smallest = smallest_offset(weight);
        assert!(
            smallest >= 1 << 100,
            "weight {weight}: an error moves the decoded value by only {smallest:#x}"
        );
    }
}

/// The same claim on real words of every 64-bit type: all 1- and 2-bit
/// flips, and 3-bit flips of the low 80 bits, of extreme and sample values.
#[test]
fn flips_of_64_bit_words_are_detected() {
    let values = [
        0,
        1,
        2,
        u64::MAX,
        u64::MAX - 1,
        1 << 63,
        0x9e37_79b9_7f4a_7c15,
    ];
    for raw in values.iter().flat_map(|&x| {
        [
            AnU64::encode(x).to_raw(),
            AnI64::encode(x as i64).to_raw(),
            AnUsize::encode(x as usize).to_raw(),
            AnIsize::encode(x as isize).to_raw(),
        ]
    }) {
        for i in 0..128 {
            let one = raw ^ (1 << i);
            assert!(AnU64::from_raw(one).is_err(), "{raw:#x} bit {i}");
            assert!(AnI64::from_raw(one).is_err(), "{raw:#x} bit {i}");
            for j in 0..i {
                let two = one ^ (1 << j);
                assert!(AnU64::from_raw(two).is_err(), "{raw:#x} bits {i},{j}");
                if i < 80 {
                    for k in 0..j {
                        assert!(AnU64::from_raw(two ^ (1 << k)).is_err());
                    }
                }
            }
        }
    }
}

/// Narrower types: every 1-, 2- and 3-bit flip of every code word of `u8`,
/// `i8` and `bool`, and of sample words of the 16- and 32-bit types.
#[test]
fn flips_of_narrow_words_are_detected() {
    fn all_flips_fail(raw: u64, valid: impl Fn(u64) -> bool) {
        for i in 0..64 {
            let one = raw ^ (1 << i);
            assert!(!valid(one), "{raw:#x} bit {i}");
            for j in 0..i {
                let two = one ^ (1 << j);
                assert!(!valid(two), "{raw:#x} bits {i},{j}");
                for k in 0..j {
                    assert!(!valid(two ^ (1 << k)), "{raw:#x} bits {i},{j},{k}");
                }
            }
        }
    }
    for x in 0..=u8::MAX {
        all_flips_fail(AnU8::encode(x).to_raw(), AnU8::is_valid_raw);
        all_flips_fail(AnI8::encode(x as i8).to_raw(), AnI8::is_valid_raw);
    }
    for b in [false, true] {
        all_flips_fail(AnBool::encode(b).to_raw(), AnBool::is_valid_raw);
    }
    for x in [0, 1, u16::MAX, 1 << 15, 0x9e37] {
        all_flips_fail(AnU16::encode(x).to_raw(), AnU16::is_valid_raw);
        all_flips_fail(AnI16::encode(x as i16).to_raw(), AnI16::is_valid_raw);
        all_flips_fail(
            AnI32::encode(i32::from(x as i16) << 16).to_raw(),
            AnI32::is_valid_raw,
        );
    }
}

/// A valid word of a narrow type is a valid `AnU32` word of the same value,
/// but not every `AnU32` word is a valid narrow one: the range is checked.
#[test]
fn narrow_types_check_their_range() {
    let wide = anguard::AnU32::encode(256).to_raw();
    assert!(AnU8::from_raw(wide).is_err());
    assert!(AnBool::from_raw(anguard::AnU32::encode(2).to_raw()).is_err());
    assert_eq!(
        AnI8::from_raw(AnU8::encode(255).to_raw()).map(AnI8::decode),
        Ok(-1)
    );
}
