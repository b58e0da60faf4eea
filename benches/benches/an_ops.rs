//! Each operation of `AnU32` against the same operation on `u32`, timed as
//! the CPU runs it: encoded / plain, of the medians of interleaved rounds,
//! with the 10th–90th percentiles of the per-round ratios.
//!
//! `cargo bench -p anguard-benches --bench an_ops` prints a Markdown table.
//! Latency: each input pair feeds 8 dependent steps. Throughput: the same 8
//! steps per input over 4 independent streams. Every step passes a register
//! barrier (`anguard_benches::Opaque`: no memory traffic, no instruction);
//! the inputs are made opaque once per batch. Plain `add` runs one cycle per
//! step, so its ns/op is this machine's cycle time.

use std::hint::black_box;

use anguard::AnU32;
use anguard_benches::ops::{STEPS, STREAMS, latency, operands, throughput};
use anguard_benches::{Comparison, compare, for_each_operation};

/// Input pairs per batch: one batch is `LEN · STEPS` operations.
const LEN: usize = 1024;
const ROUNDS: usize = 1001;

struct Inputs {
    xs: Vec<u32>,
    ys: Vec<u32>,
    exs: Vec<AnU32>,
    eys: Vec<AnU32>,
}

impl Inputs {
    fn new() -> Self {
        let xs = operands(0x1234_5678, LEN);
        let ys = operands(0x9abc_def1, LEN);
        let encode = |v: &[u32]| v.iter().copied().map(AnU32::encode).collect();
        Self {
            exs: encode(&xs),
            eys: encode(&ys),
            xs,
            ys,
        }
    }
}

/// The streams' first accumulators: 1, 2, …
fn starts() -> [u32; STREAMS] {
    std::array::from_fn(|i| i as u32 + 1)
}

struct Row {
    name: &'static str,
    latency: Comparison,
    throughput: Comparison,
}

fn ns_per_op(comparison: &Comparison) -> (f64, f64) {
    let per_op = |d: std::time::Duration| d.as_secs_f64() * 1e9 / (LEN * STEPS) as f64;
    (per_op(comparison.plain), per_op(comparison.encoded))
}

macro_rules! measure {
    ($($name:literal |$acc:ident, $x:ident, $y:ident| $step:expr;)*) => {{
        let inputs = Inputs::new();
        let mut rows = Vec::new();
        $({
            let chain = compare(
                ROUNDS,
                || {
                    let (xs, ys) = black_box((&inputs.xs, &inputs.ys));
                    latency::<STEPS, _>(1u32, xs, ys, |$acc: u32, $x: u32, $y: u32| $step)
                },
                || {
                    let (xs, ys) = black_box((&inputs.exs, &inputs.eys));
                    latency::<STEPS, _>(AnU32::ONE, xs, ys, |$acc: AnU32, $x: AnU32, $y: AnU32| $step)
                        .decode()
                },
            );
            let streams = compare(
                ROUNDS,
                || {
                    let (xs, ys) = black_box((&inputs.xs, &inputs.ys));
                    throughput(starts(), xs, ys, |$acc: u32, $x: u32, $y: u32| $step)
                },
                || {
                    let (xs, ys) = black_box((&inputs.exs, &inputs.eys));
                    let start = starts().map(AnU32::encode);
                    throughput(start, xs, ys, |$acc: AnU32, $x: AnU32, $y: AnU32| $step)
                        .map(AnU32::decode)
                },
            );
            rows.push(Row { name: $name, latency: chain, throughput: streams });
        })*
        rows
    }};
}

fn main() {
    let rows = for_each_operation!(measure);
    println!(
        "| operation | latency plain ns/op | encoded ns/op | encoded / plain (p10–p90) \
         | throughput plain ns/op | encoded ns/op | encoded / plain (p10–p90) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for row in &rows {
        let cells = [&row.latency, &row.throughput].map(|comparison| {
            let (plain, encoded) = ns_per_op(comparison);
            let (low, high) = comparison.spread();
            format!(
                "{plain:.3} | {encoded:.3} | {:.2}× ({low:.2}–{high:.2})",
                comparison.ratio()
            )
        });
        println!("| {} | {} | {} |", row.name, cells[0], cells[1]);
    }
}
