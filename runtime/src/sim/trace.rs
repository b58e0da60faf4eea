//! What a simulation did, in plain values and true time: the same for the
//! plain and the encoded build of a protocol in a fault-free run. `O` is the
//! protocol's output in plain values.

use crate::node::Discard;

/// Why a message was not delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LostBy {
    /// The link lost it.
    Loss,
    /// A partition blocked it.
    Partition,
    /// The destination was down.
    Crashed,
    /// The destination was not a node.
    NoSuchNode,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event<O> {
    /// The node started (or restarted) with fresh state.
    Start,
    /// The node sent a message to `to`.
    Send {
        /// The destination.
        to: u32,
    },
    /// The node received a message from `from`.
    Deliver {
        /// The sender.
        from: u32,
    },
    /// The node was given an input from outside (see [`Sim::input`](super::Sim::input)).
    Input,
    /// A message the node sent to `to` was not delivered.
    Lost {
        /// The destination.
        to: u32,
        /// Why.
        by: LostBy,
    },
    /// The node set an alarm (`id` is `None` if the id word is invalid).
    AlarmSet {
        /// The alarm id.
        id: Option<u32>,
        /// The local time it is set for, in ms.
        at_ms: u32,
    },
    /// The node cancelled an alarm.
    AlarmCancel {
        /// The alarm id.
        id: Option<u32>,
    },
    /// An alarm fired.
    AlarmFired {
        /// The alarm id.
        id: Option<u32>,
    },
    /// The node's output changed.
    Report {
        /// Its output from now on.
        output: O,
    },
    /// The node discarded something invalid (an omission).
    Discard(Discard),
    /// The node's protocol rejected a message ([`Io::reject`](crate::Io::reject)).
    Rejected,
    /// A check found an invalid word (a `fault::Fault` panic); the node stopped.
    Fault {
        /// The invalid word.
        word: u64,
    },
    /// The node panicked otherwise; it stopped.
    Panic,
    /// The node was crashed.
    Crash,
}

/// One event, at a true time, at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Record<O> {
    /// True time, in µs.
    pub t_us: u64,
    /// The node it happened at.
    pub node: u32,
    /// What happened.
    pub event: Event<O>,
}

/// How much a simulation records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TraceLevel {
    /// Every event.
    #[default]
    Full,
    /// Only starts, output changes, discards, rejections, faults, panics and crashes.
    Outputs,
}

impl TraceLevel {
    #[inline]
    pub(crate) fn keeps<O>(self, event: &Event<O>) -> bool {
        match self {
            TraceLevel::Full => true,
            TraceLevel::Outputs => !matches!(
                event,
                Event::Send { .. }
                    | Event::Deliver { .. }
                    | Event::Lost { .. }
                    | Event::AlarmSet { .. }
                    | Event::AlarmCancel { .. }
                    | Event::AlarmFired { .. }
            ),
        }
    }
}

/// The recorded trace, in order of true time.
///
/// ```
/// use anguard::sim::{Event, Record, Trace};
///
/// let trace = Trace::from_records(vec![
///     Record { t_us: 10, node: 0, event: Event::Report { output: Some(0) } },
///     Record { t_us: 30, node: 0, event: Event::Report { output: None } },
/// ]);
/// assert_eq!(trace.output_at(0, 5), None);
/// assert_eq!(trace.output_at(0, 20), Some(0));
/// assert_eq!(trace.output_at(0, 30), None);
/// assert_eq!(trace.outputs(0).count(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace<O> {
    records: Vec<Record<O>>,
}

impl<O> Default for Trace<O> {
    fn default() -> Self {
        Self {
            records: Vec::new(),
        }
    }
}

impl<O> Trace<O> {
    /// A trace of these records (in order of time).
    pub fn from_records(records: Vec<Record<O>>) -> Self {
        Self { records }
    }

    #[inline]
    pub(crate) fn push(&mut self, level: TraceLevel, record: Record<O>) {
        if level.keeps(&record.event) {
            self.records.push(record);
        }
    }

    /// All records.
    pub fn records(&self) -> &[Record<O>] {
        &self.records
    }

    /// The records of one node.
    pub fn of(&self, node: u32) -> impl Iterator<Item = &Record<O>> {
        self.records.iter().filter(move |r| r.node == node)
    }

    /// How many records match `pred`.
    pub fn count(&self, pred: impl Fn(&Event<O>) -> bool) -> usize {
        self.records.iter().filter(|r| pred(&r.event)).count()
    }
}

impl<O: Clone + Default> Trace<O> {
    /// The output changes of `node`: (true time in µs, output). A start,
    /// crash, fault or panic resets the output to `O::default()`.
    pub fn outputs(&self, node: u32) -> impl Iterator<Item = (u64, O)> + '_ {
        self.of(node).filter_map(|r| match &r.event {
            Event::Report { output } => Some((r.t_us, output.clone())),
            Event::Start | Event::Crash | Event::Fault { .. } | Event::Panic => {
                Some((r.t_us, O::default()))
            }
            _ => None,
        })
    }

    /// The output of `node` at true time `t_us` (`O::default()` before its
    /// first report, and from a crash or restart until its next report).
    pub fn output_at(&self, node: u32, t_us: u64) -> O {
        self.outputs(node)
            .take_while(|(t, _)| *t <= t_us)
            .last()
            .map(|(_, output)| output)
            .unwrap_or_default()
    }
}

impl<O: PartialEq + Clone> Trace<O> {
    /// The first place where two traces differ: the index and the records
    /// there (`None` on the side that ended). `None` if they are equal.
    ///
    /// ```
    /// use anguard::sim::{Event, Record, Trace};
    ///
    /// let r = |t_us| Record::<()> { t_us, node: 0, event: Event::Start };
    /// let a = Trace::from_records(vec![r(1), r(2)]);
    /// let b = Trace::from_records(vec![r(1), r(3)]);
    /// assert_eq!(a.first_difference(&a), None);
    /// assert_eq!(a.first_difference(&b), Some((1, Some(r(2)), Some(r(3)))));
    /// ```
    #[allow(clippy::type_complexity)]
    pub fn first_difference(
        &self,
        other: &Trace<O>,
    ) -> Option<(usize, Option<Record<O>>, Option<Record<O>>)> {
        let (a, b) = (&self.records, &other.records);
        (0..a.len().max(b.len()))
            .find(|&i| a.get(i) != b.get(i))
            .map(|i| (i, a.get(i).cloned(), b.get(i).cloned()))
    }
}

/// The view of an election: outputs are the leader trusted, if any.
impl Trace<Option<u32>> {
    /// The intervals `[from, to)` of true time during which `node` output
    /// itself as leader; an open interval ends at `end_us`.
    pub fn leadership(&self, node: u32, end_us: u64) -> Vec<(u64, u64)> {
        let mut intervals = Vec::new();
        let mut since = None;
        for (t, leader) in self.outputs(node) {
            match (since, leader == Some(node)) {
                (None, true) => since = Some(t),
                (Some(s), false) => {
                    intervals.push((s, t));
                    since = None;
                }
                _ => {}
            }
        }
        if let Some(s) = since {
            intervals.push((s, end_us));
        }
        intervals
    }

    /// Every leadership interval of nodes `0..n`, as `(from, to, node)`,
    /// by start time.
    pub fn leaderships(&self, n: u32, end_us: u64) -> Vec<(u64, u64, u32)> {
        let mut all: Vec<(u64, u64, u32)> = (0..n)
            .flat_map(|node| {
                self.leadership(node, end_us)
                    .into_iter()
                    .map(move |(from, to)| (from, to, node))
            })
            .collect();
        all.sort_unstable();
        all
    }

    /// Two leadership intervals that overlap in true time, if any: the
    /// violation of strong leader election. One sweep over the intervals by
    /// start time, keeping the one that reaches furthest.
    ///
    /// ```
    /// use anguard::sim::{Event, Record, Trace};
    ///
    /// let report = |t_us, node, output| Record { t_us, node, event: Event::Report { output } };
    /// let trace = Trace::from_records(vec![report(100, 0, Some(0)), report(200, 1, Some(1))]);
    /// assert_eq!(trace.overlapping_leaders(3, 1_000), Some([(100, 1_000, 0), (200, 1_000, 1)]));
    /// ```
    pub fn overlapping_leaders(&self, n: u32, end_us: u64) -> Option<[(u64, u64, u32); 2]> {
        let mut furthest: Option<(u64, u64, u32)> = None;
        for interval in self.leaderships(n, end_us) {
            if let Some(previous) = furthest
                && interval.0 < previous.1
            {
                return Some([previous, interval]);
            }
            if furthest.is_none_or(|previous| interval.1 > previous.1) {
                furthest = Some(interval);
            }
        }
        None
    }
}
