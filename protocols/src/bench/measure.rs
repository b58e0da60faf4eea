//! One measured run: start a cluster, time the election, measure CPU in
//! steady state, kill the leader, time the re-election, read the counters.

use std::ffi::OsString;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use super::BenchError;
use super::cpu::cpu_time;
use crate::algo::{Config, Variant};
use crate::cluster::{Processes, loopback_addresses, node_flags};

/// How long each phase of a run lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunPlan {
    /// Wait this long after the election before measuring CPU.
    pub settle: Duration,
    /// The CPU measurement window.
    pub window: Duration,
    /// Give up on an election (or re-election) after this long.
    pub election_timeout: Duration,
}

impl RunPlan {
    /// The full measurement.
    pub fn full() -> Self {
        Self {
            settle: Duration::from_secs(1),
            window: Duration::from_secs(4),
            election_timeout: Duration::from_secs(20),
        }
    }

    /// A smoke check, not a measurement.
    pub fn quick() -> Self {
        Self {
            settle: Duration::from_millis(300),
            window: Duration::from_secs(1),
            election_timeout: Duration::from_secs(10),
        }
    }
}

/// What one run measured.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// From the start of the processes until all agree on a leader.
    pub election: Duration,
    /// From killing the leader until the survivors agree on another.
    pub reelection: Duration,
    /// CPU time over wall time, averaged over the nodes, in the window.
    pub cpu_utilization: f64,
    /// Payload bytes per message sent, over the whole run.
    pub bytes_per_message: f64,
}

/// One run of `config` in `variant`, its nodes started from `exe` (the
/// `anguard` binary), each also given `extra` flags.
pub fn measure_run(
    exe: &Path,
    config: &Config,
    variant: Variant,
    plan: &RunPlan,
    extra: &[OsString],
) -> Result<Sample, BenchError> {
    let n = config.n();
    let addresses = loopback_addresses(n, None)?;
    let mut flags = node_flags(config, variant);
    flags.extend_from_slice(extra);
    let mut cluster = Processes::spawn(exe, &flags, &addresses)?;
    let start = cluster.started();
    let (_, elected_at) = cluster
        .wait_for_agreement(Instant::now() + plan.election_timeout)
        .ok_or(BenchError::NoLeader("no leader was elected"))?;
    let election = elected_at - start;

    thread::sleep(plan.settle);
    let pids = cluster.pids();
    let before = cpu_times(&pids)?;
    let window_start = Instant::now();
    thread::sleep(plan.window);
    let after = cpu_times(&pids)?;
    let wall = window_start.elapsed();
    // A thread that ends within the window takes its CPU time out of the
    // sum (`/proc/PID/task` lists live threads): never less than nothing.
    let used: Duration = after
        .iter()
        .zip(&before)
        .map(|(a, b)| a.saturating_sub(*b))
        .sum();
    let cpu_utilization = used.as_secs_f64() / (wall.as_secs_f64() * f64::from(n));

    // Catch up with outputs that changed meanwhile, then crash the leader.
    while cluster.next_change(Instant::now()).is_some() {}
    let Some(leader) = cluster.outputs().agreed() else {
        return Err(BenchError::NoLeader(
            "the cluster lost its leader without a crash",
        ));
    };
    cluster.kill(leader);
    let killed_at = Instant::now();
    let (_, reelected_at) = cluster
        .wait_for_agreement(killed_at + plan.election_timeout)
        .ok_or(BenchError::NoLeader(
            "no new leader after the leader was killed",
        ))?;
    let reelection = reelected_at - killed_at;

    let stats = cluster.shutdown();
    let (sent, bytes) = stats.iter().fold((0u64, 0u64), |(m, b), (_, s)| {
        (m + s.sent, b + s.sent_bytes)
    });
    if sent == 0 {
        return Err(BenchError::NoLeader(
            "the surviving nodes reported no messages sent",
        ));
    }
    Ok(Sample {
        election,
        reelection,
        cpu_utilization,
        bytes_per_message: bytes as f64 / sent as f64,
    })
}

fn cpu_times(pids: &[u32]) -> Result<Vec<Duration>, BenchError> {
    pids.iter()
        .map(|&pid| cpu_time(pid).map_err(|source| BenchError::Cpu { pid, source }))
        .collect()
}
