//! The replica: Raft over a key-value store, written once over `u32` and
//! built plain and encoded.
//!
//! # The algorithm
//!
//! Raft (Ongaro and Ousterhout, USENIX ATC 2014), without membership
//! changes:
//!
//! - **Election.** A follower that hears no leader for a random election
//!   timeout becomes a candidate: it votes for itself in the next term and
//!   asks every replica for a vote. A replica votes once per term, for a
//!   candidate whose log is at least as up to date as its own (last term,
//!   then last index). A majority of votes makes a leader, which appends a
//!   no-op entry of its term.
//! - **Replication.** A request reaches the leader as an input, becomes an
//!   entry of its log, and goes to every follower in appends of at most
//!   `max_batch` entries and [`APPEND_BYTES`] (but at least one entry), with
//!   at most `max_inflight` appends' worth unanswered per follower (the
//!   pipeline: `max_batch · max_inflight` entries, and as many appends'
//!   bytes): the leader moves its `next` index on as it sends, not as
//!   answers come. An append names the entry before its own;
//!   a follower whose log does not hold it refuses, and the leader goes back
//!   to what the follower has. A follower that answers nothing for a
//!   heartbeat is sent again from what it acknowledged.
//! - **Commit.** The leader commits the highest index a majority holds, if
//!   its entry is of the leader's term (older entries commit with it), and
//!   tells followers in every append. Every replica applies committed
//!   entries in order to its store.
//! - **Compaction.** Every `snapshot_every` applied entries (or as many as
//!   its store holds keys, if more: a snapshot copies the store), a replica
//!   replaces its log up to what it applied by a snapshot of its store. A
//!   leader keeps those of the entries it cut that a follower lacks until
//!   its next compaction, for a follower a little behind (say, the slower
//!   of two, with appends in flight). A follower that lacks entries its
//!   leader no longer holds is sent the leader's store as applied
//!   (`InstallSnapshot`), in chunks of at most `snapshot_chunk` bytes, one
//!   in flight: the next goes when the follower acknowledges the last, and
//!   one unanswered for a heartbeat goes again. The follower gathers the
//!   chunks of one snapshot in order (a chunk of another is refused, the
//!   first chunk of a later one replaces it), installs it with the last,
//!   and goes on from there with appends.
//! - **Reads** skip the log by default (ReadIndex, Raft's thesis §6.4): the
//!   leader notes the index of its last entry when a GET comes (at least its
//!   own first entry's, so that what earlier leaders committed is in it),
//!   confirms that it still leads by a round of [`Msg::Confirm`] a majority
//!   acknowledges, one round for every read that came before it, and answers
//!   from its store once it applied that far: with the value it looked up
//!   when the GET came, if it had applied everything then. A leader that
//!   steps down answers its waiting reads `Moved`: nothing was done. With
//!   [`Reads::Log`](crate::kv::Reads), or past `max_reads` waiting, a GET
//!   goes through the log like a write and is answered when applied. A
//!   replica that does not lead answers [`Reply::Moved`](crate::kv::Reply)
//!   with the leader it knows, and does nothing.
//!
//! # Durability
//!
//! Term, vote and log are reported as [`Effect::Persist`](crate::kv::Effect)
//! records whenever they change; the driver makes them durable before any
//! message or reply of the same handler leaves. That is what Raft needs: a
//! vote is on disk before the candidate hears of it, an entry before its
//! append is acknowledged. A restarted replica starts from its durable state
//! ([`Raft::recover`]): the store of its last snapshot, and its log after
//! it. It learns from the leader what is committed, then re-applies it;
//! entries it missed while down come from the leader like any others, or
//! a snapshot if the leader no longer holds them.

pub use machine::{encoded, plain};

use crate::kv::Entry;
use crate::kv::seal::{Sealed, Sealing};

/// The most bytes of entries a leader sends a follower in one append (the
/// entries' keys and values, with [`ENTRY_BYTES`] each for the rest): a
/// quarter of a message's limit. One entry goes whatever its size, which
/// the largest ([`MAX_DATA`](crate::kv::command::MAX_DATA)) leaves room for.
pub const APPEND_BYTES: usize = anguard::payload::MAX_PAYLOAD / 4;

/// What an entry takes in an append beyond its key and value: its term,
/// client and sequence number, lengths, tags and seal.
pub const ENTRY_BYTES: usize = 64;

/// What `entry` takes in an append, its size read unchecked
/// ([`Sealed::measure`]): sizes only group entries, and a follower checks
/// each entry it takes.
fn append_bytes<W: Sealing>(entry: &Sealed<W, Entry>) -> usize {
    entry.measure(Entry::data_len) + ENTRY_BYTES
}

/// How many of `entries`, from the first, go in one append: no more than
/// [`APPEND_BYTES`], but at least one.
fn append_len<W: Sealing>(entries: &[Sealed<W, Entry>]) -> usize {
    let mut bytes = 0;
    let mut len = 0;
    for entry in entries {
        let size = append_bytes(entry);
        if len > 0 && bytes + size > APPEND_BYTES {
            break;
        }
        bytes += size;
        len += 1;
    }
    len
}

/// Whether the entries a follower was sent and has not acknowledged
/// (`compacted`, then `held` in the log) take `max_inflight` appends' worth
/// of bytes: the pipeline holds as many full appends, whatever their
/// number of entries.
fn fills_pipeline<W: Sealing>(
    compacted: &[Sealed<W, Entry>],
    held: &[Sealed<W, Entry>],
    max_inflight: usize,
) -> bool {
    let bytes: usize = compacted.iter().chain(held).map(append_bytes).sum();
    bytes >= max_inflight * APPEND_BYTES
}

/// The state machine, written once over `u32`: `plain` as written,
/// `encoded` with every `u32` an [`anguard::AnU32`]. Terms and indices are
/// `u64`, keys and values bytes.
#[anguard::an_encode]
pub mod machine {
    use std::collections::BTreeMap;

    use anguard::{InvalidCode, Io, Output, Protocol, Service, Word};
    use serde::{Deserialize, Serialize};

    use anguard::state::{State, Visitor, Windowed};

    use crate::kv::seal::{Sealed, visit_keyed_map};
    use crate::kv::{
        Command, Durable, Entry, KeyValue, KvConfig, Params, Record, Reply, Request, Snapshot,
        Stored, StoredPair,
    };

    /// Alarm: a follower's or candidate's election timeout.
    pub const ELECTION: u32 = 0;
    /// Alarm: a leader's heartbeat.
    pub const HEARTBEAT: u32 = 1;

    /// Raft's messages. The sender is the transport's.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Msg {
        /// A candidate asks for a vote.
        Vote {
            /// Its term.
            term: u64,
            /// The index of its last entry.
            last_index: u64,
            /// The term of its last entry.
            last_term: u64,
        },
        /// The answer to a `Vote`.
        VoteReply {
            /// The voter's term.
            term: u64,
            /// Whether it voted for the candidate.
            granted: bool,
        },
        /// The leader's entries after `prev_index` (none: a heartbeat).
        Append {
            /// The leader's term.
            term: u64,
            /// The index of the entry before `entries`.
            prev_index: u64,
            /// Its term.
            prev_term: u64,
            /// The entries, sealed.
            entries: Vec<Sealed<u32, Entry>>,
            /// The leader's commit index.
            commit: u64,
        },
        /// A chunk of the leader's store as applied up to `index`, for a
        /// follower that lacks entries the leader no longer holds
        /// (`InstallSnapshot`): the pairs from the `offset`-th on, in key
        /// order.
        Snapshot {
            /// The leader's term.
            term: u64,
            /// The last entry applied.
            index: u64,
            /// Its term.
            last_term: u64,
            /// How many pairs of the snapshot come before this chunk's.
            offset: u64,
            /// The keys and values, each pair sealed.
            pairs: Vec<Sealed<u32, StoredPair<u32>>>,
            /// Whether this chunk is the snapshot's last.
            done: bool,
        },
        /// The answer to a chunk of the snapshot at `index` that did not
        /// complete it: how many of its pairs the follower holds (the
        /// offset of the chunk it awaits). A chunk that completes one is
        /// answered by an `AppendReply` at its index.
        SnapshotReply {
            /// The follower's term.
            term: u64,
            /// The snapshot's index.
            index: u64,
            /// The pairs of it the follower holds.
            held: u64,
        },
        /// The answer to an `Append`.
        AppendReply {
            /// The follower's term.
            term: u64,
            /// Whether its log now matches the leader's up to `index`.
            success: bool,
            /// If it matches: up to where; if not: the last index it may
            /// match at (the leader goes back to it).
            index: u64,
        },
        /// The leader asks whether it still leads, before it answers the
        /// reads that came before `round` started (ReadIndex).
        Confirm {
            /// The leader's term.
            term: u64,
            /// The round, numbered from 1 in each term.
            round: u64,
        },
        /// The answer to a `Confirm`: the replica's term, and the round it
        /// acknowledges if the term is the leader's.
        Confirmed {
            /// The replica's term.
            term: u64,
            /// The round; 0 (none) for a `Confirm` of an earlier term.
            round: u64,
        },
    }

    /// What a replica reports. The driver sees `Some` of it as a
    /// [`crate::kv::Effect`] (`None`: nothing reported yet).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Effect {
        /// An effect without a word of this build.
        Plain(crate::kv::Effect),
        /// A vote record, with the vote in this build's words.
        PersistVote {
            /// The term.
            term: u64,
            /// The vote.
            voted_for: Option<u32>,
        },
        /// Not the leader: nothing done; `leader` is the one this replica knows.
        Moved {
            /// The client.
            client: u64,
            /// Its request.
            seq: u64,
            /// The leader, if known.
            leader: Option<u32>,
        },
    }

    impl Output for Effect {
        type Plain = Option<crate::kv::Effect>;
        fn to_plain(self) -> Result<Option<crate::kv::Effect>, InvalidCode> {
            Ok(Some(match self {
                Effect::Plain(effect) => effect,
                Effect::PersistVote { term, voted_for } => {
                    crate::kv::Effect::Persist(Record::Vote {
                        term: term.into(),
                        voted_for: voted_for.to_plain()?,
                    })
                }
                Effect::Moved {
                    client,
                    seq,
                    leader,
                } => crate::kv::Effect::Reply {
                    client: client.into(),
                    seq: seq.into(),
                    reply: Reply::Moved(leader.to_plain()?),
                },
            }))
        }
    }

    /// A replica's role.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Role {
        /// Follows the leader of its term, if any.
        Follower,
        /// Asks for votes.
        Candidate,
        /// Leads its term.
        Leader,
    }

    /// The key-value store the log is applied to: each value sealed with
    /// its key (a value a SET stored, under the SET entry's seal).
    #[derive(Debug, Clone, Default)]
    pub struct Store {
        map: BTreeMap<Vec<u8>, Sealed<u32, Stored<u32>>>,
        /// The last key the scrub's window checked (none: start from the first).
        scrubbed: Option<Vec<u8>>,
    }

    /// Equal if the contents are, seals and origins included (where the
    /// scrub stands is not contents).
    impl PartialEq for Store {
        fn eq(&self, other: &Store) -> bool {
            self.map == other.map
        }
    }

    impl Eq for Store {}

    /// The values in key order, each with its seal checked against its
    /// key; to the scrub, a window of them in turn.
    impl State for Store {
        fn visit(&mut self, v: &mut dyn Visitor) {
            visit_keyed_map(&mut self.map, &mut self.scrubbed, v);
        }
    }

    impl Store {
        /// A store of these keys and values (a snapshot from disk, which
        /// checked it), each sealed.
        pub fn from_pairs(pairs: Vec<KeyValue>) -> Store {
            let mut store: Store = Store::default();
            for (key, value) in pairs {
                store.set(&key, value);
            }
            store
        }

        /// A store of sealed pairs (a leader's snapshot), under their seals.
        fn from_sealed(pairs: Vec<Sealed<u32, StoredPair<u32>>>) -> Store {
            Store {
                map: pairs.into_iter().map(Sealed::split_key).collect(),
                scrubbed: None,
            }
        }

        /// How many keys it holds.
        pub fn len(&self) -> usize {
            self.map.len()
        }

        /// Whether it holds no key.
        pub fn is_empty(&self) -> bool {
            self.map.is_empty()
        }

        /// Every key and value, checked, in key order.
        pub fn pairs(&self) -> Vec<KeyValue> {
            let mut pairs: Vec<KeyValue> = Vec::new();
            for (key, value) in self.map.iter() {
                pairs.push((key.clone(), value.get_keyed(key).value.clone()));
            }
            pairs
        }

        /// Every key with its value, under the value's seal.
        fn sealed_pairs(&self) -> Vec<Sealed<u32, StoredPair<u32>>> {
            let mut pairs: Vec<Sealed<u32, StoredPair<u32>>> = Vec::new();
            for (key, value) in self.map.iter() {
                pairs.push(value.clone().with_key(key.clone()));
            }
            pairs
        }

        /// Applies one command, and answers it: a SET's value sealed afresh,
        /// as of no entry (a replica applies its log's SETs by
        /// `apply_entry`; the linearizability checker's model by this).
        pub fn apply(&mut self, command: &Command) -> Reply {
            match command {
                Command::Get(key) => Reply::Value(self.get(key).map(<[u8]>::to_vec)),
                Command::Set(key, value) => {
                    self.set(key, value.clone());
                    Reply::Ok
                }
                Command::Del(key) => Reply::Integer(self.map.remove(key).is_some().into()),
                Command::Incr(key) => {
                    let old: i64 = match self.get(key) {
                        None => 0,
                        Some(value) => match parse_i64(value) {
                            Some(old) => old,
                            None => return Reply::NotInteger,
                        },
                    };
                    match old.checked_add(1) {
                        Some(new) => {
                            self.set(key, new.to_string().into_bytes());
                            Reply::Integer(new.into())
                        }
                        None => Reply::Overflow,
                    }
                }
            }
        }

        /// Applies `request`, of the log entry `entry` that `sealed` holds
        /// (checked), and answers it. A SET's value goes into the store
        /// under the entry's seal, which covers it as stored.
        fn apply_entry(
            &mut self,
            sealed: &Sealed<u32, Entry>,
            entry: &Entry,
            request: &Request,
        ) -> Reply {
            let Command::Set(key, value) = &request.command else {
                return self.apply(&request.command);
            };
            // It only stores its word type's origin.
            let stored: Stored<u32> = anguard::an::trust_generic(Stored::of_entry(
                value.clone(),
                entry.term,
                request.client,
                request.seq,
            ));
            self.map.insert(key.clone(), sealed.carried(stored));
            Reply::Ok
        }

        /// The value of `key`, if any.
        pub fn get(&self, key: &[u8]) -> Option<&[u8]> {
            self.map
                .get(key)
                .map(|value: &Sealed<u32, Stored<u32>>| value.get_keyed(key).value.as_slice())
        }

        /// The value of `key` now, for a read answered later: under the
        /// seal the store keeps, moved to the pair with the key as the
        /// read gave it, so that the check when it is answered covers both.
        fn lookup(&self, key: Vec<u8>) -> Lookup {
            match self.map.get(&key) {
                Some(value) => Lookup::Found(value.clone().with_key(key)),
                None => Lookup::Missing,
            }
        }

        fn set(&mut self, key: &[u8], value: Vec<u8>) {
            self.map
                .insert(key.to_vec(), Sealed::keyed(key, Stored::new(value)));
        }
    }

    /// The bytes a pair takes in a chunk beyond its key and value: their
    /// two lengths, the seal and the origin (counted in both builds, so that
    /// both cut a snapshot into the same chunks).
    const PAIR_BYTES: u64 = 48;

    /// A snapshot in transfer: the one a leader sends (the store it had
    /// applied up to `index` when a follower first needed it), the one a
    /// follower receives, as far as its chunks came, or a chunk of one as
    /// it arrives. `index` 0: none.
    #[derive(Debug, Clone, Default)]
    pub struct Transfer {
        /// The term of the leader that sends it.
        term: u64,
        /// The last entry applied.
        index: u64,
        /// Its term.
        last_term: u64,
        /// The pairs, in key order, each under the seal it had in the
        /// leader's store.
        pairs: Windowed<Sealed<u32, StoredPair<u32>>>,
    }

    impl Transfer {
        /// The snapshot `term`, `index`, `last_term` with no pair yet.
        fn empty(term: u64, index: u64, last_term: u64) -> Transfer {
            Transfer {
                term,
                index,
                last_term,
                pairs: Windowed::default(),
            }
        }

        /// Whether `chunk` is of this snapshot (the same term, index and
        /// last term).
        fn is_of(&self, chunk: &Transfer) -> bool {
            self.index != 0
                && self.term == chunk.term
                && self.index == chunk.index
                && self.last_term == chunk.last_term
        }

        /// Whether the snapshot `chunk` is of supersedes this one (there is
        /// none, or it is of a later term, or later in the same term).
        fn superseded_by(&self, chunk: &Transfer) -> bool {
            self.index == 0
                || chunk.term > self.term
                || (chunk.term == self.term && chunk.index > self.index)
        }

        /// How many pairs it holds.
        fn held(&self) -> u64 {
            self.pairs.len() as u64
        }

        /// The pairs from the `offset`-th on, at most `bound` bytes of them
        /// (at least one, if any is left).
        fn chunk(&self, offset: u64, bound: u64) -> Vec<Sealed<u32, StoredPair<u32>>> {
            let mut chunk: Vec<Sealed<u32, StoredPair<u32>>> = Vec::new();
            let mut bytes: u64 = 0;
            let mut at: u64 = offset;
            while at < self.held() {
                let pair: &Sealed<u32, StoredPair<u32>> = &self.pairs[at as usize];
                let (key, stored) = pair.get();
                let size: u64 = (key.len() + stored.value.len()) as u64 + PAIR_BYTES;
                if !chunk.is_empty() && bytes + size > bound {
                    break;
                }
                bytes += size;
                chunk.push(pair.clone());
                at += 1;
            }
            chunk
        }
    }

    /// A GET the leader answers without the log, once it applied up to
    /// `index` and a majority acknowledged `round`.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    struct Read {
        index: u64,
        round: u64,
        client: u64,
        seq: u64,
        lookup: Lookup,
    }

    /// What a waiting read answers with: the key to look up once the store
    /// applied the read's index or, if it had when the read came, what it
    /// found then.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Lookup {
        /// The key, sealed, looked up when the read is answered.
        Key(Sealed<u32, Vec<u8>>),
        /// The key and the value the store held under it, under the
        /// store's seal: checked once, when the read is answered.
        Found(Sealed<u32, StoredPair<u32>>),
        /// The store held no value under the key.
        Missing,
    }

    /// An empty key under a default seal, which does not hold for it
    /// (encoded): a read that only a fault made (a longer queue of reads)
    /// fails the scrub, and the check when answered, instead of answering
    /// anyone.
    impl Default for Lookup {
        fn default() -> Lookup {
            Lookup::Key(Sealed::default())
        }
    }

    /// A decimal `i64` as Redis writes it: an optional `-`, digits, no
    /// leading zeros (but `0`), nothing else.
    fn parse_i64(bytes: &[u8]) -> Option<i64> {
        let text = std::str::from_utf8(bytes).ok()?;
        let digits = text.strip_prefix('-').unwrap_or(text);
        let canonical = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'))
            && text != "-0";
        if canonical { text.parse().ok() } else { None }
    }

    /// Entries a leader may send again: those compacted that it retained,
    /// then those of its log.
    type Resendable<'a> = (&'a [Sealed<u32, Entry>], &'a [Sealed<u32, Entry>]);

    /// One replica.
    #[derive(Debug, Clone)]
    pub struct Raft {
        n: u32,
        heartbeat: u32,
        election_min: u32,
        election_spread: u32,
        max_batch: u32,
        max_inflight: u32,
        snapshot_every: u32,
        snapshot_chunk: u32,
        me: u32,
        /// Durable: the current term, the vote in it, the last snapshot's
        /// index and term (the last entry compacted into the store), the
        /// log after it.
        term: u64,
        voted_for: Option<u32>,
        snapshot_index: u64,
        snapshot_term: u64,
        log: Windowed<Sealed<u32, Entry>>,
        /// Leader: the entries its last compaction cut that a follower
        /// lacked, the last at the snapshot's index, and the term of the one
        /// before them: a follower a little behind is sent them, not a
        /// snapshot.
        retained: Windowed<Sealed<u32, Entry>>,
        retained_term: u64,
        role: Role,
        leader: Option<u32>,
        commit: u64,
        applied: u64,
        store: Store,
        /// Candidate: who voted for it in its term.
        #[state(sized_by = n)]
        votes: Vec<bool>,
        /// Leader, per replica: the next index to send, the highest known
        /// to match, and when it last answered (local ms).
        #[state(sized_by = n)]
        next_index: Vec<u64>,
        #[state(sized_by = n)]
        match_index: Vec<u64>,
        #[state(sized_by = n)]
        last_answer: Vec<u32>,
        /// Leader: the snapshot it sends followers that lack what it
        /// compacted, and per replica, whether it is installing it and how
        /// many of its pairs it acknowledged (the chunk in flight starts
        /// there).
        outgoing: Transfer,
        #[state(sized_by = n)]
        installing: Vec<bool>,
        #[state(sized_by = n)]
        chunk_at: Vec<u64>,
        /// Follower: the snapshot whose chunks it is receiving.
        incoming: Transfer,
        /// Election timeouts are drawn from this (xorshift64*).
        rng: u64,
        /// Whether GETs skip the log, and how many may wait at once.
        read_index: bool,
        max_reads: u32,
        /// Leader: the index of its first entry (reads wait for it), the
        /// rounds of `Confirm` it started and the last one a majority
        /// acknowledged, per replica the last round it acknowledged, and
        /// the reads waiting, in the order they came.
        lead_index: u64,
        round: u64,
        confirmed: u64,
        #[state(sized_by = n)]
        acked: Vec<u64>,
        reads: Windowed<Read>,
    }

    impl Raft {
        /// A replica with a validated configuration and an empty log.
        pub fn new(config: &KvConfig) -> Raft {
            Raft::recover(config, Durable::default())
        }

        /// A replica that restarts from its durable state.
        pub fn recover(config: &KvConfig, durable: Durable) -> Raft {
            let params: Params<u32> = config.params();
            let n: u32 = params.n;
            let snapshot: Snapshot = durable.snapshot;
            let since: u64 = snapshot.index.into();
            Raft {
                n,
                heartbeat: params.heartbeat,
                election_min: params.election_min,
                election_spread: params.election_spread,
                max_batch: params.max_batch,
                max_inflight: params.max_inflight,
                snapshot_every: params.snapshot_every,
                snapshot_chunk: params.snapshot_chunk,
                me: 0,
                term: durable.term.into(),
                voted_for: durable.voted_for.map(<u32 as Word>::from_u32),
                snapshot_index: since,
                snapshot_term: snapshot.term.into(),
                log: durable.log.into_iter().map(Sealed::new).collect(),
                retained: Windowed::default(),
                retained_term: 0,
                role: Role::Follower,
                leader: None,
                commit: since,
                applied: since,
                store: Store::from_pairs(snapshot.store),
                votes: vec![false; n as usize],
                next_index: vec![1u64; n as usize],
                match_index: vec![0; n as usize],
                last_answer: vec![0u32; n as usize],
                outgoing: Transfer::default(),
                installing: vec![false; n as usize],
                chunk_at: vec![0u64; n as usize],
                incoming: Transfer::default(),
                rng: 0,
                read_index: params.read_index.into(),
                max_reads: params.max_reads,
                lead_index: 0,
                round: 0,
                confirmed: 0,
                acked: vec![0u64; n as usize],
                reads: Windowed::default(),
            }
        }

        /// The current term.
        pub fn term(&self) -> u64 {
            self.term
        }

        /// The replica's role.
        pub fn role(&self) -> Role {
            self.role
        }

        /// The leader this replica knows, if any.
        pub fn leader(&self) -> Option<u32> {
            self.leader
        }

        /// The store as applied so far, as a snapshot would hold it.
        pub fn applied(&self) -> Snapshot {
            Snapshot {
                index: self.applied.into(),
                term: self.term_at(self.applied).into(),
                store: self.store.pairs(),
            }
        }

        /// The entries `first..=last` under their seals, unchecked (none if
        /// `last < first`).
        fn unchecked_entries(&self, first: u64, last: u64) -> &[Sealed<u32, Entry>] {
            if last < first {
                return &[];
            }
            let since: u64 = self.snapshot_index;
            &self.log[(first - since - 1) as usize..(last - since) as usize]
        }

        /// Those of the entries `first..=last` the log still holds (not
        /// compacted into the snapshot), unchecked.
        fn held_entries(&self, first: u64, last: u64) -> &[Sealed<u32, Entry>] {
            self.unchecked_entries(first.max(self.snapshot_index + 1), last)
        }

        /// The first index a leader can send without a snapshot: the first
        /// entry it retained, or the first after the snapshot.
        fn first_sendable(&self) -> u64 {
            self.snapshot_index + 1 - self.retained.len() as u64
        }

        /// The entries `first..=last` a leader sends, unchecked: from the
        /// log, or if `first` is compacted, those of them it retained (not
        /// those it did not), up to the snapshot's index (none if
        /// `last < first`).
        fn sendable_entries(&self, first: u64, last: u64) -> &[Sealed<u32, Entry>] {
            if first > self.snapshot_index {
                return self.unchecked_entries(first, last);
            }
            let from: u64 = self.first_sendable();
            let (first, end): (u64, u64) = (first.max(from), last.min(self.snapshot_index));
            if end < first {
                return &[];
            }
            &self.retained[(first - from) as usize..(end - from + 1) as usize]
        }

        /// The entries `first..=last` a leader may send again, unchecked:
        /// those compacted that it retained, then those of the log.
        fn resendable(&self, first: u64, last: u64) -> Resendable<'_> {
            let compacted: &[Sealed<u32, Entry>] = if first <= self.snapshot_index {
                self.sendable_entries(first, last)
            } else {
                &[]
            };
            (compacted, self.held_entries(first, last))
        }

        /// The term of the entry at `index` a leader sends after: the
        /// snapshot's or the log's, or if compacted, a retained one's.
        fn sendable_term_at(&self, index: u64) -> u64 {
            if index >= self.snapshot_index {
                return self.term_at(index);
            }
            let from: u64 = self.first_sendable();
            if index + 1 == from {
                self.retained_term
            } else {
                self.retained[(index - from) as usize].get().term.into()
            }
        }

        /// The index of the highest entry known committed.
        pub fn commit_index(&self) -> u64 {
            self.commit
        }

        /// The store.
        pub fn store(&self) -> &Store {
            &self.store
        }

        fn last_index(&self) -> u64 {
            self.snapshot_index + self.log.len() as u64
        }

        /// The term of the entry at `index`, from the last snapshot's on
        /// (0 before the first entry).
        fn term_at(&self, index: u64) -> u64 {
            if index == self.snapshot_index {
                self.snapshot_term
            } else {
                self.log[(index - self.snapshot_index - 1) as usize]
                    .get()
                    .term
                    .into()
            }
        }

        fn majority(&self) -> u32 {
            self.n / 2 + 1
        }

        fn random(&mut self) -> u64 {
            let mut x: u64 = self.rng;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.rng = x;
            x.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn reset_election(&mut self, io: &mut dyn Io<u32, Self>) {
            let spread: u64 = self.election_spread as u64;
            let jitter: u32 = (self.random() % spread) as u32;
            let at: u32 = io
                .now()
                .wrapping_add(self.election_min)
                .wrapping_add(jitter);
            io.set_alarm(ELECTION, at);
        }

        fn persist_vote(&self, io: &mut dyn Io<u32, Self>) {
            io.report(Effect::PersistVote {
                term: self.term,
                voted_for: self.voted_for,
            });
        }

        /// Moves to a later term, as a follower that knows no leader yet.
        fn step_down(&mut self, term: u64, io: &mut dyn Io<u32, Self>) {
            self.term = term;
            self.voted_for = None;
            self.leader = None;
            if self.role == Role::Leader {
                io.cancel_alarm(HEARTBEAT);
                self.fail_reads(io);
            }
            self.role = Role::Follower;
            self.end_transfers();
            self.retained.clear();
            self.persist_vote(io);
            self.reset_election(io);
        }

        /// Drops the snapshots in transfer, which are of an earlier term.
        fn end_transfers(&mut self) {
            self.outgoing = Transfer::default();
            self.incoming = Transfer::default();
            self.installing = vec![false; self.n as usize];
        }

        fn stand(&mut self, io: &mut dyn Io<u32, Self>) {
            self.term += 1;
            self.end_transfers();
            self.role = Role::Candidate;
            self.voted_for = Some(self.me);
            self.leader = None;
            self.persist_vote(io);
            self.votes = vec![false; self.n as usize];
            self.votes[self.me as usize] = true;
            self.reset_election(io);
            io.broadcast(Msg::Vote {
                term: self.term,
                last_index: self.last_index(),
                last_term: self.term_at(self.last_index()),
            });
            self.count_votes(io);
        }

        fn count_votes(&mut self, io: &mut dyn Io<u32, Self>) {
            let granted: u32 = self.votes.iter().filter(|&&v| v).count() as u32;
            if self.role == Role::Candidate && granted >= self.majority() {
                self.lead(io);
            }
        }

        fn lead(&mut self, io: &mut dyn Io<u32, Self>) {
            self.role = Role::Leader;
            self.leader = Some(self.me);
            io.cancel_alarm(ELECTION);
            let now: u32 = io.now();
            let next: u64 = self.last_index() + 1;
            let mut peer: u32 = 0;
            while peer < self.n {
                self.next_index[peer as usize] = next;
                self.match_index[peer as usize] = 0;
                self.last_answer[peer as usize] = now;
                peer += 1;
            }
            self.start_reads();
            // A no-op of its own term commits what earlier leaders left.
            self.append(None, io);
            self.heartbeat(io);
        }

        /// Appends an entry of the leader's term, persists it and sends it on.
        fn append(&mut self, request: Option<Request>, io: &mut dyn Io<u32, Self>) {
            let entry: Entry = Entry {
                term: self.term.into(),
                request,
            };
            let first: u64 = self.last_index() + 1;
            self.log.push(Sealed::new(entry.clone()));
            io.report(Effect::Plain(crate::kv::Effect::Persist(Record::Entries {
                first: first.into(),
                entries: vec![entry],
            })));
            self.match_index[self.me as usize] = self.last_index();
            // With followers, the index a majority holds moves only as they
            // answer: this leader's own is the highest (no answer is taken
            // for more than it holds).
            if self.majority() == 1 {
                self.advance_commit(io);
            }
            let mut peer: u32 = 0;
            while peer < self.n {
                if peer != self.me {
                    self.replicate(peer, false, io);
                }
                peer += 1;
            }
        }

        /// Sends `peer` what it lacks, as far as the pipeline allows; with
        /// `always`, at least one append (a heartbeat if it lacks nothing).
        /// If what it lacks is compacted, the first chunk of a snapshot,
        /// unless it is installing one (the next chunk goes when it answers).
        fn replicate(&mut self, peer: u32, always: bool, io: &mut dyn Io<u32, Self>) {
            let p: usize = peer as usize;
            if self.installing[p]
                && (self.match_index[p] >= self.outgoing.index
                    || self.next_index[p] >= self.first_sendable())
            {
                // Installed, or no longer needed.
                self.installing[p] = false;
                if !self.installing.iter().any(|&installing| installing) {
                    self.outgoing = Transfer::default();
                }
            }
            if self.next_index[p] < self.first_sendable() {
                if !self.installing[p] {
                    self.start_install(peer, io);
                }
                return;
            }
            let batch: u64 = self.max_batch as u64;
            let last: u64 = self.last_index();
            let matched: u64 = self.match_index[p];
            let mut sent: bool = false;
            loop {
                let next: u64 = self.next_index[p];
                if next > last {
                    break;
                }
                // A batch not yet full waits while an append is unanswered:
                // the answer sends it, with what came meanwhile.
                if last - next + 1 < batch && next - 1 > matched {
                    break;
                }
                // At most `max_inflight` batches unanswered.
                if next - matched > batch * self.max_inflight as u64 {
                    break;
                }
                let end: u64 = last.min(next - 1 + batch);
                // What was compacted goes in appends of its own.
                let end: u64 = if next <= self.snapshot_index {
                    end.min(self.snapshot_index)
                } else {
                    end
                };
                let cut: u64 = self.append_end(next, end);
                // Cut by bytes (large entries): at most `max_inflight`
                // appends' worth of bytes unanswered.
                if cut < end && self.pipeline_full(peer) {
                    break;
                }
                self.send_append(peer, next, cut, io);
                self.next_index[p] = cut + 1;
                sent = true;
            }
            if always && !sent {
                let next: u64 = self.next_index[p];
                self.send_append(peer, next, next - 1, io);
            }
        }

        /// Whether what `peer` was sent and has not acknowledged takes
        /// `max_inflight` appends' worth of bytes: see [`super::fills_pipeline`].
        fn pipeline_full(&self, peer: u32) -> bool {
            let p: usize = peer as usize;
            let (compacted, held): Resendable<'_> =
                self.resendable(self.match_index[p] + 1, self.next_index[p] - 1);
            super::fills_pipeline(compacted, held, (self.max_inflight as usize).into())
        }

        /// The last entry of an append of `first..=last` cut to what one
        /// message takes: see [`super::append_len`].
        fn append_end(&self, first: u64, last: u64) -> u64 {
            let entries: &[Sealed<u32, Entry>] = self.sendable_entries(first, last);
            let len: usize = super::append_len(entries).into();
            first - 1 + len as u64
        }

        /// Moves `peer`'s next index back to `back`, after checking the
        /// entries it will be sent again (or for the first time, if this
        /// leader never sent them): an append whose entry was corrupted
        /// after its first sending is dropped, and the follower refuses or
        /// falls silent; this check then stops the leader instead of the
        /// entry going out again and again.
        fn back_to(&mut self, peer: u32, back: u64) {
            let p: usize = peer as usize;
            let (compacted, held): Resendable<'_> = self.resendable(back, self.next_index[p] - 1);
            for entry in compacted.iter().chain(held) {
                entry.get();
            }
            self.next_index[p] = back;
        }

        /// Sends `peer` the entries `first..=last` (none if `last < first`),
        /// unchecked: the follower checks each as it takes the append, and
        /// drops an append whose entry does not match its seal.
        fn send_append(&self, peer: u32, first: u64, last: u64, io: &mut dyn Io<u32, Self>) {
            let entries: Vec<Sealed<u32, Entry>> = self.sendable_entries(first, last).to_vec();
            io.send(
                peer,
                Msg::Append {
                    term: self.term,
                    prev_index: first - 1,
                    prev_term: self.sendable_term_at(first - 1),
                    entries,
                    commit: self.commit,
                },
            );
        }

        /// Starts sending `peer` a snapshot from its first chunk: the one
        /// being sent if it still covers all that is compacted, or if
        /// another replica acknowledged part of it (this one will need
        /// another after it); else the store as applied now, which every
        /// replica installing the old one starts over with.
        fn start_install(&mut self, peer: u32, io: &mut dyn Io<u32, Self>) {
            let mut progressing: bool = false;
            let mut other: u32 = 0;
            while other < self.n {
                let o: usize = other as usize;
                progressing = progressing || (self.installing[o] && self.chunk_at[o] > 0);
                other += 1;
            }
            self.installing[peer as usize] = true;
            self.chunk_at[peer as usize] = 0;
            if self.outgoing.index >= self.snapshot_index || progressing {
                self.send_chunk(peer, io);
                return;
            }
            self.outgoing = Transfer {
                pairs: self.store.sealed_pairs().into(),
                ..Transfer::empty(self.term, self.applied, self.term_at(self.applied))
            };
            let mut other: u32 = 0;
            while other < self.n {
                if self.installing[other as usize] {
                    self.chunk_at[other as usize] = 0;
                    self.send_chunk(other, io);
                }
                other += 1;
            }
        }

        /// Sends `peer` the chunk of the outgoing snapshot it awaits.
        fn send_chunk(&self, peer: u32, io: &mut dyn Io<u32, Self>) {
            let offset: u64 = self.chunk_at[peer as usize];
            let pairs: Vec<Sealed<u32, StoredPair<u32>>> =
                self.outgoing.chunk(offset, self.snapshot_chunk as u64);
            let done: bool = offset + pairs.len() as u64 == self.outgoing.held();
            io.send(
                peer,
                Msg::Snapshot {
                    term: self.term,
                    index: self.outgoing.index,
                    last_term: self.outgoing.last_term,
                    offset,
                    pairs,
                    done,
                },
            );
        }

        fn heartbeat(&mut self, io: &mut dyn Io<u32, Self>) {
            let now: u32 = io.now();
            let mut peer: u32 = 0;
            while peer < self.n {
                let p: usize = peer as usize;
                if peer != self.me {
                    // Silent for a heartbeat: what it did not answer may be lost.
                    let silent: bool = now.wrapping_sub(self.last_answer[p]) >= self.heartbeat;
                    if self.installing[p] {
                        // One chunk in flight: sent again only if unanswered;
                        // the first, of the latest snapshot.
                        if silent {
                            if self.chunk_at[p] == 0 {
                                self.start_install(peer, io);
                            } else {
                                self.send_chunk(peer, io);
                            }
                        }
                    } else {
                        if silent {
                            self.back_to(peer, self.match_index[p] + 1);
                        }
                        self.replicate(peer, true, io);
                    }
                }
                peer += 1;
            }
            io.set_alarm(HEARTBEAT, now.wrapping_add(self.heartbeat));
        }

        /// Commits the highest index a majority holds, if of this term.
        fn advance_commit(&mut self, io: &mut dyn Io<u32, Self>) {
            let index: u64 = self.held_by_majority(&self.match_index);
            if index > self.commit && self.term_at(index) == self.term {
                self.commit = index;
                self.apply(io);
            }
        }

        /// Applies what is committed; the leader answers its own entries.
        fn apply(&mut self, io: &mut dyn Io<u32, Self>) {
            let leads: bool = self.role == Role::Leader;
            // Where the next entry to apply is in the log.
            let mut at: usize = (self.applied - self.snapshot_index) as usize;
            while self.applied < self.commit {
                self.applied += 1;
                let sealed: &Sealed<u32, Entry> = &self.log[at];
                let entry: &Entry = sealed.get();
                at += 1;
                io.report(Effect::Plain(crate::kv::Effect::Applied {
                    index: self.applied.into(),
                    term: entry.term,
                    request: entry.request.as_ref().map(|r: &Request| (r.client, r.seq)),
                }));
                let Some(request) = &entry.request else {
                    continue;
                };
                let reply: Reply = self.store.apply_entry(sealed, entry, request);
                // Only the leader of an entry's term appends entries of it.
                if leads && entry.term == self.term {
                    io.report(Effect::Plain(crate::kv::Effect::Reply {
                        client: request.client,
                        seq: request.seq,
                        reply,
                    }));
                }
            }
            if leads {
                self.serve_reads(io);
            }
            // A snapshot copies the store: one per as many entries as it
            // holds, at most.
            let every: u64 = (self.snapshot_every as u64).max(self.store.len() as u64);
            if self.applied - self.snapshot_index >= every {
                self.compact(io);
            }
        }

        /// Replaces the log up to what is applied by a snapshot of the store;
        /// a leader retains, of what it cut, what a follower lacks (in
        /// place of what it retained).
        fn compact(&mut self, io: &mut dyn Io<u32, Self>) {
            let term: u64 = self.term_at(self.applied);
            let cut: usize = (self.applied - self.snapshot_index) as usize;
            let kept: u64 = self.first_lacked().max(self.snapshot_index + 1);
            self.retained_term = self.term_at(kept - 1);
            let rest: Vec<Sealed<u32, Entry>> = self.log.split_off(cut);
            let mut compacted: Vec<Sealed<u32, Entry>> = std::mem::replace(&mut *self.log, rest);
            *self.retained = compacted.split_off((kept - self.snapshot_index - 1) as usize);
            self.snapshot_index = self.applied;
            self.snapshot_term = term;
            self.persist_snapshot(io);
        }

        /// A leader's first applied entry that a follower lacks (one
        /// installing a snapshot lacks those after it), if any lacks one;
        /// else the first after what is applied. A follower's is the latter.
        fn first_lacked(&self) -> u64 {
            let mut first: u64 = self.applied + 1;
            if self.role != Role::Leader {
                return first;
            }
            let mut peer: u32 = 0;
            while peer < self.n {
                let p: usize = peer as usize;
                // One installing a snapshot lacks what comes after it.
                let lacks: u64 = if self.installing[p] {
                    self.outgoing.index + 1
                } else {
                    self.match_index[p] + 1
                };
                if peer != self.me && lacks < first {
                    first = lacks;
                }
                peer += 1;
            }
            first
        }

        fn persist_snapshot(&self, io: &mut dyn Io<u32, Self>) {
            io.report(Effect::Plain(crate::kv::Effect::Persist(Record::Snapshot(
                self.applied(),
            ))));
        }

        /// Follows `leader`, which this replica just heard from.
        fn follow(&mut self, leader: u32, io: &mut dyn Io<u32, Self>) {
            self.leader = Some(leader);
            if self.role != Role::Follower {
                self.role = Role::Follower;
                self.fail_reads(io);
            }
            self.reset_election(io);
        }

        /// Takes a chunk of the leader's snapshot at `index`: the next one
        /// of the snapshot being received, or the first of one that
        /// supersedes it (which then goes). Installs it once its last chunk
        /// came, if this replica has not applied as far; answers how many
        /// pairs of it it holds.
        fn on_chunk(
            &mut self,
            leader: u32,
            chunk: Transfer,
            offset: u64,
            done: bool,
            io: &mut dyn Io<u32, Self>,
        ) {
            self.follow(leader, io);
            let index: u64 = chunk.index;
            if index <= self.commit {
                // It holds what the snapshot covers: on with appends after it.
                if self.incoming.index <= self.commit {
                    self.incoming = Transfer::default();
                }
                self.acknowledge(leader, index, io);
                return;
            }
            if offset == 0 && self.incoming.superseded_by(&chunk) {
                self.incoming = Transfer::empty(chunk.term, index, chunk.last_term);
            }
            let receiving: bool = self.incoming.is_of(&chunk);
            if receiving && offset == self.incoming.held() {
                self.incoming.pairs.extend(chunk.pairs.into_vec());
                if done {
                    let store: Transfer = core::mem::take(&mut self.incoming);
                    self.install(index, store.last_term, store.pairs.into_vec(), io);
                    self.acknowledge(leader, index, io);
                    return;
                }
            }
            // The next chunk, please (one out of order or of another
            // snapshot was not taken: nothing is mixed in).
            let held: u64 = if receiving { self.incoming.held() } else { 0 };
            io.send(
                leader,
                Msg::SnapshotReply {
                    term: self.term,
                    index,
                    held,
                },
            );
        }

        /// Takes the leader's store as applied up to `index`.
        fn install(
            &mut self,
            index: u64,
            last_term: u64,
            pairs: Vec<Sealed<u32, StoredPair<u32>>>,
            io: &mut dyn Io<u32, Self>,
        ) {
            // The entries after it stay if the log holds its last entry.
            if index <= self.last_index() && self.term_at(index) == last_term {
                let cut: usize = (index - self.snapshot_index) as usize;
                let rest: Vec<Sealed<u32, Entry>> = self.log.split_off(cut);
                *self.log = rest;
            } else {
                self.log.clear();
            }
            self.retained.clear();
            self.snapshot_index = index;
            self.snapshot_term = last_term;
            self.commit = index;
            self.applied = index;
            self.store = Store::from_sealed(pairs);
            self.report_installed(io);
            self.persist_snapshot(io);
        }

        /// Tells the leader this replica's log matches its own up to `index`.
        fn acknowledge(&self, leader: u32, index: u64, io: &mut dyn Io<u32, Self>) {
            io.send(
                leader,
                Msg::AppendReply {
                    term: self.term,
                    success: true,
                    index,
                },
            );
        }

        /// A follower's answer to a chunk: the next chunk it awaits goes,
        /// unless it is the one in flight.
        fn on_snapshot_reply(
            &mut self,
            peer: u32,
            index: u64,
            held: u64,
            io: &mut dyn Io<u32, Self>,
        ) {
            let p: usize = peer as usize;
            self.last_answer[p] = io.now();
            if !self.installing[p] || index != self.outgoing.index {
                // Of a snapshot it no longer sends this replica.
                return;
            }
            if held > self.outgoing.held() {
                // No follower holds more of a snapshot than it has.
                io.reject();
                return;
            }
            if held != self.chunk_at[p] {
                self.chunk_at[p] = held;
                self.send_chunk(peer, io);
            }
        }

        fn report_installed(&self, io: &mut dyn Io<u32, Self>) {
            io.report(Effect::Plain(crate::kv::Effect::Installed {
                index: self.snapshot_index.into(),
                term: self.snapshot_term.into(),
            }));
        }

        fn on_vote(
            &mut self,
            candidate: u32,
            last_index: u64,
            last_term: u64,
            io: &mut dyn Io<u32, Self>,
        ) {
            let my_last_term: u64 = self.term_at(self.last_index());
            let up_to_date: bool = last_term > my_last_term
                || (last_term == my_last_term && last_index >= self.last_index());
            let free: bool = match self.voted_for {
                None => true,
                Some(v) => v == candidate,
            };
            let granted: bool = free && up_to_date;
            if granted {
                if self.voted_for.is_none() {
                    self.voted_for = Some(candidate);
                    self.persist_vote(io);
                }
                self.reset_election(io);
            }
            io.send(
                candidate,
                Msg::VoteReply {
                    term: self.term,
                    granted,
                },
            );
        }

        fn on_append(
            &mut self,
            leader: u32,
            mut prev_index: u64,
            mut prev_term: u64,
            mut entries: Vec<Sealed<u32, Entry>>,
            commit: u64,
            io: &mut dyn Io<u32, Self>,
        ) {
            self.follow(leader, io);
            if prev_index < self.snapshot_index {
                // The snapshot holds what it covers, committed: the
                // leader's log has the same entries there.
                let covered: u64 = self.snapshot_index - prev_index;
                let skipped: usize = (entries.len() as u64).min(covered) as usize;
                entries = entries.split_off(skipped);
                prev_index = self.snapshot_index;
                prev_term = self.snapshot_term;
            }
            if prev_index > self.last_index() || self.term_at(prev_index) != prev_term {
                // Back to before the term of the mismatch (or to our end),
                // never below what is committed.
                let mut hint: u64 = prev_index.min(self.last_index() + 1).saturating_sub(1);
                if hint > self.commit {
                    let conflict: u64 = self.term_at(hint);
                    while hint > self.commit && self.term_at(hint) == conflict && conflict != 0 {
                        hint -= 1;
                    }
                }
                io.send(
                    leader,
                    Msg::AppendReply {
                        term: self.term,
                        success: false,
                        index: hint,
                    },
                );
                return;
            }
            let matched: u64 = prev_index + entries.len() as u64;
            // The first `held` entries are at indices the log holds, the
            // first `committed` of them at committed ones.
            let held: u64 = self.last_index().min(matched) - prev_index;
            let committed: u64 = self.commit.min(matched).saturating_sub(prev_index);
            // A leader never contradicts what is committed: an append that
            // does is not from one, and changes nothing.
            let mut same: u64 = 0;
            while same < committed {
                if self.term_at(prev_index + same + 1) != entries[same as usize].get().term {
                    io.reject();
                    return;
                }
                same += 1;
            }
            // The log keeps what it holds up to the first entry of another
            // term; from there on, it takes the entries.
            while same < held
                && self.term_at(prev_index + same + 1) == entries[same as usize].get().term
            {
                same += 1;
            }
            if same < entries.len() as u64 {
                let taken: Vec<Sealed<u32, Entry>> = entries.split_off(same as usize);
                // Checked as the append was read, in this handler.
                let persisted: Vec<Entry> = taken
                    .iter()
                    .map(|entry: &Sealed<u32, Entry>| entry.as_received().clone())
                    .collect();
                self.log
                    .truncate((prev_index + same - self.snapshot_index) as usize);
                self.log.extend(taken);
                io.report(Effect::Plain(crate::kv::Effect::Persist(Record::Entries {
                    first: (prev_index + same + 1).into(),
                    entries: persisted,
                })));
            }
            let known: u64 = commit.min(matched);
            if known > self.commit {
                self.commit = known;
                self.apply(io);
            }
            io.send(
                leader,
                Msg::AppendReply {
                    term: self.term,
                    success: true,
                    index: matched,
                },
            );
        }

        fn on_append_reply(
            &mut self,
            peer: u32,
            success: bool,
            index: u64,
            io: &mut dyn Io<u32, Self>,
        ) {
            let p: usize = peer as usize;
            if index > self.last_index() {
                // No follower holds what this leader never had.
                io.reject();
                return;
            }
            self.last_answer[p] = io.now();
            if success {
                if index > self.match_index[p] {
                    self.match_index[p] = index;
                    self.advance_commit(io);
                }
                if self.next_index[p] <= index {
                    self.next_index[p] = index + 1;
                }
            } else {
                let back: u64 = (index + 1).max(self.match_index[p] + 1);
                if back < self.next_index[p] {
                    self.back_to(peer, back);
                }
            }
            self.replicate(peer, false, io);
        }
    }

    impl Raft {
        /// Answers an append or a snapshot of an earlier term.
        fn refuse_stale(&self, leader: u32, io: &mut dyn Io<u32, Self>) {
            io.send(
                leader,
                Msg::AppendReply {
                    term: self.term,
                    success: false,
                    index: 0,
                },
            );
        }
    }

    /// Reads without the log (ReadIndex).
    impl Raft {
        /// The highest of `per_replica` that a majority of replicas reach.
        fn held_by_majority(&self, per_replica: &[u64]) -> u64 {
            let mut held: Vec<u64> = per_replica.to_vec();
            held.sort_unstable_by(|a, b| b.cmp(a));
            let majority: u32 = self.majority();
            held[(majority - 1) as usize]
        }

        /// Whether a GET skips the log: reads do, and fewer than
        /// `max_reads` wait.
        fn takes_read(&self) -> bool {
            self.read_index && (self.reads.len() as u32) < self.max_reads
        }

        /// A new leader's reads: none waiting, no round started, and its
        /// first entry (the no-op it appends next) to wait for.
        fn start_reads(&mut self) {
            self.lead_index = self.last_index() + 1;
            self.round = 0;
            self.confirmed = 0;
            self.acked = vec![0u64; self.n as usize];
        }

        /// Holds a GET until this leader applied everything its log holds
        /// now (its own first entry among it, so every write an earlier
        /// leader acknowledged, and every write that came before the GET,
        /// on its connection or another), and a majority acknowledged a
        /// round started from now on; starts that round unless one is under
        /// way (the reads that come meanwhile wait for the next).
        fn read(&mut self, client: u64, seq: u64, key: Vec<u8>, io: &mut dyn Io<u32, Self>) {
            let index: u64 = self.last_index().max(self.lead_index);
            let round: u64 = self.round + 1;
            // Applied up to the index already: nothing the read may miss
            // can still change the value, so it is looked up now.
            let lookup: Lookup = if self.applied >= index {
                self.store.lookup(key)
            } else {
                Lookup::Key(Sealed::new(key))
            };
            self.reads.push(Read {
                index,
                round,
                client,
                seq,
                lookup,
            });
            if self.confirmed == self.round {
                self.start_round(io);
            }
        }

        /// Asks every replica to confirm this leader's term.
        fn start_round(&mut self, io: &mut dyn Io<u32, Self>) {
            self.round += 1;
            self.acked[self.me as usize] = self.round;
            io.broadcast(Msg::Confirm {
                term: self.term,
                round: self.round,
            });
            self.count_acks(io);
        }

        /// Asks again the replicas that did not acknowledge the round under
        /// way (their `Confirm` or its answer may be lost).
        fn repeat_round(&self, io: &mut dyn Io<u32, Self>) {
            if self.confirmed == self.round {
                return;
            }
            let mut peer: u32 = 0;
            while peer < self.n {
                if peer != self.me && self.acked[peer as usize] < self.round {
                    io.send(
                        peer,
                        Msg::Confirm {
                            term: self.term,
                            round: self.round,
                        },
                    );
                }
                peer += 1;
            }
        }

        fn on_confirmed(&mut self, peer: u32, round: u64, io: &mut dyn Io<u32, Self>) {
            if round > self.round {
                // No replica acknowledges a round this leader never started.
                io.reject();
                return;
            }
            let p: usize = peer as usize;
            if round > self.acked[p] {
                self.acked[p] = round;
                self.count_acks(io);
            }
        }

        /// Takes the last round a majority acknowledged; answers the reads
        /// it confirms, and starts the next round for those that came
        /// during it.
        fn count_acks(&mut self, io: &mut dyn Io<u32, Self>) {
            let confirmed: u64 = self.held_by_majority(&self.acked);
            if confirmed <= self.confirmed {
                return;
            }
            self.confirmed = confirmed;
            self.serve_reads(io);
            let waiting: bool = match self.reads.last() {
                Some(read) => read.round > self.round,
                None => false,
            };
            if waiting {
                self.start_round(io);
            }
        }

        /// Answers, in the order they came, the reads whose round a
        /// majority acknowledged and whose index is applied.
        fn serve_reads(&mut self, io: &mut dyn Io<u32, Self>) {
            let ready: usize = self
                .reads
                .iter()
                .take_while(|read: &&Read| {
                    read.round <= self.confirmed && read.index <= self.applied
                })
                .count();
            for read in self.reads.drain(..ready) {
                let value: Option<Vec<u8>> = match read.lookup {
                    Lookup::Key(key) => self.store.get(key.get()).map(<[u8]>::to_vec),
                    Lookup::Found(pair) => Some(pair.into_inner().1.value),
                    Lookup::Missing => None,
                };
                io.report(Effect::Plain(crate::kv::Effect::Reply {
                    client: read.client.into(),
                    seq: read.seq.into(),
                    reply: Reply::Value(value),
                }));
            }
        }

        /// Tells the clients of the reads waiting that this replica no
        /// longer leads: nothing was done, they may ask the leader.
        fn fail_reads(&mut self, io: &mut dyn Io<u32, Self>) {
            let failed: Vec<Read> = self.reads.drain(..).collect();
            for read in failed {
                io.report(Effect::Moved {
                    client: read.client,
                    seq: read.seq,
                    leader: self.leader,
                });
            }
        }
    }

    impl Protocol<u32> for Raft {
        type Msg = Msg;
        type Output = Effect;

        fn start(&mut self, io: &mut dyn Io<u32, Self>) {
            self.me = io.me();
            // Distinct per replica and per start.
            let now: u32 = io.now();
            self.rng = ((self.me as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ now as u64) | 1;
            self.role = Role::Follower;
            if self.snapshot_index > 0 {
                self.report_installed(io);
            }
            if self.n == 1 {
                self.stand(io);
            } else {
                self.reset_election(io);
            }
        }

        fn on_message(&mut self, from: u32, msg: Msg, io: &mut dyn Io<u32, Self>) {
            if from >= self.n || from == self.me {
                io.reject();
                return;
            }
            let term: u64 = match &msg {
                Msg::Vote { term, .. }
                | Msg::VoteReply { term, .. }
                | Msg::Append { term, .. }
                | Msg::Snapshot { term, .. }
                | Msg::SnapshotReply { term, .. }
                | Msg::AppendReply { term, .. }
                | Msg::Confirm { term, .. }
                | Msg::Confirmed { term, .. } => *term,
            };
            if term > self.term {
                self.step_down(term, io);
            }
            match msg {
                Msg::Vote {
                    last_index,
                    last_term,
                    ..
                } => {
                    if term < self.term {
                        io.send(
                            from,
                            Msg::VoteReply {
                                term: self.term,
                                granted: false,
                            },
                        );
                    } else {
                        self.on_vote(from, last_index, last_term, io);
                    }
                }
                Msg::VoteReply { granted, .. } => {
                    if term == self.term && granted && self.role == Role::Candidate {
                        self.votes[from as usize] = true;
                        self.count_votes(io);
                    }
                }
                Msg::Append {
                    prev_index,
                    prev_term,
                    entries,
                    commit,
                    ..
                } => {
                    if term < self.term {
                        self.refuse_stale(from, io);
                    } else {
                        self.on_append(from, prev_index, prev_term, entries, commit, io);
                    }
                }
                Msg::Snapshot {
                    index,
                    last_term,
                    offset,
                    pairs,
                    done,
                    ..
                } => {
                    if term < self.term {
                        self.refuse_stale(from, io);
                    } else {
                        let chunk: Transfer = Transfer {
                            pairs: pairs.into(),
                            ..Transfer::empty(term, index, last_term)
                        };
                        self.on_chunk(from, chunk, offset, done, io);
                    }
                }
                Msg::SnapshotReply { index, held, .. } => {
                    if term == self.term && self.role == Role::Leader {
                        self.on_snapshot_reply(from, index, held, io);
                    }
                }
                Msg::AppendReply { success, index, .. } => {
                    if term == self.term && self.role == Role::Leader {
                        self.on_append_reply(from, success, index, io);
                    }
                }
                Msg::Confirm { round, .. } => {
                    // A round of an earlier term is acknowledged as none:
                    // its answer must not count in a later round of that
                    // number (rounds restart each term); the term in the
                    // answer deposes its sender.
                    let round: u64 = if term == self.term {
                        self.follow(from, io);
                        round
                    } else {
                        0
                    };
                    io.send(
                        from,
                        Msg::Confirmed {
                            term: self.term,
                            round,
                        },
                    );
                }
                Msg::Confirmed { round, .. } => {
                    if term == self.term && self.role == Role::Leader {
                        self.on_confirmed(from, round, io);
                    }
                }
            }
        }

        fn on_alarm(&mut self, id: u32, io: &mut dyn Io<u32, Self>) {
            if id == ELECTION && self.role != Role::Leader {
                self.stand(io);
            } else if id == HEARTBEAT && self.role == Role::Leader {
                self.heartbeat(io);
                self.repeat_round(io);
            }
        }
    }

    impl Service<u32> for Raft {
        type Input = Request;

        fn on_input(&mut self, request: Request, io: &mut dyn Io<u32, Self>) {
            if self.role != Role::Leader {
                io.report(Effect::Moved {
                    client: request.client.into(),
                    seq: request.seq.into(),
                    leader: self.leader,
                });
                return;
            }
            match request.command {
                Command::Get(key) if self.takes_read() => {
                    self.read(request.client.into(), request.seq.into(), key, io);
                }
                command => self.append(Some(Request { command, ..request }), io),
            }
        }
    }
}
