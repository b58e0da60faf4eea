//! `anguard kv-inject`: the fault campaign on the replicated store
//! ([`anguard_protocols::kv::campaign`]), both builds, with its table, CSV
//! and chart.

use std::path::PathBuf;
use std::time::Instant;

use anguard::Hardening;
use anguard::campaign::{Campaign, Site};
use anguard_protocols::kv::campaign::{NODES, target};
use anyhow::Context;
use clap::Args;

use super::charts;
use super::progress::progress_bar;

#[derive(Debug, Clone, Args)]
pub struct KvInjectArgs {
    /// Faulty runs per build (plain and encoded get the same faults).
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub runs: u32,
    /// The campaign's seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the CSV, the table and the chart.
    #[arg(long, value_name = "DIR", default_value = "out/kv-inject")]
    pub out: PathBuf,
    /// The hardening levels to run (comma-separated; default: every level),
    /// each in both builds.
    #[arg(long, value_name = "LEVELS", value_delimiter = ',')]
    pub hardening: Vec<Hardening>,
}

pub fn run(args: &KvInjectArgs) -> anyhow::Result<()> {
    let campaign = Campaign {
        runs: args.runs as usize,
        seed: args.seed,
        sites: Site::available(),
        ..Campaign::default()
    };
    let levels = if args.hardening.is_empty() {
        Hardening::ALL.to_vec()
    } else {
        args.hardening.clone()
    };
    let progress = progress_bar(2 * levels.len() as u64 * campaign.runs as u64, "");
    // Faults in protocol code are expected: keep their panic messages quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let report = campaign.run_with_progress(&[target(campaign.run_us, &levels)], |runs| {
        progress.inc(runs as u64)
    });
    let _ = std::panic::take_hook();
    progress.finish_and_clear();
    let report = report?;
    let dir = &args.out;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut csv = Vec::new();
    report.write_csv(&mut csv)?;
    std::fs::write(dir.join("runs.csv"), csv).context("cannot write runs.csv")?;
    let summary = format!(
        "# anguard kv-inject\n\n`anguard kv-inject --runs {} --seed {} --hardening {}`: {} faulty runs in {:.1} s \
         ({NODES}-replica store in the simulator, {} s each, a request every 10 ms; one fault per run).\n\n{}",
        args.runs,
        args.seed,
        levels
            .iter()
            .map(|l| l.name())
            .collect::<Vec<_>>()
            .join(","),
        report.records.len(),
        started.elapsed().as_secs_f64(),
        campaign.run_us as f64 / 1e6,
        report.tally.markdown()
    );
    std::fs::write(dir.join("summary.md"), &summary).context("cannot write summary.md")?;
    charts::outcomes(&report.tally, &dir.join("outcomes.svg"))?;
    println!("{summary}");
    Ok(())
}
