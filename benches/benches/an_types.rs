//! Each encoded type against its std type, timed as the CPU runs it: the
//! latency of a dependent chain, encoded / plain, of the medians of
//! interleaved rounds (the method of the `an_ops` benchmark, on a subset of
//! its operations).
//!
//! `cargo bench -p anguard-benches --bench an_types` prints a Markdown table:
//! one row per operation, one column per type.

use std::hint::black_box;

use anguard::an::{AnI8, AnI16, AnI32, AnI64, AnIsize, AnU8, AnU16, AnU32, AnU64, AnUsize};
use anguard_benches::ops::{STEPS, latency, typed_operands};
use anguard_benches::{compare, for_each_type, for_each_typed_operation};

const LEN: usize = 1024;
const ROUNDS: usize = 301;

/// The ratio of every operation on one type, in [`for_each_typed_operation`]'s order.
macro_rules! ratios {
    ($plain:ty, $encoded:ident; $($name:literal |$acc:ident, $x:ident, $y:ident| $step:expr;)*) => {{
        let xs: Vec<$plain> = typed_operands(0x1234_5678, LEN, <$plain>::MAX as u64);
        let ys: Vec<$plain> = typed_operands(0x9abc_def1, LEN, <$plain>::MAX as u64);
        let exs: Vec<$encoded> = xs.iter().copied().map($encoded::encode).collect();
        let eys: Vec<$encoded> = ys.iter().copied().map($encoded::encode).collect();
        vec![$(
            compare(
                ROUNDS,
                || {
                    let (xs, ys) = black_box((&xs, &ys));
                    latency::<STEPS, _>(1, xs, ys, |$acc: $plain, $x: $plain, $y: $plain| $step)
                },
                || {
                    let (xs, ys) = black_box((&exs, &eys));
                    latency::<STEPS, _>($encoded::ONE, xs, ys, |$acc: $encoded, $x: $encoded, $y: $encoded| $step)
                        .decode()
                },
            )
            .ratio(),
        )*]
    }};
}

macro_rules! names {
    ($($name:literal |$acc:ident, $x:ident, $y:ident| $step:expr;)*) => {
        [$($name),*]
    };
}

macro_rules! columns {
    ($($type_name:literal $plain:ident $encoded:ident;)*) => {
        vec![$(($type_name, for_each_typed_operation!(ratios, $plain, $encoded)),)*]
    };
}

fn main() {
    let columns: Vec<(&str, Vec<f64>)> = for_each_type!(columns);
    print!("| operation (latency, encoded / plain) |");
    for (name, _) in &columns {
        print!(" {name} |");
    }
    println!();
    println!("|---|{}", "---:|".repeat(columns.len()));
    for (row, name) in for_each_typed_operation!(names).into_iter().enumerate() {
        print!("| {name} |");
        for (_, ratios) in &columns {
            print!(" {:.2}× |", ratios[row]);
        }
        println!();
    }
}
