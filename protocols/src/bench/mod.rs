//! The election experiments (feature `cli`), plain and encoded side by
//! side in one run. For each algorithm, heartbeat period and build, several
//! runs of a 3-node cluster of `anguard node` processes on loopback measure
//! the election time, the CPU utilization of the nodes in steady state, the
//! re-election time after the leader is killed, and the bytes per message.

mod cpu;
mod measure;
mod report;

use std::path::Path;

pub use cpu::cpu_time;
pub use measure::{RunPlan, Sample, measure_run};
pub use report::{Cell, Report, Row, Spread, SummaryLine};

use crate::algo::{Algo, Config, ConfigError, Variant};
use crate::cluster::ClusterError;

/// The cluster size of the experiments.
pub const NODES: u32 = 3;

/// Why a measurement failed.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("--periods needs one or more periods of at least 1 ms")]
    NoPeriods,
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Cluster(#[from] ClusterError),
    #[error("{0}")]
    NoLeader(&'static str),
    #[error("cannot read the CPU time of process {pid}: {source}")]
    Cpu {
        pid: u32,
        #[source]
        source: std::io::Error,
    },
    #[error("{run}: {source}")]
    Run {
        run: String,
        #[source]
        source: Box<BenchError>,
    },
}

/// What to measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bench {
    /// Heartbeat periods, in ms.
    pub periods: Vec<u32>,
    /// Runs per algorithm, period and build.
    pub runs: u32,
    /// How long each phase of a run lasts.
    pub plan: RunPlan,
}

/// How far a bench has come, for a progress display.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// A run starts: its algorithm, period and build, for people.
    Starting(&'a str),
    /// It has finished.
    Finished,
}

impl Bench {
    /// How many runs it takes.
    pub fn total_runs(&self) -> usize {
        Algo::ALL.len() * self.periods.len() * self.runs as usize * Variant::ALL.len()
    }

    /// Measures every algorithm, period and build, with nodes started from
    /// `exe` (the `anguard` binary); then each algorithm's state size.
    pub fn run(
        &self,
        exe: &Path,
        mut progress: impl FnMut(Progress<'_>),
    ) -> Result<Report, BenchError> {
        if self.periods.is_empty() || self.periods.contains(&0) {
            return Err(BenchError::NoPeriods);
        }
        let mut report = Report::default();
        for algo in Algo::ALL {
            for &period in &self.periods {
                let config = Config::new(algo, NODES, period)?;
                for run in 0..self.runs {
                    // Alternate which build goes first, so drift in the machine's
                    // load falls on both alike.
                    let mut order = Variant::ALL;
                    if !run.is_multiple_of(2) {
                        order.reverse();
                    }
                    for variant in order {
                        let label = format!("{} {period} ms {}", algo.name(), variant.name());
                        progress(Progress::Starting(&label));
                        let sample =
                            measure_run(exe, &config, variant, &self.plan).map_err(|e| {
                                BenchError::Run {
                                    run: format!("{label}, run {run}"),
                                    source: Box::new(e),
                                }
                            })?;
                        report.add(algo, period, variant, sample);
                        progress(Progress::Finished);
                    }
                }
            }
        }
        for algo in Algo::ALL {
            let config = Config::new(algo, NODES, self.periods[0])?;
            report.add_state(algo, Variant::ALL.map(|v| config.state_size(v)));
        }
        Ok(report)
    }
}
