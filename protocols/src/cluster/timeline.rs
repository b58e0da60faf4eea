//! A cluster run from start to end: every change of output, the leader
//! killed when asked, and the milestones of the election.

use std::time::{Duration, Instant};

use super::processes::{Change, Processes};
use crate::election::{Milestones, Outputs};
use crate::live_fault::FaultReport;

/// How a run goes, from the moment every node's protocol has started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    /// How long it lasts.
    pub duration: Duration,
    /// Kill the leader (SIGKILL) this long after the start; if there is no
    /// leader then, as soon as there is one.
    pub crash_leader_at: Option<Duration>,
    /// Also report the outputs at this interval, when nothing else happens.
    pub status_every: Option<Duration>,
}

/// What happened, at `t` from the start of the run.
#[derive(Debug, Clone, Copy)]
pub enum Happening<'a> {
    /// Node `node` follows `leader` from now on.
    Output {
        t: Duration,
        node: u32,
        leader: Option<u32>,
    },
    /// The run killed node `node`: it was the leader.
    Killed { t: Duration, node: u32 },
    /// A fault was struck into node `node`'s state.
    FaultInjected {
        t: Duration,
        node: u32,
        fault: &'a FaultReport,
    },
    /// Node `node` found a corrupted word, and stops.
    FaultDetected {
        t: Duration,
        node: u32,
        what: &'a str,
    },
    /// Node `node`'s process ended by itself.
    Exited { t: Duration, node: u32 },
    /// Every node's output, at the status interval.
    Status { t: Duration, outputs: &'a Outputs },
}

impl Timeline {
    /// Follows `cluster` to the end of the run, telling `on` what happens,
    /// and returns the milestones.
    pub fn follow(&self, cluster: &mut Processes, mut on: impl FnMut(Happening<'_>)) -> Milestones {
        let start = cluster.started();
        let end = start + self.duration;
        let mut crash_at = self.crash_leader_at.map(|at| start + at);
        let mut milestones = Milestones::default();
        let mut next_status = self.status_every.map(|every| (start + every, every));
        loop {
            let now = Instant::now();
            if now >= end {
                return milestones;
            }
            if let Some((at, every)) = next_status.as_mut()
                && now >= *at
            {
                on(Happening::Status {
                    t: *at - start,
                    outputs: cluster.outputs(),
                });
                *at += *every;
            }
            if let Some(at) = crash_at
                && now >= at
                && let Some(leader) = cluster.outputs().agreed()
            {
                cluster.kill(leader);
                milestones.crashed = Some((now - start, leader));
                on(Happening::Killed {
                    t: now - start,
                    node: leader,
                });
                crash_at = None;
            }
            let mut wake = match crash_at {
                Some(at) => at.max(now + Duration::from_millis(10)).min(end),
                None => end,
            };
            if let Some((at, _)) = next_status {
                wake = wake.min(at);
            }
            match cluster.next_change(wake) {
                Some(Change::Output {
                    node, leader, at, ..
                }) => {
                    on(Happening::Output {
                        t: at - start,
                        node,
                        leader,
                    });
                    milestones.observe(at - start, cluster.outputs());
                }
                Some(Change::Exited { node, at }) => {
                    on(Happening::Exited {
                        t: at - start,
                        node,
                    });
                    milestones.observe(at - start, cluster.outputs());
                }
                Some(Change::FaultInjected { node, at, fault }) => on(Happening::FaultInjected {
                    t: at - start,
                    node,
                    fault: &fault,
                }),
                Some(Change::FaultDetected { node, at, what }) => on(Happening::FaultDetected {
                    t: at - start,
                    node,
                    what: &what,
                }),
                Some(Change::Started { .. } | Change::Stats { .. }) | None => {}
            }
        }
    }
}
