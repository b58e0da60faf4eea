//! A corrupted operand of each operation is detected before its result is
//! used: either the operation's own check fires, or the error propagates into
//! the result, whose next check (here, `decode`) fires.

use std::panic::{self, UnwindSafe};

use anguard::AnU32;
use anguard::fault::{self, Fault, Policy};
use anguard::inject::Flip;

type Binary = fn(AnU32, AnU32) -> AnU32;
type Unary = fn(AnU32) -> AnU32;
type Predicate = fn(AnU32, AnU32) -> bool;

const BINARY: &[(&str, Binary)] = &[
    ("add", |x, y| x.wrapping_add(y)),
    ("sub", |x, y| x.wrapping_sub(y)),
    ("mul", |x, y| x.wrapping_mul(y)),
    ("div", |x, y| x / y),
    ("rem", |x, y| x % y),
    ("and", |x, y| x & y),
    ("or", |x, y| x | y),
    ("xor", |x, y| x ^ y),
    ("min", AnU32::min),
    ("max", AnU32::max),
    ("abs_diff", AnU32::abs_diff),
    ("shl by word", |x, y| x.wrapping_shl(y.decode() % 7) << y),
    ("pow", |x, y| x.wrapping_pow(3).wrapping_add(y)),
    ("saturating_add", AnU32::saturating_add),
    ("checked_sub", |x, y| x.checked_sub(y).unwrap_or(y)),
    ("div_ceil", AnU32::div_ceil),
];

const UNARY: &[(&str, Unary)] = &[
    ("not", |x| !x),
    ("shl", |x| x << 5),
    ("shr", |x| x >> 5),
    ("count_ones", AnU32::count_ones),
    ("leading_ones", AnU32::leading_ones),
    ("trailing_ones", AnU32::trailing_ones),
    ("reverse_bits", AnU32::reverse_bits),
    ("next_power_of_two", |x| {
        x.checked_next_power_of_two().unwrap_or(x)
    }),
    ("wrapping_neg", AnU32::wrapping_neg),
    ("ilog2", |x| x.checked_ilog2().unwrap_or(x)),
    ("isqrt", AnU32::isqrt),
    ("pow", |x| x.wrapping_pow(2)),
    ("identity", |x| x),
];

const PREDICATES: &[(&str, Predicate)] = &[
    ("eq", |x, y| x == y),
    ("lt", |x, y| x < y),
    ("ge", |x, y| x >= y),
    ("is_multiple_of", AnU32::is_multiple_of),
    ("hash", |x, _| {
        use std::hash::BuildHasher;
        std::hash::RandomState::new().hash_one(x) != 0
    }),
];

fn corrupt(mut word: AnU32, mask: u64) -> AnU32 {
    word.flip(mask);
    word
}

/// Flip masks of 1, 2 and 3 bits spread over the word.
fn masks() -> Vec<u64> {
    let mut masks: Vec<u64> = (0..64).map(|i| 1 << i).collect();
    masks.extend((0..63).map(|i| 3 << i));
    masks.extend((0..62).step_by(3).map(|i| 0b1011 << i));
    masks
}

/// Runs `f`, and names it in `missed` unless it panicked with a `Fault`.
fn expect_fault(missed: &mut Vec<String>, what: String, f: impl FnOnce() + UnwindSafe) {
    match panic::catch_unwind(f) {
        Err(payload) if payload.downcast_ref::<Fault>().is_some() => {}
        Err(_) => missed.push(format!("{what}: panicked, but not with a Fault")),
        Ok(()) => missed.push(format!("{what}: not detected")),
    }
}

#[test]
fn a_corrupted_operand_never_yields_a_valid_result() {
    let _policy = fault::scoped(Policy::Panic);
    panic::set_hook(Box::new(|_| {}));
    let (x, y) = (AnU32::encode(123_456), AnU32::encode(789));
    let before = fault::detected();
    let mut cases = 0;
    let mut missed = Vec::new();
    for mask in masks() {
        for &(name, op) in BINARY {
            expect_fault(&mut missed, format!("{name} left {mask:#x}"), || {
                let _ = op(corrupt(x, mask), y).decode();
            });
            expect_fault(&mut missed, format!("{name} right {mask:#x}"), || {
                let _ = op(x, corrupt(y, mask)).decode();
            });
            cases += 2;
        }
        for &(name, op) in UNARY {
            expect_fault(&mut missed, format!("{name} {mask:#x}"), || {
                let _ = op(corrupt(x, mask)).decode();
            });
            cases += 1;
        }
        for &(name, op) in PREDICATES {
            expect_fault(&mut missed, format!("{name} {mask:#x}"), || {
                let _ = op(corrupt(x, mask), y);
            });
            cases += 1;
        }
    }
    let _ = panic::take_hook();
    assert!(
        missed.is_empty(),
        "{} of {cases} missed:\n{}",
        missed.len(),
        missed.join("\n")
    );
    assert_eq!(fault::detected() - before, cases);
}

#[test]
fn an_error_survives_a_chain_of_additions() {
    let _policy = fault::scoped(Policy::Panic);
    let mut acc = corrupt(AnU32::encode(5), 1 << 17);
    for i in 0..10_000 {
        acc = acc
            .wrapping_add(AnU32::encode(i))
            .wrapping_sub(AnU32::encode(i / 2));
    }
    assert!(!acc.is_valid());
}
