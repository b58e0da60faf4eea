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
    /// Requests per redis-benchmark test (long enough for a steady state:
    /// about 6 s of SETs on a 2-core machine).
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub requests: u32,
    /// Requests per test for the encoded build at hardening `an-dup`, many
    /// times slower.
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub dup_requests: u32,
    /// Rounds; each system runs once per round, in an order balanced over
    /// every 4 rounds, and the medians are kept.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..))]
    pub rounds: u32,
    /// The first port used (replicas take the next few, peers 10 above).
    #[arg(long, default_value_t = 16400)]
    pub base_port: u16,
    /// Where the CSV, the chart and the table go.
    #[arg(long, value_name = "DIR", default_value = "docs/kv")]
    pub out: PathBuf,
}

pub const KV_BENCH_EXAMPLES: &str = "\
Examples:
  cargo run --release -- kv-bench
      8 rounds of 1,000,000 requests per test (an-dup: 100,000)
  cargo run --release -- kv-bench --rounds 1 --requests 20000 --dup-requests 2000 --out /tmp/kv
      a quick look

Needs redis-benchmark and redis-server (Debian: apt-get install redis-tools redis-server).";

pub fn run(args: &KvBenchArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let data = std::env::temp_dir().join(format!("anguard-kv-bench-{}", std::process::id()));
    let options = BenchOptions {
        anguard: std::env::current_exe().context("cannot find this program")?,
        requests: args.requests,
        dup_requests: args.dup_requests,
        rounds: args.rounds,
        base_port: args.base_port,
        data: data.clone(),
    };
    let results = bench::run(&options, |round, system| {
        eprintln!("round {}/{}: {}", round + 1, args.rounds, system.name());
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
