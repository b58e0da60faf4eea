//! What a run with a fault shows, judged from what its nodes said: wrong
//! outputs, a detected fault, a crash, a re-election.

use core::fmt;
use std::time::Duration;

use crate::election::Outputs;
use crate::live_fault::FaultReport;

/// One thing a node said or did, at `t` from the start of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observed {
    /// Node `node` follows `leader` from now on.
    Output {
        t: Duration,
        node: u32,
        leader: Option<u32>,
    },
    /// A fault was struck into node `node`'s state.
    FaultInjected {
        t: Duration,
        node: u32,
        fault: FaultReport,
    },
    /// Node `node`'s checks found a corrupted word; it stops.
    FaultDetected {
        t: Duration,
        node: u32,
        what: String,
    },
    /// Node `node`'s process ended.
    Down { t: Duration, node: u32 },
}

impl Observed {
    /// When it happened.
    pub fn t(&self) -> Duration {
        match self {
            Observed::Output { t, .. }
            | Observed::FaultInjected { t, .. }
            | Observed::FaultDetected { t, .. }
            | Observed::Down { t, .. } => *t,
        }
    }
}

/// An output an election must never give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrong {
    /// `node` followed `leader`, which is no process of the cluster.
    NotAProcess { t: Duration, node: u32, leader: u32 },
    /// Nodes `a` and `b` both led.
    TwoLeaders { t: Duration, a: u32, b: u32 },
    /// `node` still followed `leader`, down for `down_for`: longer than a
    /// promise lasts.
    FollowsDown {
        t: Duration,
        node: u32,
        leader: u32,
        down_for: Duration,
    },
}

impl fmt::Display for Wrong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Wrong::NotAProcess { t, node, leader } => write!(
                f,
                "node {node} followed node {leader}, which is no process ({:.3} s)",
                t.as_secs_f64()
            ),
            Wrong::TwoLeaders { t, a, b } => {
                write!(f, "nodes {a} and {b} both led ({:.3} s)", t.as_secs_f64())
            }
            Wrong::FollowsDown {
                t,
                node,
                leader,
                down_for,
            } => write!(
                f,
                "node {node} still followed node {leader}, down for {} ms ({:.3} s)",
                down_for.as_millis(),
                t.as_secs_f64()
            ),
        }
    }
}

/// What a run with a fault showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The fault struck: when, where, what.
    pub injected: Option<(Duration, u32, FaultReport)>,
    /// The first fault a node detected: when, which node.
    pub detected: Option<(Duration, u32)>,
    /// Nodes whose process ended without detecting a fault (a panic, say).
    pub crashed: Vec<(Duration, u32)>,
    /// The first wrong output of each kind, in order.
    pub wrong: Vec<Wrong>,
    /// After the first node went down: when every node up first agreed on a
    /// leader up, and on which.
    pub reelected: Option<(Duration, u32)>,
    /// The leader every node up followed at the end, if they agreed.
    pub end_leader: Option<u32>,
}

impl Verdict {
    /// Judges the run of `n` nodes recorded in `observed` (in time order)
    /// that lasted `end`: following a node down for longer than `stale` is
    /// wrong (for hale, a promise lasts the lease).
    pub fn judge(n: u32, stale: Duration, observed: &[Observed], end: Duration) -> Self {
        let mut outputs = Outputs::new(n);
        let mut down_since: Vec<Option<Duration>> = vec![None; n as usize];
        let mut verdict = Verdict {
            injected: None,
            detected: None,
            crashed: Vec::new(),
            wrong: Vec::new(),
            reelected: None,
            end_leader: None,
        };
        let mut first_down: Option<Duration> = None;
        let mut detecting: Vec<u32> = Vec::new();
        let checks = observed
            .iter()
            .map(|o| (o.t(), Some(o)))
            .chain([(end, None)]);
        for (t, happened) in checks {
            match happened {
                Some(Observed::Output { node, leader, .. }) => {
                    outputs.set(*node, *leader);
                    if let Some(l) = *leader
                        && l >= n
                    {
                        verdict.note(Wrong::NotAProcess {
                            t,
                            node: *node,
                            leader: l,
                        });
                    }
                }
                Some(Observed::FaultInjected { node, fault, .. }) => {
                    verdict.injected.get_or_insert((t, *node, fault.clone()));
                }
                Some(Observed::FaultDetected { node, .. }) => {
                    verdict.detected.get_or_insert((t, *node));
                    detecting.push(*node);
                }
                Some(Observed::Down { node, .. }) => {
                    outputs.crash(*node);
                    down_since[*node as usize] = Some(t);
                    first_down.get_or_insert(t);
                    if !detecting.contains(node) {
                        verdict.crashed.push((t, *node));
                    }
                }
                None => {}
            }
            let leading: Vec<u32> = (0..n)
                .filter(|&node| {
                    outputs.is_up(node) && outputs.outputs()[node as usize] == Some(node)
                })
                .collect();
            if let [a, b, ..] = leading[..] {
                verdict.note(Wrong::TwoLeaders { t, a, b });
            }
            for node in (0..n).filter(|&node| outputs.is_up(node)) {
                if let Some(leader) = outputs.outputs()[node as usize]
                    && let Some(Some(since)) = down_since.get(leader as usize)
                    && t.saturating_sub(*since) > stale
                {
                    verdict.note(Wrong::FollowsDown {
                        t,
                        node,
                        leader,
                        down_for: t - *since,
                    });
                }
            }
            if let Some(down) = first_down
                && verdict.reelected.is_none()
                && let Some(leader) = outputs.agreed()
            {
                verdict.reelected = Some((t.max(down), leader));
            }
        }
        verdict.end_leader = outputs.agreed();
        verdict
    }

    /// Keeps the first wrong output of each kind.
    fn note(&mut self, wrong: Wrong) {
        let kind = core::mem::discriminant(&wrong);
        if !self
            .wrong
            .iter()
            .any(|w| core::mem::discriminant(w) == kind)
        {
            self.wrong.push(wrong);
        }
    }

    /// Whether a node's checks caught the fault and no node gave a wrong output.
    pub fn caught(&self) -> bool {
        self.detected.is_some() && self.wrong.is_empty()
    }
}

/// The verdict, for people: what went wrong or what caught it.
impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((_, target, _)) = &self.injected else {
            return write!(f, "no fault was injected");
        };
        let mut said = Vec::new();
        if let Some((t, node)) = self.detected {
            said.push(format!(
                "node {node} detected the fault at {:.3} s and stopped",
                t.as_secs_f64()
            ));
        }
        for (t, node) in &self.crashed {
            said.push(format!(
                "node {node} crashed at {:.3} s (its process ended without an AN check failing)",
                t.as_secs_f64()
            ));
        }
        if let (Some((t, leader)), Some(down)) = (self.reelected, self.down_at()) {
            said.push(format!(
                "the others agreed on node {leader} {} ms after that",
                t.saturating_sub(down).as_millis()
            ));
        }
        if self.wrong.is_empty() {
            if self.detected.is_none() && self.crashed.is_empty() {
                said.push(format!(
                    "no wrong output seen: the fault went unnoticed and may lie latent in node {target}'s state"
                ));
            } else {
                said.push("no node gave a wrong output".into());
            }
        } else {
            let wrong: Vec<String> = self.wrong.iter().map(Wrong::to_string).collect();
            let unnoticed = if self.detected.is_none() {
                "the fault went unnoticed: "
            } else {
                "wrong outputs: "
            };
            said.push(format!("{unnoticed}{}", wrong.join("; ")));
        }
        write!(f, "{}", said.join("; "))
    }
}

impl Verdict {
    /// When the first node went down.
    fn down_at(&self) -> Option<Duration> {
        let detected = self.detected.map(|(t, _)| t);
        let crashed = self.crashed.first().map(|(t, _)| *t);
        detected.into_iter().chain(crashed).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(ms: u64) -> Duration {
        Duration::from_millis(ms)
    }

    fn output(t: u64, node: u32, leader: Option<u32>) -> Observed {
        Observed::Output {
            t: ms(t),
            node,
            leader,
        }
    }

    #[test]
    fn a_detected_fault_and_a_reelection_are_caught() {
        let observed = [
            output(300, 0, Some(0)),
            output(300, 1, Some(0)),
            output(300, 2, Some(0)),
            Observed::FaultDetected {
                t: ms(2000),
                node: 0,
                what: "invalid code word".into(),
            },
            Observed::Down {
                t: ms(2001),
                node: 0,
            },
            output(2200, 1, None),
            output(2200, 2, None),
            output(2250, 1, Some(1)),
            output(2250, 2, Some(1)),
        ];
        let verdict = Verdict::judge(3, ms(400), &observed, ms(5000));
        assert_eq!(verdict.detected, Some((ms(2000), 0)));
        assert!(verdict.crashed.is_empty());
        assert_eq!(verdict.wrong, []);
        assert_eq!(verdict.reelected, Some((ms(2250), 1)));
        assert_eq!(verdict.end_leader, Some(1));
        assert!(verdict.caught());
    }

    #[test]
    fn wrong_outputs_are_found() {
        let observed = [
            output(300, 0, Some(0)),
            output(300, 1, Some(0)),
            output(2000, 0, Some(256)),
            output(2100, 1, Some(1)),
            Observed::Down {
                t: ms(3000),
                node: 0,
            },
        ];
        let verdict = Verdict::judge(3, ms(400), &observed, ms(4000));
        assert_eq!(
            verdict.wrong,
            [Wrong::NotAProcess {
                t: ms(2000),
                node: 0,
                leader: 256
            }]
        );
        assert_eq!(verdict.crashed, [(ms(3000), 0)]);
        assert!(!verdict.caught());
    }

    #[test]
    fn two_leaders_and_a_stale_follower_are_wrong() {
        let observed = [
            output(100, 0, Some(0)),
            output(100, 1, Some(1)),
            output(200, 2, Some(0)),
            Observed::Down {
                t: ms(300),
                node: 0,
            },
        ];
        let verdict = Verdict::judge(3, ms(400), &observed, ms(1000));
        assert_eq!(
            verdict.wrong,
            [
                Wrong::TwoLeaders {
                    t: ms(100),
                    a: 0,
                    b: 1
                },
                Wrong::FollowsDown {
                    t: ms(1000),
                    node: 2,
                    leader: 0,
                    down_for: ms(700)
                }
            ]
        );
    }
}
