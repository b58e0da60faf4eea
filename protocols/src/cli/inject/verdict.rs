//! The properties a faulty run is held to; a violation is silent data
//! corruption.

use anguard::sim::{Event, Sim, Trace};

use super::super::Algo;

/// The leader every node that is up outputs, if they agree on one that is up.
pub fn agreed_leader(sim: &Sim<Option<u32>>) -> Option<u32> {
    let n = sim.outputs().len() as u32;
    let mut up_outputs = (0..n)
        .filter(|&node| sim.is_up(node))
        .map(|node| sim.outputs()[node as usize]);
    let first = up_outputs.next()??;
    (up_outputs.all(|o| o == Some(first)) && sim.is_up(first)).then_some(first)
}

/// Why the run violates its algorithm's properties, if it does:
/// - any: an output naming no process (an id ≥ n);
/// - hale: two processes leading at the same true time;
/// - rotel4: once a process is down, an output still naming it at the end
///   of the run, if that is more than twice the (n+4)δ it takes to elect its
///   successor after it went down.
pub fn property_violation(
    algo: Algo,
    trace: &Trace<Option<u32>>,
    end_us: u64,
    n: u32,
    period_ms: u32,
) -> Option<String> {
    for record in trace.records() {
        if let Event::Report { output: Some(l) } = record.event
            && l >= n
        {
            return Some(format!(
                "node {} output leader {l}, not a process",
                record.node
            ));
        }
    }
    match algo {
        Algo::Hale => two_leaders(trace, end_us, n),
        Algo::Rotel4 => stale_leader(trace, end_us, n, period_ms),
    }
}

fn two_leaders(trace: &Trace<Option<u32>>, end_us: u64, n: u32) -> Option<String> {
    trace.overlapping_leaders(n, end_us).map(|[a, b]| {
        format!(
            "nodes {} and {} both led during {}..{} µs",
            a.2.min(b.2),
            a.2.max(b.2),
            b.0,
            a.1.min(b.1)
        )
    })
}

fn stale_leader(trace: &Trace<Option<u32>>, end_us: u64, n: u32, period_ms: u32) -> Option<String> {
    // (n+4)δ, with a margin of 2 for loss and delay.
    let bound_us = u64::from(n + 4) * u64::from(period_ms) * 1_000 * 2;
    for down in 0..n {
        let Some(since) = down_since(trace, down) else {
            continue;
        };
        let deadline = since + bound_us;
        if deadline >= end_us {
            continue;
        }
        for node in (0..n).filter(|&m| m != down && down_since(trace, m).is_none()) {
            if trace.output_at(node, end_us) == Some(down) {
                return Some(format!(
                    "node {node} still follows node {down}, down since {since} µs"
                ));
            }
        }
    }
    None
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

    #[test]
    fn a_hand_made_double_leader_is_flagged() {
        let trace = Trace::from_records(vec![
            report(100, 0, Some(0)),
            report(200, 1, Some(1)),
            report(300, 0, None),
        ]);
        let why = property_violation(Algo::Hale, &trace, 1_000, 3, 20).expect("two leaders");
        assert!(why.contains("nodes 0 and 1"), "{why}");
    }

    #[test]
    fn consecutive_leaders_are_fine() {
        let trace = Trace::from_records(vec![
            report(100, 0, Some(0)),
            report(300, 0, None),
            report(300, 1, Some(1)),
        ]);
        assert_eq!(property_violation(Algo::Hale, &trace, 1_000, 3, 20), None);
    }

    #[test]
    fn an_output_outside_the_processes_is_flagged() {
        let trace = Trace::from_records(vec![report(100, 2, Some(7))]);
        assert!(property_violation(Algo::Rotel4, &trace, 1_000, 3, 20).is_some());
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
        assert!(property_violation(Algo::Rotel4, &trace, 10_000_000, 3, 20).is_some());
        assert_eq!(property_violation(Algo::Rotel4, &trace, 300, 3, 20), None);
    }
}
