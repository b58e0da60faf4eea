//! The exchange and mid-handler injection points on a small module, in both
//! copies (run with `cargo test -p anguard --features inject --test
//! exchange`): the same fault gives the plain copy a wrong value and the
//! encoded copy a wrong but valid code word (an exchange), or an invalid one
//! (a flip of a stored word).
#![cfg(feature = "inject")]

use anguard::AnU32;
use anguard::inject::control::arm_flip;
use anguard::inject::exchange::{OPERANDS, OPERATORS, enter_handler};

#[anguard::an_encode]
pub mod cell {
    #[derive(Debug, Clone, Default)]
    pub struct Cell {
        pub a: u32,
        pub b: u32,
        pub c: u32,
    }

    impl Cell {
        /// `a + 3`, then `b * c - a`.
        pub fn sums(&self) -> (u32, u32) {
            (self.a + 3, self.b * self.c - self.a)
        }

        pub fn set(&mut self, a: u32) {
            self.a = a;
        }
    }
}

fn plain() -> cell::plain::Cell {
    cell::plain::Cell { a: 10, b: 4, c: 5 }
}

fn encoded() -> cell::encoded::Cell {
    let e = AnU32::encode;
    cell::encoded::Cell {
        a: e(10),
        b: e(4),
        c: e(5),
    }
}

fn decoded((x, y): (AnU32, AnU32)) -> (u32, u32) {
    (x.decode(), y.decode())
}

#[test]
fn an_exchanged_operator_runs_the_neighbour_in_both_copies() {
    // The first operation, `a + 3`, runs as `a - 3`.
    enter_handler();
    OPERATORS.with(|p| p.arm(0));
    assert_eq!(plain().sums(), (7, 10));
    assert!(OPERATORS.with(|p| p.disarm()));
    enter_handler();
    OPERATORS.with(|p| p.arm(0));
    assert_eq!(decoded(encoded().sums()), (7, 10), "a valid, wrong word");
    assert!(OPERATORS.with(|p| p.disarm()));
    // The third, `20 - a`, as `20 + a`.
    enter_handler();
    OPERATORS.with(|p| p.arm(2));
    assert_eq!(plain().sums(), (13, 30));
    enter_handler();
    OPERATORS.with(|p| p.arm(2));
    assert_eq!(decoded(encoded().sums()), (13, 30));
    OPERATORS.with(|p| p.disarm());
}

#[test]
fn an_exchanged_operand_reads_a_live_word_of_its_type() {
    // Reads: a, 3, b, c, b·c, a. The fourth, `c`, reads the latest live
    // word with another value: `b` (4), so `b * c` is 16.
    enter_handler();
    OPERANDS.with(|p| p.arm(3));
    assert_eq!(plain().sums(), (13, 6));
    assert!(OPERANDS.with(|p| p.disarm()));
    enter_handler();
    OPERANDS.with(|p| p.arm(3));
    assert_eq!(decoded(encoded().sums()), (13, 6), "a valid, wrong word");
    assert!(OPERANDS.with(|p| p.disarm()));
}

#[test]
fn a_flipped_stored_word_is_silently_wrong_plain_and_invalid_encoded() {
    let mut p = plain();
    arm_flip(0, 1 << 3);
    p.set(1);
    assert_eq!(p.a, 1 ^ 1 << 3);
    let mut e = encoded();
    arm_flip(0, 1 << 3);
    e.set(AnU32::encode(1));
    assert!(!e.a.is_valid(), "the next check catches it");
}

#[anguard::an_encode]
pub mod counters {
    #[derive(Debug, Clone, Default)]
    pub struct Counters {
        pub hops: u8,
        pub budget: u8,
    }

    impl Counters {
        /// `hops + 1`, then `budget - hops`.
        pub fn step(&self) -> (u8, u8) {
            (self.hops + 1, self.budget - self.hops)
        }
    }
}

#[test]
fn u8_counters_are_exchange_points_in_both_copies() {
    use anguard::AnU8;
    let plain = counters::plain::Counters { hops: 3, budget: 9 };
    let encoded = counters::encoded::Counters {
        hops: AnU8::encode(3),
        budget: AnU8::encode(9),
    };
    let decoded = |(x, y): (AnU8, AnU8)| (x.decode(), y.decode());
    // The second operation, `budget - hops`, runs as `budget + hops`.
    enter_handler();
    OPERATORS.with(|p| p.arm(1));
    assert_eq!(plain.step(), (4, 12));
    assert!(OPERATORS.with(|p| p.disarm()));
    enter_handler();
    OPERATORS.with(|p| p.arm(1));
    assert_eq!(decoded(encoded.step()), (4, 12), "a valid, wrong word");
    assert!(OPERATORS.with(|p| p.disarm()));
    // Reads: hops, 1, budget, hops. The fourth reads the latest live byte
    // with another value: `budget` (9), so `budget - hops` is 0.
    enter_handler();
    OPERANDS.with(|p| p.arm(3));
    assert_eq!(plain.step(), (4, 0));
    assert!(OPERANDS.with(|p| p.disarm()));
    enter_handler();
    OPERANDS.with(|p| p.arm(3));
    assert_eq!(decoded(encoded.step()), (4, 0), "a valid, wrong word");
    assert!(OPERANDS.with(|p| p.disarm()));
}
