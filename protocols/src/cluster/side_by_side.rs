//! Both builds of one protocol, each a cluster of node processes, run at
//! once with the same flags (the same fault in the same node), and judged
//! from what their nodes said.

use std::ffi::OsString;
use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use super::node_flags;
use super::processes::{ClusterError, Processes, loopback_addresses};
use super::timeline::{Happening, Timeline};
use super::verdict::{Observed, Verdict};
use crate::algo::{Config, Variant};

/// A run of both builds side by side.
#[derive(Debug, Clone)]
pub struct SideBySide<'a> {
    /// The `anguard` binary.
    pub exe: &'a Path,
    pub config: Config,
    /// Flags every node of both clusters gets besides its protocol's
    /// (a fault's, say).
    pub flags: Vec<OsString>,
    /// How long each cluster runs, from the start of its protocols.
    pub duration: Duration,
}

/// One build's run.
#[derive(Debug, Clone)]
pub struct Side {
    pub variant: Variant,
    /// What its nodes said, in order, timed from the start of its protocols.
    pub observed: Vec<Observed>,
    pub verdict: Verdict,
}

impl SideBySide<'_> {
    /// Runs plain and encoded at once, telling `on` what each cluster's
    /// nodes say as it comes; returns the runs, plain first.
    pub fn run(&self, mut on: impl FnMut(Variant, &Observed)) -> Result<Vec<Side>, ClusterError> {
        let n = self.config.n();
        // Every port at once, so that the clusters' differ.
        let addresses = loopback_addresses(2 * n, None)?;
        let (sender, receiver) = mpsc::channel();
        let mut sides: Vec<Side> = Variant::ALL
            .into_iter()
            .map(|variant| Side {
                variant,
                observed: Vec::new(),
                verdict: Verdict::judge(n, Duration::ZERO, &[], Duration::ZERO),
            })
            .collect();
        let results = thread::scope(|scope| {
            let runs: Vec<_> = Variant::ALL
                .into_iter()
                .zip(addresses.chunks(n as usize))
                .map(|(variant, addresses)| {
                    let sender = sender.clone();
                    scope.spawn(move || self.run_one(variant, addresses, &sender))
                })
                .collect();
            drop(sender);
            for (variant, observed) in receiver {
                on(variant, &observed);
                sides[variant as usize].observed.push(observed);
            }
            runs.into_iter()
                .map(|run| run.join().expect("a cluster's thread panicked"))
                .collect::<Vec<_>>()
        });
        results.into_iter().collect::<Result<Vec<()>, _>>()?;
        let stale = stale_after(&self.config);
        for side in &mut sides {
            side.verdict = Verdict::judge(n, stale, &side.observed, self.duration);
        }
        Ok(sides)
    }

    fn run_one(
        &self,
        variant: Variant,
        addresses: &[String],
        sender: &mpsc::Sender<(Variant, Observed)>,
    ) -> Result<(), ClusterError> {
        let mut flags = node_flags(&self.config, variant);
        flags.extend(self.flags.iter().cloned());
        let mut cluster = Processes::spawn_quiet(self.exe, &flags, addresses)?;
        let timeline = Timeline {
            duration: self.duration,
            crash_leader_at: None,
            status_every: None,
        };
        timeline.follow(&mut cluster, |happening| {
            let observed = match happening {
                Happening::Output { t, node, leader } => Observed::Output { t, node, leader },
                Happening::FaultInjected { t, node, fault } => Observed::FaultInjected {
                    t,
                    node,
                    fault: fault.clone(),
                },
                Happening::FaultDetected { t, node, what } => Observed::FaultDetected {
                    t,
                    node,
                    what: what.to_string(),
                },
                Happening::Exited { t, node } | Happening::Killed { t, node } => {
                    Observed::Down { t, node }
                }
                Happening::Status { .. } => return,
            };
            let _ = sender.send((variant, observed));
        });
        cluster.shutdown();
        Ok(())
    }
}

/// How long a node may still follow a leader that went down: as long as the
/// promise it made it may last, and a period more (hale); rotel4's bound on
/// electing a successor, twice over.
pub fn stale_after(config: &Config) -> Duration {
    let ms = match config {
        Config::Hale(c) => u64::from(c.lease()) + u64::from(c.period()),
        Config::Rotel4(c) => 2 * (u64::from(c.n()) + 4) * u64::from(c.delta()),
    };
    Duration::from_millis(ms)
}
