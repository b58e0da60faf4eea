//! `anguard kv-bench`: redis-benchmark against the replicated store, plain
//! and encoded, and against real Redis, in one run.

use std::path::PathBuf;

use anguard_protocols::kv::bench::{self, BenchOptions};
use anyhow::Context;
use clap::Args;

use super::charts;

/// Throughput and latency of the replicated store under redis-benchmark.
#[derive(Debug, Clone, Args)]
pub struct KvBenchArgs {
    /// Requests per redis-benchmark test (about 2 s of SETs on a 2-core
    /// machine: long enough for a steady state, short enough that the two
    /// builds of a pair run under the same load).
    #[arg(long, default_value_t = 300_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub requests: u32,
    /// Requests per test for the encoded build at hardening `an-dup`, many
    /// times slower.
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub dup_requests: u32,
    /// Rounds; each runs plain and encoded as a pair (each test against
    /// one, then at once against the other), and Redis and `an-dup` alone,
    /// in orders balanced over every 6 rounds. The more rounds, the
    /// narrower the intervals of the ratios (about 11 s a round).
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..))]
    pub rounds: u32,
    /// The first port used (the bench takes the 33 from it: the replicas'
    /// client ports, and their peer ports 10 above).
    #[arg(long, default_value_t = 16400, value_parser = clap::value_parser!(u16).range(1..=i64::from(u16::MAX - bench::PORTS)))]
    pub base_port: u16,
    /// Where the clusters' write-ahead logs go, each run in a fresh
    /// directory under it (removed at the end) [default: the system's
    /// temporary directory]. On a tmpfs (`/dev/shm`) an fsync costs
    /// nothing: the CPU, not the disk, then bounds throughput.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Where the CSV, the chart and the table go.
    #[arg(long, value_name = "DIR", default_value = "docs/kv")]
    pub out: PathBuf,
}

pub const KV_BENCH_EXAMPLES: &str = "\
Examples:
  cargo run --release -- kv-bench
      24 rounds of 300,000 requests per test (an-dup: 20,000), about 5 minutes
  cargo run --release -- kv-bench --rounds 100
      intervals of about ±2-3% on the ratios, about 20 minutes
  cargo run --release -- kv-bench --data /dev/shm --out /tmp/kv-cpu
      the logs in memory: what the encoding costs when the CPU is the bottleneck
  cargo run --release -- kv-bench --rounds 1 --requests 20000 --dup-requests 2000 --out /tmp/kv
      a quick look

Needs redis-benchmark and redis-server (Debian: apt-get install redis-tools redis-server).";

pub fn run(args: &KvBenchArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let data = args
        .data
        .clone()
        .unwrap_or_else(std::env::temp_dir)
        .join(format!("anguard-kv-bench-{}", std::process::id()));
    let options = BenchOptions {
        anguard: std::env::current_exe().context("cannot find this program")?,
        requests: args.requests,
        dup_requests: args.dup_requests,
        rounds: args.rounds,
        base_port: args.base_port,
        data: data.clone(),
    };
    let results = bench::run(&options, |round, group| {
        eprintln!("round {}/{}: {}", round + 1, args.rounds, group.name());
    });
    let _ = std::fs::remove_dir_all(&data);
    let results = results?;
    let medians = bench::medians(&results.measurements);
    std::fs::write(
        args.out.join("kv-bench.csv"),
        bench::csv(&results.measurements),
    )?;
    charts::kv(&medians, &args.out.join("kv-bench.svg"))?;
    let table = bench::table(&results.measurements) + &bench::failures(&results.failures);
    std::fs::write(args.out.join("kv-bench.md"), &table)?;
    println!("{table}");
    Ok(())
}
