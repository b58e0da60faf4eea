//! The claim behind the choice of A: every flip of up to 3 bits (4, in fact)
//! anywhere in a 64-bit code word is detected, and an error of up to 3 bits
//! stays detectable through additions and subtractions.

use anguard::AnU32;

/// `|e·A⁻¹ mod 2^64|`, as a distance from zero: how far the error moves the
/// decoded value.
fn decoded_offset(error: u64) -> u64 {
    let offset = error.wrapping_mul(inverse(AnU32::A));
    offset.min(offset.wrapping_neg())
}

fn inverse(a: u64) -> u64 {
    (0..6).fold(a, |x, _| {
        x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)))
    })
}

/// Every signed error `±2^i ± 2^j …` of exactly `weight` distinct bits.
fn errors(weight: usize) -> Vec<u64> {
    fn extend(out: &mut Vec<u64>, sum: u64, below: u32, left: usize) {
        if left == 0 {
            out.push(sum);
            return;
        }
        for bit in 0..below {
            for sign in [1u64, u64::MAX] {
                extend(
                    out,
                    sum.wrapping_add(sign.wrapping_mul(1 << bit)),
                    bit,
                    left - 1,
                );
            }
        }
    }
    let mut out = Vec::new();
    extend(&mut out, 0, 64, weight);
    out
}

/// A flip of bits in a word `w` changes it by a signed error of the same
/// weight; the flipped word passes the check only if that error moves the
/// decoded value by less than 2^32. So no error of weight ≤ 4 may, for any
/// word, and this covers every code word, not only samples.
#[test]
fn every_error_of_weight_up_to_4_moves_the_decoded_value_out_of_range() {
    for weight in 1..=4 {
        let smallest = errors(weight)
            .into_iter()
            .map(decoded_offset)
            .min()
            .unwrap();
        assert!(
            smallest >= 1 << 34,
            "weight {weight}: an error moves the decoded value by only {smallest}"
        );
        if weight <= 3 {
            // Sums and differences move it by < 2^33: the error survives them.
            assert!(smallest >= 1 << 48, "weight {weight}: offset {smallest}");
        }
    }
}

fn sample_words() -> Vec<AnU32> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut random = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as u32
    };
    let mut words: Vec<AnU32> = [0, 1, 2, u32::MAX, u32::MAX - 1, 1 << 31]
        .into_iter()
        .map(AnU32::encode)
        .collect();
    words.extend((0..4).map(|_| AnU32::encode(random())));
    words
}

/// The same claim, flipping real bits of sample words: every 1-, 2- and 3-bit
/// flip of 0, max and random words fails the check.
#[test]
fn every_1_2_and_3_bit_flip_of_sample_words_is_detected() {
    for word in sample_words() {
        let raw = word.to_raw();
        let mut flips = 0u64;
        for i in 0..64 {
            let one = raw ^ (1 << i);
            assert!(AnU32::from_raw(one).is_err(), "{raw:#x} bit {i}");
            for j in 0..i {
                let two = one ^ (1 << j);
                assert!(AnU32::from_raw(two).is_err(), "{raw:#x} bits {i},{j}");
                for k in 0..j {
                    let three = two ^ (1 << k);
                    assert!(AnU32::from_raw(three).is_err(), "{raw:#x} bits {i},{j},{k}");
                    flips += 1;
                }
            }
        }
        assert_eq!(flips, 64 * 63 * 62 / 6);
    }
}

/// In memory a word is kept as `A·(x − 2^32)` (`to_stored`): the code word
/// minus `M = A·2^32`, modulo 2^64. A flip of bit i there changes that
/// integer, and so the code word, by `±2^i`: the signed errors enumerated
/// above. Here too, with real flips: every 1-, 2- and 3-bit flip of the
/// stored sample words leaves a word whose code word fails the check.
#[test]
fn every_1_2_and_3_bit_flip_of_stored_sample_words_is_detected() {
    let m = AnU32::A << 32;
    let valid = |stored: u64| AnU32::is_valid_raw(stored.wrapping_add(m));
    for word in sample_words() {
        let stored = word.to_stored();
        assert!(valid(stored));
        for i in 0..64 {
            let one = stored ^ (1 << i);
            assert!(!valid(one), "{stored:#x} bit {i}");
            for j in 0..i {
                let two = one ^ (1 << j);
                assert!(!valid(two), "{stored:#x} bits {i},{j}");
                for k in 0..j {
                    assert!(!valid(two ^ (1 << k)), "{stored:#x} bits {i},{j},{k}");
                }
            }
        }
    }
}

/// A random word passes the check with probability about 2^-32.
#[test]
fn random_words_almost_never_pass() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let passed = (0..1_000_000)
        .filter(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            AnU32::is_valid_raw(state)
        })
        .count();
    assert_eq!(passed, 0);
}
