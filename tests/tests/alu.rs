//! The arithmetic injection point in both copies of corpus modules (run with
//! `cargo test -p anguard-tests --features inject`): the plain copy's
//! operations of every encoded width hit it as often as the encoded copy's,
//! so
//! that "the N-th operation" names the same operation in both builds; a
//! fault there silently changes the plain result and is caught in the
//! encoded one.
#![cfg(feature = "inject")]

use anguard::AnU32;
use anguard::inject::alu;
use anguard_tests::corpus::*;
use proptest::prelude::*;

/// How many operations `f` sends through the injection point.
fn count<R>(f: impl FnOnce() -> R) -> u64 {
    let before = alu::operations();
    let _ = std::hint::black_box(f());
    alu::operations() - before
}

fn e(x: u32) -> AnU32 {
    AnU32::encode(x)
}

proptest! {
    #[test]
    fn corpus_operations_count_alike(x in any::<u32>(), y in any::<u32>(), data in prop::collection::vec(any::<u8>(), 0..40)) {
        prop_assert_eq!(count(|| adler::plain::adler32(&data)), count(|| adler::encoded::adler32(&data)));
        prop_assert_eq!(
            count(|| adler::plain::roll(x, y % 5000 + 1, 3, 4)),
            count(|| adler::encoded::roll(e(x), e(y % 5000 + 1), 3.into(), 4.into()))
        );
        prop_assert_eq!(count(|| fnv::plain::fnv1a(&data)), count(|| fnv::encoded::fnv1a(&data)));
        prop_assert_eq!(count(|| gcd::plain::euclid(x, y)), count(|| gcd::encoded::euclid(e(x), e(y))));
        prop_assert_eq!(count(|| gcd::plain::binary(x, y)), count(|| gcd::encoded::binary(e(x), e(y))));
        prop_assert_eq!(count(|| gcd::plain::lcm(x, y)), count(|| gcd::encoded::lcm(e(x), e(y))));
        prop_assert_eq!(count(|| prng::plain::lcg(x)), count(|| prng::encoded::lcg(e(x))));
        prop_assert_eq!(
            count(|| prng::plain::XorShift32::new(x).below(y | 1)),
            count(|| prng::encoded::XorShift32::new(e(x)).below(e(y | 1)))
        );
        prop_assert_eq!(count(|| bits::plain::ones(x)), count(|| bits::encoded::ones(e(x))));
        prop_assert_eq!(count(|| bits::plain::parity(x)), count(|| bits::encoded::parity(e(x))));
        let id = y % 32;
        prop_assert_eq!(
            count(|| bits::plain::Members(x).remove(id).insert(id)),
            count(|| bits::encoded::Members(e(x)).remove(e(id)).insert(e(id)))
        );
    }

    /// Every width counts alike: `u64` terms and indices, `usize`
    /// positions, `i64`, `i16` and `u16` arithmetic.
    #[test]
    fn wide_and_signed_operations_count_alike(
        appends in prop::collection::vec((0u64..8, 0u64..3, prop::collection::vec(0u64..4, 0..4)), 0..8),
        matched in prop::collection::vec(0u64..10, 1..5),
        (a, b) in (any::<i64>(), any::<i64>()),
        (seq, adjust) in (any::<u16>(), any::<i16>()),
    ) {
        use anguard::an::{AnI16, AnI64, AnU16, AnU64};
        let plain = || {
            let mut log = raft_log::plain::Log::default();
            for (prev, prev_term, entries) in &appends {
                let _ = log.append(*prev, *prev_term, entries);
            }
            log.advance_commit(&matched, 2)
        };
        let encoded = || {
            let mut log = raft_log::encoded::Log::default();
            for (prev, prev_term, entries) in &appends {
                let entries: Vec<AnU64> = entries.iter().copied().map(AnU64::encode).collect();
                let _ = log.append(AnU64::encode(*prev), AnU64::encode(*prev_term), &entries);
            }
            let matched: Vec<AnU64> = matched.iter().copied().map(AnU64::encode).collect();
            log.advance_commit(&matched, AnU64::encode(2))
        };
        prop_assert_eq!(count(plain), count(encoded));
        prop_assert_eq!(
            count(|| clock_deltas::plain::delta_forms(a, b)),
            count(|| clock_deltas::encoded::delta_forms(AnI64::encode(a), AnI64::encode(b)))
        );
        prop_assert_eq!(
            count(|| clock_deltas::plain::narrow(a, seq, adjust)),
            count(|| clock_deltas::encoded::narrow(AnI64::encode(a), AnU16::encode(seq), AnI16::encode(adjust)))
        );
    }

    /// Where the counts differ, and by how much: an encoded range steps by
    /// an encoded addition (`AnRange`), std's does not pass the hook.
    #[test]
    fn an_encoded_range_adds_one_operation_per_step(x in any::<u32>(), steps in 0u32..50) {
        prop_assert_eq!(
            count(|| prng::plain::lcg_n(x, steps)) + u64::from(steps),
            count(|| prng::encoded::lcg_n(e(x), e(steps)))
        );
    }

    /// The same fault, the same operation: the plain result is silently
    /// wrong, the encoded one fails its check.
    #[test]
    fn a_fault_corrupts_plain_and_is_caught_in_encoded(x in any::<u32>(), at in 0u64..3, bit in 0u32..32) {
        let golden = prng::plain::lcg(x);
        alu::arm(at, 1 << bit);
        let plain = prng::plain::lcg(x);
        let struck = alu::fired();
        alu::arm(at, 1 << bit);
        let encoded = prng::encoded::lcg(e(x));
        alu::disarm();
        // lcg is two operations: a third one is never reached.
        prop_assert_eq!(struck, at < 2);
        prop_assert_eq!(plain != golden, at < 2);
        prop_assert_eq!(encoded.is_valid(), at >= 2);
    }
}
