//! The election experiments (feature `cli`), plain and encoded side by
//! side in one run. For each algorithm, heartbeat period and build, several
//! runs of a 3-node cluster of `anguard node` processes on loopback measure
//! the election time, the CPU utilization of the nodes in steady state, the
//! re-election time after the leader is killed, and the bytes per message.

mod cpu;
mod measure;
mod report;
mod tls_cost;

use std::ffi::OsString;
use std::path::Path;

pub use cpu::cpu_time;
pub use measure::{RunPlan, Sample, measure_run};
pub use report::{Cell, Report, Row, Spread, SummaryLine};
pub use tls_cost::{ThrowawayCerts, TlsRow};

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
    #[error("cannot make throwaway certificates: {0}")]
    Certs(#[source] std::io::Error),
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
    /// Also run everything with mutual TLS (on throwaway certificates).
    pub tls: bool,
    /// The level every node runs at, in both builds.
    pub hardening: anguard::Hardening,
}

/// What a bench measured.
#[derive(Debug, Default)]
pub struct Measured {
    /// Every run over plain TCP.
    pub report: Report,
    /// The same runs with mutual TLS, if asked for.
    pub tls: Option<Report>,
}

impl Measured {
    /// The cost of TLS beside the encoding's, if TLS was measured.
    pub fn tls_rows(&self) -> Option<Vec<TlsRow>> {
        self.tls
            .as_ref()
            .map(|tls| tls_cost::rows(&self.report, tls))
    }

    /// The table of [`tls_rows`](Self::tls_rows), as `tls.md`.
    pub fn tls_markdown(&self) -> Option<String> {
        self.tls_rows().map(|rows| tls_cost::markdown(&rows))
    }
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
        let modes = if self.tls { 2 } else { 1 };
        Algo::ALL.len() * self.periods.len() * self.runs as usize * Variant::ALL.len() * modes
    }

    /// Measures every algorithm, period and build (each also with TLS if
    /// asked), with nodes started from `exe` (the `anguard` binary); then
    /// each algorithm's state size.
    pub fn run(
        &self,
        exe: &Path,
        mut progress: impl FnMut(Progress<'_>),
    ) -> Result<Measured, BenchError> {
        if self.periods.is_empty() || self.periods.contains(&0) {
            return Err(BenchError::NoPeriods);
        }
        let certs = self
            .tls
            .then(|| ThrowawayCerts::new(NODES))
            .transpose()
            .map_err(BenchError::Certs)?;
        let mut report = Report::default();
        let mut tls_report = Report::default();
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
                        let measure = |extra: &[OsString], what: String| {
                            let mut flags =
                                vec!["--hardening".into(), self.hardening.name().into()];
                            flags.extend_from_slice(extra);
                            measure_run(exe, &config, variant, &self.plan, &flags).map_err(|e| {
                                BenchError::Run {
                                    run: what,
                                    source: Box::new(e),
                                }
                            })
                        };
                        progress(Progress::Starting(&label));
                        let sample = measure(&[], format!("{label}, run {run}"))?;
                        report.add(algo, period, variant, sample);
                        progress(Progress::Finished);
                        if let Some(certs) = &certs {
                            let label = format!("{label} with TLS");
                            progress(Progress::Starting(&label));
                            let sample = measure(certs.flags(), format!("{label}, run {run}"))?;
                            tls_report.add(algo, period, variant, sample);
                            progress(Progress::Finished);
                        }
                    }
                }
            }
        }
        for algo in Algo::ALL {
            let config = Config::new(algo, NODES, self.periods[0])?;
            report.add_state(algo, Variant::ALL.map(|v| config.state_size(v)));
        }
        Ok(Measured {
            report,
            tls: certs.map(|_| tls_report),
        })
    }
}
