//! Each operation of `AnU32` against the same operation on `u32`, as the ratio
//! encoded / plain of median times from one run.
//!
//! `cargo bench -p anguard-benches --bench an_ops` prints a Markdown table.
//! "chain" rows feed each result into the next operation (latency);
//! "independent" rows sum independent operations (throughput). Each operand
//! passes through `black_box`, which keeps the optimizer from vectorizing or
//! folding either side; its load is off the chain and the same for both.

use std::hint::black_box;

use anguard::AnU32;
use anguard_benches::compare;

const LEN: usize = 4096;
const ROUNDS: usize = 301;

/// Operands in `1..=100_000`, opaque to the optimizer.
fn operands(seed: u32) -> Vec<u32> {
    let mut state = seed;
    (0..LEN)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state % 100_000 + 1
        })
        .collect()
}

struct Row {
    name: &'static str,
    kind: &'static str,
    ratio: f64,
    plain_ns: f64,
    encoded_ns: f64,
}

/// Benchmarks one operation: `$plain` over u32 and `$encoded` over AnU32,
/// each a closure `(acc, x, y) -> acc` applied across the operand arrays.
macro_rules! bench_op {
    ($rows:ident, $name:literal, $kind:literal, |$acc:ident, $x:ident, $y:ident| $body:expr) => {{
        let xs = black_box(operands(0x1234_5678));
        let ys = black_box(operands(0x9abc_def1));
        let exs: Vec<AnU32> = xs.iter().copied().map(AnU32::encode).collect();
        let eys: Vec<AnU32> = ys.iter().copied().map(AnU32::encode).collect();
        let comparison = compare(
            ROUNDS,
            || {
                let mut $acc: u32 = black_box(1);
                for (&$x, &$y) in xs.iter().zip(&ys) {
                    let ($x, $y) = (black_box($x), black_box($y));
                    $acc = $body;
                }
                $acc
            },
            || {
                let mut $acc: AnU32 = black_box(AnU32::ONE);
                for (&$x, &$y) in exs.iter().zip(&eys) {
                    let ($x, $y) = (black_box($x), black_box($y));
                    $acc = $body;
                }
                $acc.decode()
            },
        );
        $rows.push(Row {
            name: $name,
            kind: $kind,
            ratio: comparison.ratio(),
            plain_ns: comparison.plain.as_secs_f64() * 1e9 / LEN as f64,
            encoded_ns: comparison.encoded.as_secs_f64() * 1e9 / LEN as f64,
        });
    }};
}

fn main() {
    let mut rows = Vec::new();
    bench_op!(rows, "add", "chain", |acc, x, _y| acc.wrapping_add(x));
    bench_op!(rows, "sub", "chain", |acc, x, _y| acc.wrapping_sub(x));
    bench_op!(rows, "mul", "chain", |acc, x, _y| acc.wrapping_mul(x));
    bench_op!(rows, "div", "independent", |acc, x, y| acc
        .wrapping_add(x / y));
    bench_op!(rows, "rem", "independent", |acc, x, y| acc
        .wrapping_add(x % y));
    bench_op!(rows, "compare (min)", "chain", |acc, x, _y| acc.min(x));
    bench_op!(
        rows,
        "compare (<, select)",
        "chain",
        |acc, x, y| if acc < x { y } else { acc }
    );
    bench_op!(rows, "eq", "independent", |acc, x, y| if x == y {
        acc
    } else {
        acc.wrapping_add(x)
    });
    bench_op!(rows, "shl 3", "chain", |acc, x, _y| (acc << 3)
        .wrapping_add(x));
    bench_op!(rows, "shr 3", "chain", |acc, x, _y| (acc >> 3)
        .wrapping_add(x));
    bench_op!(rows, "not", "chain", |acc, x, _y| (!acc).wrapping_add(x));
    bench_op!(rows, "xor (decodes)", "chain", |acc, x, _y| acc ^ x);

    println!("| operation | measured as | plain ns/op | encoded ns/op | encoded / plain |");
    println!("|---|---|---:|---:|---:|");
    for row in &rows {
        println!(
            "| {} | {} | {:.2} | {:.2} | {:.2}× |",
            row.name, row.kind, row.plain_ns, row.encoded_ns, row.ratio
        );
    }
}
