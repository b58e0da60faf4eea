//! `anguard inject`: the election campaign of [`anguard_protocols::campaign`]
//! in the simulator, with a progress bar, a table, a CSV and a chart.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anguard::Hardening;
use anguard::campaign::{Campaign, Report, Site};
use anguard_protocols::campaign::{NODES, hardened_election_targets, state_coverage};
use anyhow::Context;
use clap::Args;
use clap::builder::{PossibleValuesParser, TypedValueParser};

use super::charts;
use super::progress::progress_bar;

#[derive(Debug, Clone, Args)]
pub struct InjectArgs {
    /// Faulty runs per build (every build gets the same faults), at most
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
    #[arg(long, value_delimiter = ',', value_parser = site_parser())]
    pub sites: Vec<Site>,
    /// The hardening levels to run (comma-separated; default: every level),
    /// each in both builds.
    #[arg(long, value_name = "LEVELS", value_delimiter = ',')]
    pub hardening: Vec<Hardening>,
    /// Worker threads (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub threads: Option<u32>,
}

fn site_parser() -> impl TypedValueParser<Value = Site> {
    PossibleValuesParser::new(Site::ALL.map(Site::name))
        .map(|name| name.parse::<Site>().expect("a site's own name"))
}

pub fn run(args: &InjectArgs) -> anyhow::Result<()> {
    let campaign = Campaign {
        runs: args.runs as usize,
        seed: args.seed,
        sites: if args.sites.is_empty() {
            Site::available()
        } else {
            args.sites.clone()
        },
        threads: args.threads.map_or(0, |t| t as usize),
        ..Campaign::default()
    };
    if campaign.sites.iter().any(|site| !site.is_available()) {
        anyhow::bail!(
            "the arithmetic, permanent, outside, branch, lost-update, exchanged-operand, exchanged-operator and mid-handler sites need a build with `--features inject`"
        );
    }
    let levels = if args.hardening.is_empty() {
        Hardening::ALL.to_vec()
    } else {
        args.hardening.clone()
    };
    let targets = hardened_election_targets(&levels)?;
    let builds = 2 * levels.len() as u64;
    if !args.json {
        let sites: Vec<_> = campaign.sites.iter().map(|s| s.name()).collect();
        println!(
            "{} faulty runs per build over {} scenarios (hale and rotel4, {NODES} nodes), sites: {}; seed {}",
            campaign.runs,
            campaign.scenarios(),
            sites.join(", "),
            campaign.seed
        );
    }
    if !args.json {
        for (algo, bits) in state_coverage() {
            println!(
                "{}: encoded build covers {:.1}% of its state's bits ({} encoded, {} checked, {} plain; vector elements apart)",
                algo.name(),
                100.0 * bits.covered(),
                bits.encoded,
                bits.checked,
                bits.plain
            );
        }
    }
    let progress = progress_bar(builds * campaign.runs as u64, "");
    // Faults in protocol code are expected here: the simulator stops the
    // node and records it. Keep their panic messages off the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let report = campaign.run_with_progress(&targets, |runs| progress.inc(runs as u64));
    let _ = std::panic::take_hook();
    progress.finish_and_clear();
    let report = report?;
    let elapsed = started.elapsed();
    write_outputs(args, &campaign, &report, elapsed)?;
    if args.json {
        for summary in report.tally.summaries() {
            println!("{}", serde_json::to_string(&summary)?);
        }
    } else {
        println!("\n{}", report.tally.markdown());
        println!("{}", report.tally.missed_markdown());
        println!(
            "{} runs in {:.1} s; wrote {dir}/runs.csv, {dir}/summary.md and {dir}/outcomes.svg",
            report.records.len(),
            elapsed.as_secs_f64(),
            dir = args.out.display()
        );
    }
    Ok(())
}

fn write_outputs(
    args: &InjectArgs,
    campaign: &Campaign,
    report: &Report,
    elapsed: Duration,
) -> anyhow::Result<()> {
    let dir = &args.out;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut csv = Vec::new();
    report.write_csv(&mut csv)?;
    std::fs::write(dir.join("runs.csv"), csv).context("cannot write runs.csv")?;
    let summary = format!(
        "# anguard inject\n\n`anguard inject --runs {} --seed {}`{}: {} faulty runs in {:.1} s \
         ({NODES}-node hale and rotel4 in the simulator, {} s each; one fault per run).\n\n{}\n{}",
        args.runs,
        args.seed,
        if cfg!(feature = "inject") {
            " (built with `--features inject`)"
        } else {
            ""
        },
        report.records.len(),
        elapsed.as_secs_f64(),
        campaign.run_us as f64 / 1e6,
        report.tally.markdown(),
        report.tally.missed_markdown()
    );
    std::fs::write(dir.join("summary.md"), summary).context("cannot write summary.md")?;
    charts::outcomes(&report.tally, &dir.join("outcomes.svg"))
}
