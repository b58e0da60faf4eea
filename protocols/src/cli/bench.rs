//! `anguard bench`: the election experiments ([`anguard_protocols::bench`]),
//! with a progress bar, the tables, a CSV and the charts.

use std::path::{Path, PathBuf};

use anguard_protocols::bench::{Bench, Progress, RunPlan};
use anyhow::Context;
use clap::Args;

use super::charts;
use super::progress::progress_bar;

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
    /// The hardening level of every node (both builds): `an` or `an-dup`.
    #[arg(long, value_name = "LEVEL", default_value_t = anguard::Hardening::An)]
    pub hardening: anguard::Hardening,
}

pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    let bench = Bench {
        periods: args.periods.clone(),
        runs: args.runs.unwrap_or(if args.quick { 2 } else { 5 }),
        plan: if args.quick {
            RunPlan::quick()
        } else {
            RunPlan::full()
        },
        tls: args.tls,
        hardening: args.hardening,
    };
    let exe = std::env::current_exe().context("cannot find the anguard executable")?;
    let progress = progress_bar(bench.total_runs() as u64, "  {msg}");
    let measured = bench.run(&exe, |step| match step {
        Progress::Starting(label) => progress.set_message(label.to_string()),
        Progress::Finished => progress.inc(1),
    });
    progress.finish_and_clear();
    let measured = measured?;
    let report = &measured.report;
    let out = &args.out;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    write(&out.join("runs.csv"), &report.csv())?;
    write(
        &out.join("summary.md"),
        &report.markdown(bench.runs, &bench.plan),
    )?;
    charts::bench(report, out)?;
    let tls_rows = measured.tls_rows();
    if let Some(md) = measured.tls_markdown() {
        write(&out.join("tls.md"), &md)?;
    }
    if args.json {
        for summary in report.summaries() {
            println!("{}", serde_json::to_string(&summary)?);
        }
        for row in tls_rows.iter().flatten() {
            println!("{}", serde_json::to_string(row)?);
        }
    } else {
        for line in report.lines() {
            println!("{line}");
        }
        for row in tls_rows.iter().flatten() {
            println!("{}", row.line());
        }
        println!(
            "\nwrote {0}/runs.csv, {0}/summary.md, {0}/election.svg and {0}/cpu.svg{1}",
            out.display(),
            if tls_rows.is_some() {
                " and tls.md"
            } else {
                ""
            }
        );
    }
    Ok(())
}

fn write(path: &Path, contents: &str) -> anyhow::Result<()> {
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}
