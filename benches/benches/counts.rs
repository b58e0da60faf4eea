//! Instruction counts under valgrind's callgrind: the same for the same
//! binary, whatever else the machine is doing.
//!
//! `cargo bench -p anguard-benches --bench counts` needs `valgrind` on the
//! PATH (without it, it says so and skips). It runs this binary once per
//! case under
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect=*counted_region`,
//! so that only the instructions executed inside [`counted_region`] (and
//! what it calls) count, and prints Markdown tables:
//!
//! - each operation of `AnU32` against `u32`: instructions per operation,
//!   over a chain of 1000 steps (one fresh input pair per step, through the
//!   register barrier), minus the same chain with no operation;
//! - each encoded type against its std type, on a subset of the
//!   operations: instructions per operation, encoded / plain;
//! - one event of each kind of hale and rotel4, plain, encoded, encoded
//!   with the state scrub, and at hardening level `an-dup` (the scrub and
//!   every handler run twice and compared), each minus an empty region; the
//!   scrub's own cost is the difference of the second and third.
//!
//! The plain `add` of every type must count one instruction per step, or
//! the harness is not measuring what it says: the run fails.

use std::hint::black_box;
use std::path::Path;
use std::process::{Command, ExitCode};

use anguard::an::{AnI8, AnI16, AnI32, AnI64, AnIsize, AnU8, AnU16, AnU32, AnU64, AnUsize};
use anguard_benches::events::{self, Algo, Build, Prepared};
use anguard_benches::ops::{fresh_chain, operands, typed_operands};
use anguard_benches::{for_each_operation, for_each_type, for_each_typed_operation};

/// Steps of each chain counted.
const LEN: usize = 1000;
const _: () = assert!(LEN.is_multiple_of(anguard_benches::ops::STEPS));

/// Everything executed in here, and only that, is counted.
#[inline(never)]
fn counted_region(work: &mut dyn FnMut()) {
    work();
}

/// The names of the operations, in order.
macro_rules! names {
    ($($name:literal |$acc:ident, $x:ident, $y:ident| $step:expr;)*) => {
        [$($name),*]
    };
}

/// Runs the chain of one operation in the counted region: `identity` (no
/// operation) or one of [`for_each_operation`]'s.
macro_rules! count_operation {
    ($($name:literal |$acc:ident, $x:ident, $y:ident| $step:expr;)*) => {
        fn count_operation(build: &str, name: &str) -> Result<(), String> {
            let xs = black_box(operands(0x1234_5678, LEN));
            let ys = black_box(operands(0x9abc_def1, LEN));
            let encode = |v: &[u32]| -> Vec<AnU32> { v.iter().copied().map(AnU32::encode).collect() };
            let (exs, eys) = (encode(&xs), encode(&ys));
            match (build, name) {
                ("plain", "identity") => counted_region(&mut || {
                    black_box(fresh_chain(1u32, &xs, &ys, |acc, _, _| acc));
                }),
                ("encoded", "identity") => counted_region(&mut || {
                    black_box(fresh_chain(AnU32::ONE, &exs, &eys, |acc, _, _| acc));
                }),
                $(
                    ("plain", $name) => counted_region(&mut || {
                        black_box(fresh_chain(1u32, &xs, &ys, |$acc: u32, $x: u32, $y: u32| $step));
                    }),
                    ("encoded", $name) => counted_region(&mut || {
                        black_box(fresh_chain(AnU32::ONE, &exs, &eys, |$acc: AnU32, $x: AnU32, $y: AnU32| $step));
                    }),
                )*
                _ => return Err(format!("no operation {build} {name}")),
            }
            Ok(())
        }
    };
}
for_each_operation!(count_operation);

/// For one type: runs the chain of `identity` or of one of
/// [`for_each_typed_operation`]'s operations in the counted region; false if
/// there is no such case.
macro_rules! typed_counter {
    ($plain:ident, $encoded:ident; $($name:literal |$acc:ident, $x:ident, $y:ident| $step:expr;)*) => {
        |build: &str, name: &str| -> bool {
            let xs: Vec<$plain> = black_box(typed_operands(0x1234_5678, LEN, <$plain>::MAX as u64));
            let ys: Vec<$plain> = black_box(typed_operands(0x9abc_def1, LEN, <$plain>::MAX as u64));
            let encode = |v: &[$plain]| -> Vec<$encoded> { v.iter().copied().map($encoded::encode).collect() };
            let (exs, eys) = (encode(&xs), encode(&ys));
            match (build, name) {
                ("plain", "identity") => counted_region(&mut || {
                    black_box(fresh_chain(1 as $plain, &xs, &ys, |acc, _, _| acc));
                }),
                ("encoded", "identity") => counted_region(&mut || {
                    black_box(fresh_chain($encoded::ONE, &exs, &eys, |acc, _, _| acc));
                }),
                $(
                    ("plain", $name) => counted_region(&mut || {
                        black_box(fresh_chain(1 as $plain, &xs, &ys, |$acc: $plain, $x: $plain, $y: $plain| $step));
                    }),
                    ("encoded", $name) => counted_region(&mut || {
                        black_box(fresh_chain($encoded::ONE, &exs, &eys, |$acc: $encoded, $x: $encoded, $y: $encoded| $step));
                    }),
                )*
                _ => return false,
            }
            true
        }
    };
}

/// Every type's counter, by the type's name.
macro_rules! typed_counters {
    ($($type_name:literal $plain:ident $encoded:ident;)*) => {
        [$(($type_name, for_each_typed_operation!(typed_counter, $plain, $encoded) as fn(&str, &str) -> bool),)*]
    };
}

fn count_typed_operation(type_name: &str, build: &str, name: &str) -> Result<(), String> {
    let counters = for_each_type!(typed_counters);
    let found = counters
        .iter()
        .find(|(candidate, _)| *candidate == type_name)
        .is_some_and(|(_, counter)| counter(build, name));
    if found {
        Ok(())
    } else {
        Err(format!("no operation {type_name} {build} {name}"))
    }
}

/// The names of the types, in order.
macro_rules! type_names {
    ($($type_name:literal $plain:ident $encoded:ident;)*) => {
        [$($type_name),*]
    };
}

fn algo(name: &str) -> Result<Algo, String> {
    Algo::ALL
        .into_iter()
        .find(|algo| algo.name() == name)
        .ok_or_else(|| format!("no protocol {name}"))
}

fn build(name: &str) -> Result<Build, String> {
    Build::ALL
        .into_iter()
        .find(|build| build.name() == name)
        .ok_or_else(|| format!("no build {name}"))
}

/// Runs one event in the counted region; prints what the node did, for the
/// runner to compare across builds.
fn count_event(algo_name: &str, build_name: &str, event: &str) -> Result<(), String> {
    let (algo, build) = (algo(algo_name)?, build(build_name)?);
    let mut prepared = Prepared::new(algo, build, event)
        .ok_or_else(|| format!("{algo_name} has no event {event}"))?;
    let sent_before = prepared.sent();
    counted_region(&mut || prepared.fire());
    println!(
        "sent {} reported {:?}",
        prepared.sent() - sent_before,
        prepared.reported()
    );
    Ok(())
}

/// One case, inside valgrind.
fn run_case(args: &[String]) -> Result<(), String> {
    match args {
        [kind] if kind == "empty" => {
            counted_region(&mut || {});
            Ok(())
        }
        [kind, build, name] if kind == "operation" => count_operation(build, name),
        [kind, type_name, build, name] if kind == "typed" => {
            count_typed_operation(type_name, build, name)
        }
        [kind, algo, build, event] if kind == "event" => count_event(algo, build, event),
        _ => Err(format!("unknown case {args:?}")),
    }
}

/// What one case counted, and what it printed.
struct Counted {
    instructions: u64,
    stdout: String,
}

/// Runs one case under callgrind.
fn count(case: &[&str]) -> Result<Counted, String> {
    let exe = std::env::current_exe().map_err(|e| format!("this binary's path: {e}"))?;
    let out = std::env::temp_dir().join(format!("anguard-counts-{}.out", std::process::id()));
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg("--collect-atstart=no")
        .arg("--toggle-collect=*counted_region")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(&exe)
        .arg("--case")
        .args(case)
        .output()
        .map_err(|e| format!("cannot run valgrind: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "case {case:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let instructions = summary(&out)?;
    let _ = std::fs::remove_file(&out);
    Ok(Counted {
        instructions,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
    })
}

/// The `summary:` line of a callgrind output file: instructions executed.
fn summary(path: &Path) -> Result<u64, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .find_map(|line| line.strip_prefix("summary:"))
        .and_then(|count| count.trim().parse().ok())
        .ok_or_else(|| format!("{}: no summary line", path.display()))
}

fn report() -> Result<(), String> {
    let per_op = |build: &str, name: &str, identity: u64| -> Result<f64, String> {
        let counted = count(&["operation", build, name])?.instructions;
        Ok((counted as f64 - identity as f64) / LEN as f64)
    };
    let identity = ["plain", "encoded"].map(|build| count(&["operation", build, "identity"]));
    let [plain_identity, encoded_identity] = identity;
    let (plain_identity, encoded_identity) =
        (plain_identity?.instructions, encoded_identity?.instructions);

    one_instruction_per_add("u32", per_op("plain", "add", plain_identity)?)?;

    println!("| operation | plain instructions/op | encoded instructions/op | encoded / plain |");
    println!("|---|---:|---:|---:|");
    for name in for_each_operation!(names) {
        let plain = per_op("plain", name, plain_identity)?;
        let encoded = per_op("encoded", name, encoded_identity)?;
        println!(
            "| {name} | {plain:.2} | {encoded:.2} | {:.2}× |",
            encoded / plain
        );
    }

    println!();
    let types = for_each_type!(type_names);
    println!(
        "| operation (instructions, encoded / plain) | {} |",
        types.join(" | ")
    );
    println!("|---|{}", "---:|".repeat(types.len()));
    let mut columns = Vec::new();
    for type_name in types {
        let counted = |build: &str, name: &str| -> Result<f64, String> {
            Ok(count(&["typed", type_name, build, name])?.instructions as f64)
        };
        let identity = [
            counted("plain", "identity")?,
            counted("encoded", "identity")?,
        ];
        let mut ratios = Vec::new();
        for name in for_each_typed_operation!(names) {
            let plain = counted("plain", name)? - identity[0];
            let encoded = counted("encoded", name)? - identity[1];
            if name == "add" {
                one_instruction_per_add(type_name, plain / LEN as f64)?;
            }
            ratios.push(encoded / plain);
        }
        columns.push(ratios);
    }
    for (row, name) in for_each_typed_operation!(names).into_iter().enumerate() {
        let cells: Vec<String> = columns
            .iter()
            .map(|ratios| format!("{:.2}×", ratios[row]))
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }

    let empty = count(&["empty"])?.instructions;
    println!();
    println!(
        "| protocol | event | plain | encoded | encoded, scrubbed | scrub | an-dup | encoded / plain | scrubbed / plain | an-dup / plain |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for algo in Algo::ALL {
        for event in events::events(algo) {
            let mut counts = Vec::new();
            for build in Build::ALL {
                let counted = count(&["event", algo.name(), build.name(), event])?;
                counts.push((counted.instructions - empty, counted.stdout));
            }
            if counts.iter().any(|(_, did)| *did != counts[0].1) {
                return Err(format!(
                    "{} {event}: the builds did different things: {:?}",
                    algo.name(),
                    counts.iter().map(|(_, did)| did).collect::<Vec<_>>()
                ));
            }
            let [plain, encoded, scrubbed, dup] = [0, 1, 2, 3].map(|i| counts[i].0);
            println!(
                "| {} | {event} | {plain} | {encoded} | {scrubbed} | {} | {dup} | {:.2}× | {:.2}× | {:.2}× |",
                algo.name(),
                scrubbed - encoded,
                encoded as f64 / plain as f64,
                scrubbed as f64 / plain as f64,
                dup as f64 / plain as f64,
            );
        }
    }
    Ok(())
}

/// The plain `add` of a type must count one instruction per step (its one
/// cycle in the time benchmark), or the harness is not measuring what it says.
fn one_instruction_per_add(type_name: &str, per_step: f64) -> Result<(), String> {
    if (0.95..=1.05).contains(&per_step) {
        Ok(())
    } else {
        Err(format!(
            "plain {type_name} add counts {per_step:.2} instructions per step, not 1: \
             the chain is not what it should be"
        ))
    }
}

/// Whether `valgrind` can be run at all.
fn valgrind_installed() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().position(|arg| arg == "--case") {
        Some(at) => run_case(&args[at + 1..]),
        None if !valgrind_installed() => {
            // `cargo bench` runs every benchmark: without valgrind, say so
            // and leave the others to run.
            eprintln!("counts: skipped: valgrind is not installed (needed to count instructions)");
            Ok(())
        }
        None => report(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("counts: {error}");
            ExitCode::FAILURE
        }
    }
}
