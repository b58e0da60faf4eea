//! `anguard inject`: a fault-injection campaign in the simulator, measuring
//! what the AN encoding buys. Each scenario (algorithm, seed) runs fault-free
//! once per build; then each fault, the same for both builds, strikes a run
//! of the same scenario, and the run is classified against the fault-free
//! one: masked, detected, discarded, benign, SDC or hang.

mod chart;
mod fault;
mod run;
mod tally;
mod verdict;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rand::SeedableRng;
use rand::rngs::SmallRng;

use super::{Algo, Variant};
use fault::{Kind, Site};
#[cfg(test)]
use run::Outcome;
use run::{Fault, Scenario, Verdict, faulty, golden};
use tally::Tally;

#[derive(Debug, Clone, Args)]
pub struct InjectArgs {
    /// Faulty runs per build (plain and encoded get the same faults), at most
    /// a million (every run's record is kept for the CSV).
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub runs: u32,
    /// The campaign's seed: the same seed gives the same campaign.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the CSV, the table and the chart.
    #[arg(long, value_name = "DIR", default_value = "out/inject")]
    pub out: PathBuf,
    /// Print one JSON summary object per build.
    #[arg(long)]
    pub json: bool,
    /// Only these sites (comma-separated; default: all this build has).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub sites: Vec<Site>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// One faulty run, as the CSV records it.
#[derive(Debug, Clone)]
struct RunRecord {
    scenario: Scenario,
    fault: Fault,
    verdict: Verdict,
}

/// A fault-free run serves this many faults (all sites × kinds, per build).
const FAULTS_PER_SCENARIO: usize = 8;

pub fn run(args: &InjectArgs) -> anyhow::Result<()> {
    let sites = if args.sites.is_empty() {
        Site::available()
    } else {
        args.sites.clone()
    };
    if sites.contains(&Site::Arithmetic) && !cfg!(feature = "inject") {
        anyhow::bail!("the arithmetic site needs a build with `--features inject`");
    }
    let runs = args.runs as usize;
    let scenarios = runs.div_ceil(FAULTS_PER_SCENARIO);
    let threads = args
        .threads
        .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64);
    if !args.json {
        println!(
            "{runs} faulty runs per build over {scenarios} scenarios (hale and rotel4, 3 nodes), sites: {}; seed {}",
            sites
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>()
                .join(", "),
            args.seed
        );
    }
    // Faults in protocol code are expected here: the simulator stops the
    // node and records it. Keep their panic messages off the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let progress = ProgressBar::new(2 * runs as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} runs, {elapsed} elapsed, ~{eta} left")
            .expect("valid template"),
    );
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<anyhow::Result<Vec<RunRecord>>>();
    let mut records = Vec::with_capacity(2 * runs);
    thread::scope(|scope| -> anyhow::Result<()> {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, sites) = (&next, &sites);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= scenarios {
                        return;
                    }
                    let faults = FAULTS_PER_SCENARIO.min(runs - index * FAULTS_PER_SCENARIO);
                    let result = scenario_runs(args.seed, index, faults, sites, &Kind::ALL);
                    if sender.send(result).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);
        for result in receiver {
            let batch = result?;
            progress.inc(batch.len() as u64);
            records.extend(batch);
        }
        Ok(())
    })?;
    let _ = std::panic::take_hook();
    progress.finish_and_clear();
    let elapsed = started.elapsed();

    records.sort_by_key(|r| (r.scenario.seed, r.fault.at_us, r.scenario.variant));
    let mut tally = Tally::default();
    for r in &records {
        tally.add(r.scenario.variant, r.fault.site, r.verdict.outcome);
    }
    write_outputs(args, &records, &tally, elapsed)?;
    if args.json {
        for line in tally.summary_lines() {
            println!("{line}");
        }
    } else {
        println!("\n{}", tally.markdown());
        println!(
            "{} runs in {:.1} s; wrote {dir}/runs.csv, {dir}/summary.md and {dir}/outcomes.svg",
            records.len(),
            elapsed.as_secs_f64(),
            dir = args.out.display()
        );
    }
    Ok(())
}

/// The faulty runs of scenario `index`, both builds, after their golden runs:
/// sites and kinds taken in turn.
fn scenario_runs(
    seed: u64,
    index: usize,
    faults: usize,
    sites: &[Site],
    kinds: &[Kind],
) -> anyhow::Result<Vec<RunRecord>> {
    let mut rng =
        SmallRng::seed_from_u64(seed ^ (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let algo = if index.is_multiple_of(2) {
        Algo::Hale
    } else {
        Algo::Rotel4
    };
    let scenario_seed = seed.wrapping_mul(1_000_003).wrapping_add(index as u64);
    let planned: Vec<Fault> = (0..faults)
        .map(|i| {
            let k = index * FAULTS_PER_SCENARIO + i;
            let site = sites[k % sites.len()];
            let kind = kinds[(k / sites.len()) % kinds.len()];
            Fault::random(site, kind, &mut rng)
        })
        .collect();
    let mut records = Vec::with_capacity(2 * faults);
    for variant in [Variant::Plain, Variant::Encoded] {
        let scenario = Scenario {
            algo,
            variant,
            seed: scenario_seed,
        };
        let golden = golden(&scenario).context("fault-free run")?;
        for fault in &planned {
            let verdict = faulty(&scenario, fault, &golden).with_context(|| {
                format!(
                    "{} {} at {} µs",
                    fault.site.name(),
                    fault.kind.name(),
                    fault.at_us
                )
            })?;
            records.push(RunRecord {
                scenario,
                fault: *fault,
                verdict,
            });
        }
    }
    Ok(records)
}

fn write_outputs(
    args: &InjectArgs,
    records: &[RunRecord],
    tally: &Tally,
    elapsed: std::time::Duration,
) -> anyhow::Result<()> {
    let dir = &args.out;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut csv = String::from("algo,variant,scenario_seed,site,kind,at_us,node,outcome,why\n");
    for r in records {
        writeln!(
            csv,
            "{},{},{},{},{},{},{},{},\"{}\"",
            r.scenario.algo.name(),
            r.scenario.variant.name(),
            r.scenario.seed,
            r.fault.site.name(),
            r.fault.kind.name(),
            r.fault.at_us,
            r.fault.node,
            r.verdict.outcome.name(),
            r.verdict.why
        )?;
    }
    std::fs::write(dir.join("runs.csv"), csv).context("cannot write runs.csv")?;
    let summary = format!(
        "# anguard inject\n\n`anguard inject --runs {} --seed {}`{}: {} faulty runs in {:.1} s \
         (3-node hale and rotel4 in the simulator, {} s each; one fault per run).\n\n{}",
        args.runs,
        args.seed,
        if cfg!(feature = "inject") {
            " (built with `--features inject`)"
        } else {
            ""
        },
        records.len(),
        elapsed.as_secs_f64(),
        run::RUN_US as f64 / 1e6,
        tally.markdown()
    );
    std::fs::write(dir.join("summary.md"), summary).context("cannot write summary.md")?;
    chart::write(tally, &dir.join("outcomes.svg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small campaign: `scenarios` scenarios, every fault of `kinds` at `sites`.
    fn campaign(scenarios: usize, sites: &[Site], kinds: &[Kind]) -> Tally {
        std::panic::set_hook(Box::new(|_| {}));
        let mut tally = Tally::default();
        for index in 0..scenarios {
            for r in scenario_runs(7, index, FAULTS_PER_SCENARIO, sites, kinds).expect("runs") {
                tally.add(r.scenario.variant, r.fault.site, r.verdict.outcome);
            }
        }
        let _ = std::panic::take_hook();
        tally
    }

    /// The first target: no SDC from 1- to 3-bit flips of encoded words, in
    /// state, on the wire or in alarms. The plain build, under the same
    /// faults, does suffer SDCs: the checker can fail.
    #[test]
    fn flips_of_encoded_words_never_go_unnoticed() {
        let sites = [Site::StateWord, Site::Message, Site::Alarm];
        let kinds = [Kind::OneBit, Kind::TwoBits, Kind::ThreeBits];
        let tally = campaign(40, &sites, &kinds);
        let encoded = tally.by_variant(Variant::Encoded);
        let plain = tally.by_variant(Variant::Plain);
        assert_eq!(encoded.total(), 320);
        assert_eq!(encoded.get(Outcome::Sdc), 0, "{}", tally.markdown());
        assert!(plain.get(Outcome::Sdc) > 0, "{}", tally.markdown());
        assert!(encoded.get(Outcome::Detected) > 0);
    }
}
