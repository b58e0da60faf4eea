//! What a replica asks of its driver, in plain values: state to make durable,
//! and replies to send. Everything the replica persisted is a sequence of
//! [`Record`]s; replaying them gives the [`Durable`] state it restarts from:
//! its term and vote, its last [`Snapshot`], and its log after it.

use core::hash::{Hash, Hasher};

use anguard::state::{State, Visitor};
use serde::{Deserialize, Serialize};

use super::command::{Command, Reply, Request};
use super::seal::Sealing;

/// One entry of the replicated log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The term of the leader that appended it.
    pub term: u64,
    /// The client's request, or `None` for the no-op a new leader appends.
    pub request: Option<Request>,
}

/// What a seal covers: a SET writes its key, then what the value it
/// stores writes (a [`Stored`] of its term, client and sequence number),
/// so that the store keeps the value under the entry's seal; any other
/// entry, everything, then a mark that no SET ends with.
impl Hash for Entry {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        match &self.request {
            Some(Request {
                client,
                seq,
                command: Command::Set(key, value),
            }) => {
                key.hash(state);
                let origin = Origin {
                    term: self.term,
                    client: *client,
                    seq: *seq,
                };
                hash_stored(value, &origin, state);
            }
            request => {
                self.term.hash(state);
                request.hash(state);
                state.write_u8(OTHER_MARK);
            }
        }
    }
}

/// The last byte a sealed SET entry, or the value it stored, writes.
const SET_MARK: u8 = 0;
/// The last byte any other sealed entry writes.
const OTHER_MARK: u8 = 1;

/// A value as the store keeps it: its bytes, and (in the encoded build)
/// the term, client and sequence number of the SET entry that stored it,
/// which its seal covers too: the store keeps the value under the entry's
/// seal, with nothing to compute (zeros, for a value the store computed
/// or a snapshot held, sealed afresh). The plain build keeps no seal and
/// no origin.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Stored<W: Sealing> {
    /// The bytes.
    pub value: Vec<u8>,
    /// Where they came from, for the seal.
    pub origin: W::Origin,
}

impl<W: Sealing> Stored<W> {
    /// `value`, of no entry.
    pub fn new(value: Vec<u8>) -> Self {
        Stored {
            value,
            origin: W::Origin::default(),
        }
    }

    /// `value`, as the entry of `term`, for request `seq` of `client`,
    /// stored it.
    pub fn of_entry(value: Vec<u8>, term: u64, client: u64, seq: u64) -> Self {
        Stored {
            value,
            origin: W::origin(term, client, seq),
        }
    }
}

/// What a stored value writes, and a SET entry after its key.
#[inline(always)]
fn hash_stored<O: Hash, H: Hasher>(value: &[u8], origin: &O, state: &mut H) {
    value.hash(state);
    origin.hash(state);
    state.write_u8(SET_MARK);
}

impl<W: Sealing> Hash for Stored<W> {
    #[inline(always)]
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_stored(&self.value, &self.origin, state);
    }
}

/// The SET entry a stored value came from: its term, and its request's
/// client and sequence number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The entry's term.
    pub term: u64,
    /// Its request's client.
    pub client: u64,
    /// And sequence number.
    pub seq: u64,
}

/// The three integers in order, as a derived `Hash` writes them; written
/// out to be inlined into every seal's hashing (the derived one was not:
/// 140 instructions more per SET under callgrind).
impl Hash for Origin {
    #[inline(always)]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.term);
        state.write_u64(self.client);
        state.write_u64(self.seq);
    }
}

/// Plain in both builds: uncovered (under the seal of the value it is of).
impl State for Origin {
    fn visit(&mut self, v: &mut dyn Visitor) {
        v.uncovered(&mut self.term);
        v.uncovered(&mut self.client);
        v.uncovered(&mut self.seq);
    }
}

/// The value's bytes (uncovered, under its seal), then its origin's.
impl<W: Sealing> State for Stored<W> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        self.value.visit(v);
        self.origin.visit(v);
    }
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

/// A key and its value as the store keeps it.
pub type StoredPair<W> = (Vec<u8>, Stored<W>);

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
    use anguard::AnU32;

    use super::*;
    use crate::kv::seal::Sealed;

    fn entry(term: u64) -> Entry {
        Entry {
            term,
            request: None,
        }
    }

    fn set(term: u64, client: u64, seq: u64, key: &[u8], value: &[u8]) -> Entry {
        Entry {
            term,
            request: Some(Request {
                client,
                seq,
                command: Command::Set(key.to_vec(), value.to_vec()),
            }),
        }
    }

    #[test]
    fn a_set_entrys_seal_covers_the_value_it_stores_under_its_key() {
        let sealed: Sealed<AnU32, Entry> = Sealed::new(set(4, 7, 9, b"key", b"value"));
        let carried = |value: &[u8], term, client, seq| {
            sealed.carried(Stored::<AnU32>::of_entry(value.to_vec(), term, client, seq))
        };
        assert!(carried(b"value", 4, 7, 9).is_intact(b"key"));
        assert!(!carried(b"value", 4, 7, 9).is_intact(b"kez"), "another key");
        assert!(
            !carried(b"valuf", 4, 7, 9).is_intact(b"key"),
            "another value"
        );
        assert!(
            !carried(b"value", 5, 7, 9).is_intact(b"key"),
            "another term"
        );
        assert!(
            !carried(b"value", 4, 6, 9).is_intact(b"key"),
            "another client"
        );
        assert!(!carried(b"value", 4, 7, 8).is_intact(b"key"), "another seq");
        // A value stored afresh is sealed as of no entry.
        let fresh: Sealed<AnU32, Stored<AnU32>> =
            Sealed::keyed(&b"key"[..], Stored::new(b"value".to_vec()));
        assert!(fresh.is_intact(b"key"));
        assert_ne!(fresh, carried(b"value", 4, 7, 9));
    }

    /// The bytes a seal's CRC is computed over, as `Crc32c` takes them
    /// (integers little-endian, lengths as `u64`).
    #[derive(Default)]
    struct Written(Vec<u8>);

    impl Hasher for Written {
        fn write(&mut self, bytes: &[u8]) {
            self.0.extend_from_slice(bytes);
        }
        fn write_u64(&mut self, i: u64) {
            self.write(&i.to_le_bytes());
        }
        fn write_usize(&mut self, i: usize) {
            self.write_u64(i as u64);
        }
        fn write_isize(&mut self, i: isize) {
            self.write(&(i as i64).to_le_bytes());
        }
        fn finish(&self) -> u64 {
            0
        }
    }

    fn written(entry: &Entry) -> Vec<u8> {
        let mut bytes = Written::default();
        entry.hash(&mut bytes);
        bytes.0
    }

    #[test]
    fn entries_of_other_kinds_are_sealed_apart_from_sets() {
        // A DEL of term 24 and an 18-byte key writes, but for the last
        // byte, what a SET of a 24-byte key and a 2-byte value writes when
        // the SET's key holds the DEL's request tag, client and sequence
        // number, and its value and integers the DEL's key and its length.
        let key = b"an eighteen-byte k".to_vec();
        let del = Entry {
            term: 24,
            request: Some(Request {
                client: 7,
                seq: 9,
                command: Command::Del(key.clone()),
            }),
        };
        let mut set_key = Vec::new();
        for word in [1u64, 7, 9] {
            set_key.extend_from_slice(&word.to_le_bytes());
        }
        let mut tail = 18u64.to_le_bytes().to_vec();
        tail.extend_from_slice(&key);
        let word = |at: usize| u64::from_le_bytes(tail[at..at + 8].try_into().unwrap());
        let set = set(word(2), word(10), word(18), &set_key, &tail[..2]);
        let (del, set) = (written(&del), written(&set));
        assert_eq!(del.len(), set.len());
        assert_eq!(del[..del.len() - 1], set[..set.len() - 1]);
        assert_ne!(del, set, "the last byte tells a SET from any other entry");
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
