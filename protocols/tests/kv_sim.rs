//! The replicated store in the simulator: client histories under loss,
//! reordering, duplication, partitions and crash/restart are linearizable,
//! replicas apply the same log, a restarted replica catches up from its
//! peers, and both builds do exactly the same.

use anguard::Hardening;
use anguard::sim::{Event, TraceLevel};
use anguard_protocols::algo::Variant;
use anguard_protocols::kv::linearizable::check;
use anguard_protocols::kv::workload::{Run, Scenario, run};
use anguard_protocols::kv::{Effect, Reads};

/// Runs a scenario and holds it to the properties; returns the run.
fn checked(scenario: &Scenario, variant: Variant) -> Run {
    let run = run(scenario, variant);
    if let Err(violation) = check(&run.history) {
        panic!("seed {} ({variant:?}): {violation}", scenario.seed);
    }
    if let Some(why) = run.diverged() {
        panic!("seed {} ({variant:?}): {why}", scenario.seed);
    }
    run
}

/// 10,000 seeds, each under one build (even seeds plain, odd encoded), on
/// every core, reads by ReadIndex; replicas compact every 8 entries and
/// send snapshots a pair per chunk, so some runs install snapshots of
/// several chunks.
#[test]
fn histories_are_linearizable_over_10_000_seeds() {
    linearizable_over(10_000, Reads::Index);
}

/// The same with reads through the log, over 1,000 seeds.
#[test]
fn histories_are_linearizable_with_reads_through_the_log() {
    linearizable_over(1_000, Reads::Log);
}

fn linearizable_over(seeds: u64, reads: Reads) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get() as u64);
    let (completed, ops, chunked) = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let (mut completed, mut ops, mut chunked) = (0, 0, 0);
                    for seed in (t..seeds).step_by(threads as usize) {
                        let scenario = Scenario {
                            trace: TraceLevel::Outputs,
                            reads,
                            ..Scenario::new(seed)
                        };
                        let variant = Variant::ALL[(seed % 2) as usize];
                        let run = checked(&scenario, variant);
                        completed += run.completed;
                        ops += run.history.len();
                        chunked += usize::from(run.later_chunks > 0);
                    }
                    (completed, ops, chunked)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a worker panicked"))
            .fold((0, 0, 0), |(c, o, k), (wc, wo, wk)| {
                (c + wc, o + wo, k + wk)
            })
    });
    println!(
        "{seeds} seeds, reads by {reads:?}: {ops} operations, {completed} completed; {chunked} runs sent a snapshot in several chunks"
    );
    assert!(
        chunked * 2 > seeds as usize,
        "only {chunked} runs sent a snapshot in several chunks"
    );
    // The faults leave room for progress: most operations complete.
    assert!(completed * 10 > ops * 8, "{completed} of {ops} completed");
}

#[test]
fn plain_and_encoded_traces_are_identical() {
    traces_are_identical(Hardening::An, Reads::Index, 0..100);
}

#[test]
fn plain_and_encoded_traces_are_identical_with_reads_through_the_log() {
    traces_are_identical(Hardening::An, Reads::Log, 0..20);
}

/// With every handler run twice and compared, both builds still do
/// exactly what they do once.
#[test]
fn plain_and_encoded_traces_are_identical_at_an_dup() {
    traces_are_identical(Hardening::AnDup, Reads::Index, 0..20);
}

fn traces_are_identical(hardening: Hardening, reads: Reads, seeds: core::ops::Range<u64>) {
    for seed in seeds {
        let scenario = Scenario {
            hardening,
            reads,
            ..Scenario::new(seed)
        };
        let plain = checked(&scenario, Variant::Plain);
        let encoded = checked(&scenario, Variant::Encoded);
        if let Some((i, a, b)) = plain.trace.first_difference(&encoded.trace) {
            panic!("seed {seed}: traces differ at record {i}: {a:?} vs {b:?}");
        }
        assert_eq!(plain.history, encoded.history, "seed {seed}");
        assert_eq!(plain.applied, encoded.applied, "seed {seed}");
    }
}

/// Replicas crash and restart with their disks during the faults; once
/// healed, each catches up from the leader (from a snapshot, if the leader
/// compacted what it missed): all end with the same store, applied up to
/// the same index.
#[test]
fn restarted_replicas_catch_up_from_their_peers() {
    let (mut restarted, mut installed) = (0, 0);
    for seed in 0..50 {
        let run = checked(&Scenario::new(seed), Variant::Encoded);
        let starts = run.trace.count(|e| matches!(e, Event::Start));
        restarted += starts - 3;
        installed += run.trace.count(|e| {
            matches!(
                e,
                Event::Report {
                    output: Some(Effect::Installed { .. })
                }
            )
        });
        let indices: Vec<u64> = run.applied.iter().map(|applied| applied.index).collect();
        assert!(indices[0] > 0, "seed {seed}: nothing applied");
        assert!(
            run.applied.iter().all(|applied| *applied == run.applied[0]),
            "seed {seed}: applied up to {indices:?}, or different stores"
        );
    }
    assert!(restarted >= 20, "only {restarted} restarts in 50 seeds");
    // Snapshots every 8 entries: restarts start from them, and leaders send them.
    assert!(
        installed >= 20,
        "only {installed} snapshots installed in 50 seeds"
    );
}
