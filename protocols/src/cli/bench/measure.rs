//! One measured run: start a cluster, time the election, measure CPU in
//! steady state, kill the leader, time the re-election, read the counters.

use std::ffi::OsString;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::super::ProtocolArgs;
use super::super::cpu::cpu_time;
use super::super::processes::{Processes, loopback_addresses};

/// How long each phase of a run lasts.
#[derive(Debug, Clone, Copy)]
pub struct RunPlan {
    /// Wait this long after the election before measuring CPU.
    pub settle: Duration,
    /// The CPU measurement window.
    pub window: Duration,
    /// Give up on an election (or re-election) after this long.
    pub election_timeout: Duration,
}

impl RunPlan {
    pub fn full() -> Self {
        Self {
            settle: Duration::from_secs(1),
            window: Duration::from_secs(4),
            election_timeout: Duration::from_secs(20),
        }
    }

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

/// One run; every node also gets `extra` flags.
pub fn measure_run(
    protocol: &ProtocolArgs,
    n: u32,
    plan: &RunPlan,
    extra: &[OsString],
) -> anyhow::Result<Sample> {
    let addresses = loopback_addresses(n, None)?;
    let mut cluster = Processes::spawn_with(protocol, &addresses, extra)?;
    let start = cluster.started();
    let (_, elected_at) = cluster
        .wait_for_agreement(Instant::now() + plan.election_timeout)
        .context("no leader was elected")?;
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
        bail!("the cluster lost its leader without a crash");
    };
    cluster.kill(leader);
    let killed_at = Instant::now();
    let (_, reelected_at) = cluster
        .wait_for_agreement(killed_at + plan.election_timeout)
        .context("no new leader after the leader was killed")?;
    let reelection = reelected_at - killed_at;

    let stats = cluster.shutdown();
    let (sent, bytes) = stats.iter().fold((0u64, 0u64), |(m, b), (_, s)| {
        (m + s.sent, b + s.sent_bytes)
    });
    if sent == 0 {
        bail!("the surviving nodes reported no messages sent");
    }
    Ok(Sample {
        election,
        reelection,
        cpu_utilization,
        bytes_per_message: bytes as f64 / sent as f64,
    })
}

fn cpu_times(pids: &[u32]) -> anyhow::Result<Vec<Duration>> {
    pids.iter()
        .map(|&pid| {
            cpu_time(pid).with_context(|| format!("cannot read the CPU time of process {pid}"))
        })
        .collect()
}
