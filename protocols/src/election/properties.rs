//! The properties a simulated election run is held to; a violation is
//! silent data corruption.

use anguard::campaign::Properties;
use anguard::sim::{Event, Trace};

use super::agreed_leader;

/// What a leader election of `n` processes promises, as a campaign checks
/// it over a run's trace:
/// - every election: every output names a process (an id below n), and at
///   the end every node up follows one leader that is up (else the run
///   stalled);
/// - a strong election (hale): never two leaders at one true time;
/// - an eventual one (rotel4): once a process is down, no node still follows
///   it at the end of the run, if that is more than `stale_after_us` later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElectionProperties {
    n: u32,
    one_leader_at_a_time: bool,
    stale_after_us: Option<u64>,
}

impl ElectionProperties {
    /// A strong leader election of `n` processes: at most one leader at any
    /// true time.
    pub const fn strong(n: u32) -> Self {
        Self {
            n,
            one_leader_at_a_time: true,
            stale_after_us: None,
        }
    }

    /// An eventual leader election of `n` processes that elects a crashed
    /// leader's successor within (n+4)δ: following a node down for more than
    /// twice that (a margin for loss and delay) is a violation.
    pub const fn eventual(n: u32, delta_ms: u32) -> Self {
        Self {
            n,
            one_leader_at_a_time: false,
            stale_after_us: Some((n as u64 + 4) * delta_ms as u64 * 1_000 * 2),
        }
    }

    fn not_a_process(&self, trace: &Trace<Option<u32>>) -> Option<String> {
        trace
            .records()
            .iter()
            .find_map(|record| match record.event {
                Event::Report { output: Some(l) } if l >= self.n => Some(format!(
                    "node {} output leader {l}, not a process",
                    record.node
                )),
                _ => None,
            })
    }

    fn two_leaders(&self, trace: &Trace<Option<u32>>, end_us: u64) -> Option<String> {
        trace.overlapping_leaders(self.n, end_us).map(|[a, b]| {
            format!(
                "nodes {} and {} both led during {}..{} µs",
                a.2.min(b.2),
                a.2.max(b.2),
                b.0,
                a.1.min(b.1)
            )
        })
    }

    fn stale_leader(
        &self,
        trace: &Trace<Option<u32>>,
        end_us: u64,
        bound_us: u64,
    ) -> Option<String> {
        for down in 0..self.n {
            let Some(since) = down_since(trace, down) else {
                continue;
            };
            if since + bound_us >= end_us {
                continue;
            }
            for node in (0..self.n).filter(|&m| m != down && down_since(trace, m).is_none()) {
                if trace.output_at(node, end_us) == Some(down) {
                    return Some(format!(
                        "node {node} still follows node {down}, down since {since} µs"
                    ));
                }
            }
        }
        None
    }
}

impl Properties<Option<u32>> for ElectionProperties {
    fn violation(&self, trace: &Trace<Option<u32>>, end_us: u64) -> Option<String> {
        self.not_a_process(trace)
            .or_else(|| {
                self.one_leader_at_a_time
                    .then(|| self.two_leaders(trace, end_us))
                    .flatten()
            })
            .or_else(|| {
                self.stale_after_us
                    .and_then(|bound| self.stale_leader(trace, end_us, bound))
            })
    }

    fn stalled(&self, trace: &Trace<Option<u32>>, end_us: u64) -> Option<String> {
        let up = (0..self.n).filter(|&node| down_since(trace, node).is_none());
        let leader = agreed_leader(up.map(|node| (node, trace.output_at(node, end_us))));
        leader
            .is_none()
            .then(|| "no agreed leader at the end".to_string())
    }
}

/// When `node` last went down for good, if it did.
fn down_since(trace: &Trace<Option<u32>>, node: u32) -> Option<u64> {
    let mut since = None;
    for record in trace.of(node) {
        match record.event {
            Event::Crash | Event::Fault { .. } | Event::Panic => since = Some(record.t_us),
            Event::Start => since = None,
            _ => {}
        }
    }
    since
}

#[cfg(test)]
mod tests {
    use super::*;
    use anguard::sim::Record;

    fn report(t_us: u64, node: u32, leader: Option<u32>) -> Record<Option<u32>> {
        Record {
            t_us,
            node,
            event: Event::Report { output: leader },
        }
    }

    const HALE: ElectionProperties = ElectionProperties::strong(3);
    const ROTEL4: ElectionProperties = ElectionProperties::eventual(3, 20);

    #[test]
    fn a_hand_made_double_leader_is_flagged() {
        let trace = Trace::from_records(vec![
            report(100, 0, Some(0)),
            report(200, 1, Some(1)),
            report(300, 0, None),
        ]);
        let why = HALE.violation(&trace, 1_000).expect("two leaders");
        assert!(why.contains("nodes 0 and 1"), "{why}");
    }

    #[test]
    fn consecutive_leaders_are_fine() {
        let trace = Trace::from_records(vec![
            report(100, 0, Some(0)),
            report(300, 0, None),
            report(300, 1, Some(1)),
        ]);
        assert_eq!(HALE.violation(&trace, 1_000), None);
    }

    #[test]
    fn an_output_outside_the_processes_is_flagged() {
        let trace = Trace::from_records(vec![report(100, 2, Some(7))]);
        assert!(ROTEL4.violation(&trace, 1_000).is_some());
    }

    #[test]
    fn following_a_long_dead_leader_is_flagged() {
        let trace = Trace::from_records(vec![
            report(100, 1, Some(0)),
            Record {
                t_us: 200,
                node: 0,
                event: Event::Crash,
            },
        ]);
        assert!(ROTEL4.violation(&trace, 10_000_000).is_some());
        assert_eq!(ROTEL4.violation(&trace, 300), None);
    }

    #[test]
    fn a_run_without_an_agreed_leader_at_the_end_stalled() {
        let agreed = Trace::from_records(vec![
            report(100, 0, Some(0)),
            report(100, 1, Some(0)),
            report(100, 2, Some(0)),
        ]);
        assert_eq!(HALE.stalled(&agreed, 1_000), None);
        let mut records = agreed.records().to_vec();
        records.push(Record {
            t_us: 500,
            node: 0,
            event: Event::Crash,
        });
        let leader_down = Trace::from_records(records);
        assert!(HALE.stalled(&leader_down, 1_000).is_some());
    }
}
