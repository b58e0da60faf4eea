//! `anguard bench`: the seed paper's evaluation, plain and encoded side by
//! side in one run. For each algorithm, heartbeat period and build, several
//! runs of a 3-node cluster on loopback measure the election time, the CPU
//! utilization of the nodes in steady state, the re-election time after the
//! leader is killed, and the bytes per message.

mod charts;
mod measure;
mod report;
mod tls_cost;

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::select::Config;
use super::{Algo, ProtocolArgs, Variant};
use measure::{RunPlan, measure_run};
use report::Report;
use tls_cost::ThrowawayCerts;

#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// Fewer and shorter runs: a smoke check, not a measurement.
    #[arg(long)]
    pub quick: bool,
    /// Where to write the CSV, the charts and the Markdown summary.
    #[arg(long, value_name = "DIR", default_value = "out/bench")]
    pub out: PathBuf,
    /// Print one JSON summary object per algorithm and period.
    #[arg(long)]
    pub json: bool,
    /// Runs per algorithm, period and build (default: 5, or 2 with --quick).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub runs: Option<u32>,
    /// Heartbeat periods in ms (1 to 60000), comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_values_t = [10, 20, 50, 100],
        value_parser = clap::value_parser!(u32).range(1..=60_000)
    )]
    pub periods: Vec<u32>,
    /// Also run everything with mutual TLS (on throwaway certificates), and
    /// report its cost beside the encoding's.
    #[arg(long)]
    pub tls: bool,
}

/// The cluster size of the seed's experiments.
const NODES: u32 = 3;

pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    if args.periods.is_empty() || args.periods.contains(&0) {
        anyhow::bail!("--periods needs one or more periods of at least 1 ms");
    }
    let runs = args.runs.unwrap_or(if args.quick { 2 } else { 5 });
    let plan = if args.quick {
        RunPlan::quick()
    } else {
        RunPlan::full()
    };
    let algos = [Algo::Hale, Algo::Rotel4];
    let certs = args.tls.then(|| ThrowawayCerts::new(NODES)).transpose()?;
    let modes = if certs.is_some() { 2 } else { 1 };
    let total = algos.len() * args.periods.len() * runs as usize * 2 * modes;
    let progress = ProgressBar::new(total as u64).with_style(
        ProgressStyle::with_template(
            "{bar:40} {pos}/{len} runs, {elapsed} elapsed, ~{eta} left  {msg}",
        )
        .expect("valid template"),
    );
    let mut report = Report::default();
    let mut tls_report = Report::default();
    for algo in algos {
        for &period in &args.periods {
            for run in 0..runs {
                // Alternate which build goes first, so drift in the machine's load
                // falls on both alike.
                let order = if run.is_multiple_of(2) {
                    [Variant::Plain, Variant::Encoded]
                } else {
                    [Variant::Encoded, Variant::Plain]
                };
                for variant in order {
                    progress.set_message(format!("{} {period} ms {}", algo.name(), variant.name()));
                    let protocol = ProtocolArgs {
                        algo,
                        variant,
                        period,
                    };
                    let what =
                        || format!("{} {period} ms {}, run {run}", algo.name(), variant.name());
                    let sample = measure_run(&protocol, NODES, &plan, &[]).with_context(what)?;
                    report.add(algo, period, variant, sample);
                    progress.inc(1);
                    if let Some(certs) = &certs {
                        let sample = measure_run(&protocol, NODES, &plan, certs.flags())
                            .with_context(|| format!("{}, with TLS", what()))?;
                        tls_report.add(algo, period, variant, sample);
                        progress.inc(1);
                    }
                }
            }
        }
    }
    progress.finish_and_clear();
    for algo in algos {
        let config = Config::new(algo, NODES, args.periods[0])?;
        report.add_state(
            algo,
            [Variant::Plain, Variant::Encoded].map(|v| config.state_size(v)),
        );
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    report.write(&args.out, runs, &plan)?;
    charts::write(&report, &args.out)?;
    report.print(args.json);
    if certs.is_some() {
        let rows = tls_cost::rows(&report, &tls_report);
        tls_cost::write(&rows, &args.out)?;
        tls_cost::print(&rows, args.json);
    }
    if !args.json {
        println!(
            "\nwrote {0}/runs.csv, {0}/summary.md, {0}/election.svg and {0}/cpu.svg{1}",
            args.out.display(),
            if certs.is_some() { " and tls.md" } else { "" }
        );
    }
    Ok(())
}
