//! What a replica asks of its driver, in plain values: state to make durable,
//! and replies to send. Everything the replica persisted is a sequence of
//! [`Record`]s; replaying them gives the [`Durable`] state it restarts from:
//! its term and vote, its last [`Snapshot`], and its log after it.

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

impl Entry {
    /// The bytes of its request's key and value (0 for a no-op).
    pub fn data_len(&self) -> usize {
        self.request
            .as_ref()
            .map_or(0, |request| request.command.data_len())
    }
}

/// A key and its value.
pub type KeyValue = (Vec<u8>, Vec<u8>);

/// A replica's store as applied up to a log index: what replaces its log up
/// to that index (log compaction), and what a leader sends a follower that
/// lacks entries the leader no longer has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Snapshot {
    /// The index of the last entry applied (0: none).
    pub index: u64,
    /// That entry's term.
    pub term: u64,
    /// The store's keys and values, in key order.
    pub store: Vec<KeyValue>,
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
    /// The log up to the snapshot's index is replaced by the snapshot: the
    /// entries after it are kept if the log holds the snapshot's last entry,
    /// else the whole log goes.
    Snapshot(Snapshot),
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
    /// The replica's store is now the snapshot at `index`, of `term`: from
    /// its disk (on start) or from the leader. It applies the entries after
    /// it next. Checks compare replicas with it.
    Installed {
        /// The snapshot's index.
        index: u64,
        /// Its term.
        term: u64,
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

/// A replica's durable state: its term, its vote, its last snapshot and its
/// log after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Durable {
    /// The current term.
    pub term: u64,
    /// The vote cast in it.
    pub voted_for: Option<u32>,
    /// The store as applied up to the log's start (index 0: empty).
    pub snapshot: Snapshot,
    /// The log after the snapshot; entry `i` (0-based) has index
    /// `snapshot.index + i + 1`.
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
                let base = self.snapshot.index;
                if first > base {
                    let keep = usize::try_from(first - 1 - base).unwrap_or(usize::MAX);
                    self.log.truncate(keep);
                    self.log.extend(entries);
                } else {
                    // Written before the snapshot that now covers its start.
                    let covered = usize::try_from(base + 1 - first).unwrap_or(usize::MAX);
                    self.log = entries.into_iter().skip(covered).collect();
                }
            }
            Record::Snapshot(snapshot) => {
                self.install(snapshot);
            }
        }
    }

    /// Replaces the log up to `snapshot`'s index by it, and returns whether
    /// the log's entries after that index were discarded (the log did not
    /// hold the snapshot's last entry). A snapshot older than the current
    /// one changes nothing.
    pub fn install(&mut self, snapshot: Snapshot) -> bool {
        let Some(after) = snapshot.index.checked_sub(self.snapshot.index) else {
            return false;
        };
        let kept = usize::try_from(after).ok().filter(|&after| {
            after == 0
                || self
                    .log
                    .get(after - 1)
                    .is_some_and(|e| e.term == snapshot.term)
        });
        let cleared = match kept {
            Some(after) => {
                self.log.drain(..after);
                false
            }
            None => {
                self.log.clear();
                true
            }
        };
        self.snapshot = snapshot;
        cleared
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

/// Plain in both builds: uncovered.
impl State for Snapshot {
    fn visit(&mut self, v: &mut dyn Visitor) {
        v.uncovered(&mut self.index);
        v.uncovered(&mut self.term);
        for (key, value) in &mut self.store {
            v.uncovered(key);
            v.uncovered(value);
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
            Record::Snapshot(snapshot) => snapshot.visit(v),
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
            Effect::Installed { index, term } => {
                v.uncovered(index);
                v.uncovered(term);
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

    fn snapshot(index: u64, term: u64) -> Snapshot {
        Snapshot {
            index,
            term,
            store: vec![(b"k".to_vec(), index.to_string().into_bytes())],
        }
    }

    #[test]
    fn a_snapshot_replaces_the_log_up_to_its_index() {
        let mut durable = Durable::default();
        durable.apply(Record::Entries {
            first: 1,
            entries: vec![entry(1), entry(1), entry(2), entry(2)],
        });
        // Its own compaction: the entries after index 3 stay.
        durable.apply(Record::Snapshot(snapshot(3, 2)));
        assert_eq!((durable.snapshot.index, durable.log.len()), (3, 1));
        // Entries written before the snapshot, replayed after it (the
        // write-ahead log replaced after the snapshot file).
        durable.apply(Record::Entries {
            first: 2,
            entries: vec![entry(1), entry(2), entry(2), entry(3)],
        });
        assert_eq!(durable.log, [entry(2), entry(3)]);
        durable.apply(Record::Entries {
            first: 6,
            entries: vec![entry(4)],
        });
        assert_eq!(durable.log, [entry(2), entry(3), entry(4)]);
        // An older snapshot changes nothing.
        durable.apply(Record::Snapshot(snapshot(2, 1)));
        assert_eq!(durable.snapshot.index, 3);
        // A leader's snapshot past what the log holds replaces all of it.
        durable.apply(Record::Snapshot(snapshot(9, 5)));
        assert_eq!((durable.snapshot, durable.log.len()), (snapshot(9, 5), 0));
    }

    #[test]
    fn a_snapshot_that_contradicts_the_log_replaces_all_of_it() {
        let mut durable = Durable::default();
        durable.apply(Record::Entries {
            first: 1,
            entries: vec![entry(1), entry(1), entry(1)],
        });
        durable.apply(Record::Snapshot(snapshot(2, 7)));
        assert!(durable.log.is_empty());
    }
}
