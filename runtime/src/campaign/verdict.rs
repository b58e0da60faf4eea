//! What became of a fault: a faulty run classified against the fault-free
//! run of the same scenario and the caller's properties.

use crate::sim::{Event, Trace};

use super::target::Properties;

/// What became of one fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The run was identical to the fault-free one, state included.
    Masked,
    /// A check found an invalid word and the node stopped, before any
    /// property was violated.
    Detected,
    /// A message or alarm was dropped instead of acted upon: by the adapter
    /// (an invalid word, an unreadable payload) or by the protocol itself
    /// ([`Io::reject`](crate::Io::reject)).
    Discarded,
    /// The run differed, but every property held.
    Benign,
    /// Silent data corruption: a property was violated, or corrupted state
    /// persisted undetected to the end.
    Sdc,
    /// The run stopped making progress: time stood still, or it ended
    /// without the progress the fault-free run made.
    Hang,
}

impl Outcome {
    /// Every outcome, in the order tables show them.
    pub const ALL: [Outcome; 6] = [
        Outcome::Masked,
        Outcome::Detected,
        Outcome::Discarded,
        Outcome::Benign,
        Outcome::Sdc,
        Outcome::Hang,
    ];

    /// The outcome's name, as records and tables show it.
    pub const fn name(self) -> &'static str {
        match self {
            Outcome::Masked => "masked",
            Outcome::Detected => "detected",
            Outcome::Discarded => "discarded",
            Outcome::Benign => "benign",
            Outcome::Sdc => "sdc",
            Outcome::Hang => "hang",
        }
    }
}

impl core::fmt::Display for Outcome {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// What became of a fault, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verdict {
    /// The outcome.
    pub outcome: Outcome,
    /// Why (empty for a masked or benign run).
    pub why: String,
}

impl Verdict {
    pub(super) fn new(outcome: Outcome, why: impl Into<String>) -> Self {
        Self {
            outcome,
            why: why.into(),
        }
    }
}

/// A run to classify: its trace and its nodes' state fingerprints at the end.
#[derive(Debug, Clone)]
pub(super) struct Ending<O> {
    pub trace: Trace<O>,
    /// Every node's state fingerprint at the end (empty for a node that is down).
    pub states: Vec<Vec<u64>>,
}

impl<O> Ending<O> {
    /// The messages and alarms dropped: the adapter's discards and the
    /// protocol's rejections.
    pub fn discards(&self) -> usize {
        self.trace
            .count(|e| matches!(e, Event::Discard(_) | Event::Rejected))
    }
}

/// Classifies a faulty run that ended at `end_us` against the fault-free
/// one, `golden`.
pub(super) fn classify<O: Clone + PartialEq>(
    properties: &dyn Properties<O>,
    golden: &Ending<O>,
    run: &Ending<O>,
    end_us: u64,
) -> Verdict {
    let records = run.trace.records();
    if let Some(first) = records
        .iter()
        .position(|r| matches!(r.event, Event::Fault { .. }))
    {
        // A check that fires after a property was already violated came too late.
        let (node, t_us) = (records[first].node, records[first].t_us);
        let before = Trace::from_records(records[..first].to_vec());
        if let Some(why) = properties.violation(&before, t_us) {
            return Verdict::new(
                Outcome::Sdc,
                format!("{why}, before a check failed at node {node}"),
            );
        }
        return Verdict::new(Outcome::Detected, format!("check failed at node {node}"));
    }
    if run.trace == golden.trace {
        return match run
            .states
            .iter()
            .zip(&golden.states)
            .position(|(a, b)| a != b)
        {
            None => Verdict::new(Outcome::Masked, ""),
            Some(node) => Verdict::new(
                Outcome::Sdc,
                format!("node {node}'s state still differs at the end, unnoticed"),
            ),
        };
    }
    if let Some(why) = properties.violation(&run.trace, end_us) {
        return Verdict::new(Outcome::Sdc, why);
    }
    if let Some(why) = properties.stalled(&run.trace, end_us)
        && properties.stalled(&golden.trace, end_us).is_none()
    {
        return Verdict::new(Outcome::Hang, why);
    }
    let (dropped, golden_dropped) = (run.discards(), golden.discards());
    if dropped > golden_dropped {
        return Verdict::new(
            Outcome::Discarded,
            format!("{} discarded", dropped - golden_dropped),
        );
    }
    Verdict::new(Outcome::Benign, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Record;

    /// Two nodes reporting themselves at once is the violation.
    struct OneLeader;
    impl Properties<Option<u32>> for OneLeader {
        fn violation(&self, trace: &Trace<Option<u32>>, end_us: u64) -> Option<String> {
            trace
                .overlapping_leaders(3, end_us)
                .map(|[a, b]| format!("nodes {} and {} both led", a.2, b.2))
        }
    }

    fn record(t_us: u64, node: u32, event: Event<Option<u32>>) -> Record<Option<u32>> {
        Record { t_us, node, event }
    }

    fn ending(records: Vec<Record<Option<u32>>>) -> Ending<Option<u32>> {
        Ending {
            trace: Trace::from_records(records),
            states: Vec::new(),
        }
    }

    #[test]
    fn a_check_is_a_detection_only_if_nothing_went_wrong_before_it() {
        let lead = |t_us, node| record(t_us, node, Event::Report { output: Some(node) });
        let fault = |t_us, node| record(t_us, node, Event::Fault { word: 1 });
        let golden = ending(vec![lead(100, 0)]);

        let caught = ending(vec![lead(100, 0), fault(200, 1)]);
        let verdict = classify(&OneLeader, &golden, &caught, 1_000);
        assert_eq!(verdict.outcome, Outcome::Detected, "{}", verdict.why);

        let too_late = ending(vec![lead(100, 0), lead(150, 1), fault(200, 1)]);
        let verdict = classify(&OneLeader, &golden, &too_late, 1_000);
        assert_eq!(verdict.outcome, Outcome::Sdc, "{}", verdict.why);
        assert!(verdict.why.contains("nodes 0 and 1"), "{}", verdict.why);
    }
}
