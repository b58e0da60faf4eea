//! What a replica asks of its driver, in plain values: state to make durable,
//! and replies to send. Everything the replica persisted is a sequence of
//! [`Record`]s; replaying them gives the [`Durable`] state it restarts from.

use anguard::state::{State, Visitor};
use serde::{Deserialize, Serialize};

use super::command::{Reply, Request};

/// One entry of the replicated log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entry {
    /// The term of the leader that appended it.
    pub term: u64,
    /// The client's request, or `None` for the no-op a new leader appends.
    pub request: Option<Request>,
}

/// A change to a replica's durable state.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Record {
    /// The current term and the vote cast in it.
    Vote {
        /// The term.
        term: u64,
        /// Whom this replica voted for in it.
        voted_for: Option<u32>,
    },
    /// The log from index `first` on (1-based) is `entries`: what was there
    /// from `first` is cut off.
    Entries {
        /// The index of the first entry.
        first: u64,
        /// The entries.
        entries: Vec<Entry>,
    },
}

/// What a replica's driver is asked to do.
///
/// The driver makes every [`Effect::Persist`] of a handler durable (fsync)
/// before any message or [`Effect::Reply`] of that handler leaves.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Effect {
    /// Make this durable before the handler's messages and replies leave.
    Persist(Record),
    /// The replica applied the entry at `index` to its store: of `term`,
    /// for request `seq` of `client` (`None`: a no-op). Drivers may ignore
    /// it; checks compare replicas with it.
    Applied {
        /// The entry's index.
        index: u64,
        /// Its term.
        term: u64,
        /// Its request's client and seq.
        request: Option<(u64, u64)>,
    },
    /// Answer request `seq` of `client`.
    Reply {
        /// The client.
        client: u64,
        /// Its request.
        seq: u64,
        /// The answer.
        reply: Reply,
    },
}

/// A replica's durable state: its term, its vote and its log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Durable {
    /// The current term.
    pub term: u64,
    /// The vote cast in it.
    pub voted_for: Option<u32>,
    /// The log; entry `i` (0-based) has index `i + 1`.
    pub log: Vec<Entry>,
}

impl Durable {
    /// Applies one record.
    pub fn apply(&mut self, record: Record) {
        match record {
            Record::Vote { term, voted_for } => {
                self.term = term;
                self.voted_for = voted_for;
            }
            Record::Entries { first, entries } => {
                let keep = usize::try_from(first.saturating_sub(1)).unwrap_or(usize::MAX);
                self.log.truncate(keep);
                self.log.extend(entries);
            }
        }
    }
}

/// Terms, indices and requests stay plain in both builds: uncovered.
impl State for Entry {
    fn visit(&mut self, v: &mut dyn Visitor) {
        v.uncovered(&mut self.term);
        if let Some(request) = &mut self.request {
            request.visit(v);
        }
    }
}

impl State for Record {
    fn visit(&mut self, v: &mut dyn Visitor) {
        match self {
            Record::Vote { term, voted_for } => {
                v.uncovered(term);
                v.uncovered(voted_for);
            }
            Record::Entries { first, entries } => {
                v.uncovered(first);
                entries.visit(v);
            }
        }
    }
}

impl State for Effect {
    fn visit(&mut self, v: &mut dyn Visitor) {
        match self {
            Effect::Persist(record) => record.visit(v),
            Effect::Applied {
                index,
                term,
                request,
            } => {
                v.uncovered(index);
                v.uncovered(term);
                v.uncovered(request);
            }
            Effect::Reply { client, seq, reply } => {
                v.uncovered(client);
                v.uncovered(seq);
                reply.visit(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(term: u64) -> Entry {
        Entry {
            term,
            request: None,
        }
    }

    #[test]
    fn records_replay_into_the_durable_state() {
        let mut durable = Durable::default();
        durable.apply(Record::Vote {
            term: 2,
            voted_for: Some(1),
        });
        durable.apply(Record::Entries {
            first: 1,
            entries: vec![entry(1), entry(1), entry(2)],
        });
        // A new leader cuts the log after index 1 and appends its own.
        durable.apply(Record::Entries {
            first: 2,
            entries: vec![entry(3)],
        });
        assert_eq!(durable.term, 2);
        assert_eq!(durable.voted_for, Some(1));
        assert_eq!(durable.log, [entry(1), entry(3)]);
    }
}
