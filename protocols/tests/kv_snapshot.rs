//! Log compaction: replicas snapshot their store every few applied entries
//! and cut their logs; a follower that missed entries the leader no longer
//! holds catches up from the leader's snapshot (`InstallSnapshot`), sent in
//! chunks; a restarted replica recovers from its snapshot and the log after
//! it, from memory or from the write-ahead log on disk. Both builds alike.

mod by_hand;

use std::cell::RefCell;
use std::rc::Rc;

use anguard::Hardening;
use anguard::an::Tag;
use anguard::node::Node;
use anguard::sim::{Event, Sim, SimConfig};
use anguard_protocols::algo::Variant;
use anguard_protocols::kv::durable::Output;
use anguard_protocols::kv::seal::Sealed;
use anguard_protocols::kv::wal::Wal;
use anguard_protocols::kv::{
    Command, Durable, DurableNode, Effect, KeyValue, KvConfig, MemoryDisk, Reply, Request,
    Snapshot, Stored, raft, replica,
};
use by_hand::Recorder;

/// A snapshot every `EVERY` applied entries.
const EVERY: u32 = 8;

/// The chunk bound of the tests that send snapshots of many chunks, in bytes.
const CHUNK: u32 = 512;

/// What a chunk's message holds beyond its pairs, at most (its variant,
/// terms, index, offset, length, flag: 16 bytes each, encoded).
const CHUNK_HEADER: usize = 128;

fn config() -> KvConfig {
    KvConfig::with_heartbeat(3, 10)
        .and_then(|config| config.with_snapshot_every(EVERY))
        .expect("a valid configuration")
}

/// [`config`], with snapshots sent in chunks of [`CHUNK`] bytes.
fn chunked() -> KvConfig {
    config()
        .with_snapshot_chunk(CHUNK)
        .expect("a valid chunk bound")
}

/// Where a replica keeps its durable state.
#[derive(Clone)]
enum Disks {
    Memory(Vec<MemoryDisk>),
    /// Write-ahead logs in `dir` that write a snapshot once longer than
    /// `rewrite_at` bytes (0: at every compaction).
    Files {
        dir: std::path::PathBuf,
        rewrite_at: u64,
    },
}

/// A disk of its own for each replica.
fn memory() -> Disks {
    Disks::Memory((0..3).map(|_| MemoryDisk::default()).collect())
}

/// Write-ahead logs in a new directory of their own (named after `name`
/// and `variant`), written as [`Disks::Files`] says.
fn files(name: &str, variant: Variant, rewrite_at: u64) -> (std::path::PathBuf, Disks) {
    let dir = std::env::temp_dir().join(format!(
        "anguard-kv-{name}-{}-{variant:?}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    (dir.clone(), Disks::Files { dir, rewrite_at })
}

/// Three replicas of `variant`, scrubbing, on `disks`.
fn cluster(variant: Variant, disks: Disks) -> Sim<Output> {
    cluster_of(variant, disks, config())
}

/// Three replicas of `variant` configured by `config`, scrubbing, on `disks`.
fn cluster_of(variant: Variant, disks: Disks, config: KvConfig) -> Sim<Output> {
    let sim = SimConfig {
        seed: 11,
        ..SimConfig::default()
    };
    Sim::new(sim, move |id| -> Box<dyn Node<Output>> {
        match &disks {
            Disks::Memory(disks) => {
                replica::simulated(variant, Hardening::An, &config, disks[id as usize].clone())
            }
            Disks::Files { dir, rewrite_at } => {
                let path = dir.join(format!("replica-{id}.wal"));
                let (wal, durable) = Wal::open(&path).expect("the log opens");
                let wal = wal.rewrite_at(*rewrite_at);
                Box::new(DurableNode::new(
                    replica::replica(variant, Hardening::An, &config, durable),
                    wal,
                ))
            }
        }
    })
}

/// Gives every replica that is up request `seq` of client 1, and runs
/// 100 ms; the replica that answered it `Ok`, if one did.
fn set(sim: &mut Sim<Output>, seq: u64) -> Option<u32> {
    let (key, value) = written(seq);
    set_pair(sim, seq, key, value)
}

/// [`set`] of `key` to `value`.
fn set_pair(sim: &mut Sim<Output>, seq: u64, key: Vec<u8>, value: Vec<u8>) -> Option<u32> {
    let request = Request {
        client: 1,
        seq,
        command: Command::Set(key, value),
    };
    let mut bytes = Vec::new();
    anguard::payload::encode(&request, &mut bytes).expect("a request serializes");
    let from = sim.trace().records().len();
    for node in 0..3 {
        sim.input(node, &bytes);
    }
    sim.run_for(100_000);
    sim.trace().records()[from..]
        .iter()
        .find(|record| {
            matches!(&record.event, Event::Report {
                output: Some(Effect::Reply { seq: s, reply: Reply::Ok, .. }),
            } if *s == seq)
        })
        .map(|record| record.node)
}

/// The key and value of SET `seq`.
fn written(seq: u64) -> (Vec<u8>, Vec<u8>) {
    (
        format!("key-{}", seq % 5).into_bytes(),
        seq.to_string().into_bytes(),
    )
}

fn applied(sim: &mut Sim<Output>, variant: Variant, node: u32) -> Snapshot {
    sim.with_state(node, |state| replica::applied(variant, state))
        .flatten()
        .expect("the replica is up")
}

/// The snapshots `node` installed, and whether each was the first thing
/// it did after a start (from its own disk) or not (from the leader).
fn installed(sim: &Sim<Output>, node: u32) -> Vec<(u64, bool)> {
    let mut just_started = false;
    let mut installed = Vec::new();
    for record in sim.trace().records().iter().filter(|r| r.node == node) {
        match &record.event {
            Event::Start => just_started = true,
            Event::Report {
                output: Some(Effect::Installed { index, .. }),
            } => {
                installed.push((*index, just_started));
                just_started = false;
            }
            Event::Report { .. } | Event::Deliver { .. } => just_started = false,
            _ => {}
        }
    }
    installed
}

/// The snapshots `node` installed from the leader.
fn installed_from_leader(sim: &Sim<Output>, node: u32) -> Vec<u64> {
    installed(sim, node)
        .into_iter()
        .filter_map(|(index, at_start)| (!at_start).then_some(index))
        .collect()
}

/// Writes the SETs `seqs`, each acknowledged; the leader that answered
/// the last.
fn write(sim: &mut Sim<Output>, seqs: std::ops::Range<u64>) -> u32 {
    let mut leader = None;
    for seq in seqs {
        leader = set(sim, seq);
        assert!(leader.is_some(), "SET {seq} acknowledged");
    }
    leader.expect("some SETs")
}

/// The store after the SETs `1..end`: each key's last value.
fn expected(end: u64) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut store: std::collections::BTreeMap<Vec<u8>, Vec<u8>> = Default::default();
    store.extend((1..end).map(written));
    store.into_iter().collect()
}

/// Every replica up holds the same store, applied to the same index.
fn converged(sim: &mut Sim<Output>, variant: Variant) -> Snapshot {
    sim.run_for(300_000);
    let stores: Vec<Snapshot> = (0..3).map(|node| applied(sim, variant, node)).collect();
    assert!(
        stores.iter().all(|store| *store == stores[0]),
        "{variant:?}: {stores:?}"
    );
    stores[0].clone()
}

#[test]
fn a_lagging_follower_catches_up_from_the_leaders_snapshot() {
    for variant in Variant::ALL {
        let mut sim = cluster(variant, memory());
        sim.run_for(1_000_000);
        let follower = (write(&mut sim, 1..4) + 1) % 3;
        sim.crash(follower);
        // The leader applies and compacts far past what the follower has.
        let end = 4 * u64::from(EVERY);
        write(&mut sim, 4..end);
        sim.restart(follower);
        let store = converged(&mut sim, variant);
        assert_eq!(store.store, expected(end), "{variant:?}");
        let from_leader = installed_from_leader(&sim, follower);
        assert!(
            !from_leader.is_empty(),
            "{variant:?}: the follower installed no snapshot from the leader"
        );
    }
}

#[test]
fn a_follower_behind_the_leaders_last_compaction_is_sent_entries_not_a_snapshot() {
    for variant in Variant::ALL {
        let disks = memory();
        let Disks::Memory(handles) = disks.clone() else {
            unreachable!("memory disks")
        };
        let mut sim = cluster(variant, disks);
        sim.run_for(1_000_000);
        let follower = (write(&mut sim, 1..4) + 1) % 3;
        sim.crash(follower);
        let held = handles[follower as usize].durable();
        let last = held.snapshot.index + held.log.len() as u64;
        // Enough for the leader to compact once, what the follower lacks
        // with it: the leader retained those entries.
        let end = 4 + u64::from(EVERY);
        let leader = write(&mut sim, 4..end);
        let compacted = handles[leader as usize].durable().snapshot.index;
        assert!(
            compacted > last,
            "{variant:?}: the leader compacted to {compacted}, the follower holds {last}"
        );
        sim.restart(follower);
        let store = converged(&mut sim, variant);
        assert_eq!(store.store, expected(end), "{variant:?}");
        let from_leader = installed_from_leader(&sim, follower);
        assert_eq!(
            from_leader,
            Vec::<u64>::new(),
            "{variant:?}: the follower installed a snapshot (the leader compacted to {compacted})"
        );
    }
}

#[test]
fn a_store_larger_than_the_interval_is_snapshotted_once_per_as_many_entries() {
    for variant in Variant::ALL {
        let disks = memory();
        let Disks::Memory(handles) = disks.clone() else {
            unreachable!("memory disks")
        };
        let mut sim = cluster(variant, disks);
        sim.run_for(1_000_000);
        const KEYS: u64 = 5 * EVERY as u64;
        let mut leader = 0;
        for seq in 1..=KEYS {
            let key = format!("distinct-{seq}").into_bytes();
            leader = set_pair(&mut sim, seq, key, b"v".to_vec()).expect("acknowledged");
        }
        let snapshot = |leader: u32| handles[leader as usize].durable().snapshot.index;
        // Writes on until the leader's next snapshot, which the store's size sets.
        let small = snapshot(leader);
        let mut seq = KEYS + 1;
        while snapshot(leader) == small {
            assert!(
                seq < 3 * KEYS,
                "{variant:?}: no snapshot after {seq} writes"
            );
            write(&mut sim, seq..seq + 1);
            seq += 1;
        }
        let large = snapshot(leader);
        assert!(large >= small + KEYS, "{variant:?}: {small} then {large}");
        // Twice the interval, fewer entries than the store's keys: none.
        write(&mut sim, seq..seq + 2 * u64::from(EVERY));
        assert_eq!(snapshot(leader), large, "{variant:?}");
        // As many as the store holds (5 more keys than written distinct).
        write(&mut sim, seq + 2 * u64::from(EVERY)..seq + KEYS + 8);
        assert!(snapshot(leader) >= large + KEYS, "{variant:?}");
    }
}

#[test]
fn a_restarted_replica_recovers_from_its_snapshot_and_log_in_memory() {
    for variant in Variant::ALL {
        restarts_from_its_snapshot(variant, memory());
    }
}

#[test]
fn a_restarted_replica_recovers_from_its_snapshot_and_log_on_disk() {
    for variant in Variant::ALL {
        let (dir, disks) = files("snapshot", variant, 0);
        restarts_from_its_snapshot(variant, disks);
        assert!(dir.join("replica-0.snap").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn a_cluster_restarted_from_logs_that_wrote_no_snapshot_loses_nothing() {
    for variant in Variant::ALL {
        let (dir, disks) = files("no-snapshot", variant, 1 << 20);
        let mut sim = cluster(variant, disks);
        sim.run_for(1_000_000);
        // Compacted in memory again and again, never written.
        let end = 1 + 4 * u64::from(EVERY);
        write(&mut sim, 1..end);
        assert!(applied(&mut sim, variant, 0).index >= 4 * u64::from(EVERY));
        for node in 0..3 {
            sim.crash(node);
        }
        for node in 0..3 {
            assert!(!dir.join(format!("replica-{node}.snap")).exists());
        }
        for node in 0..3 {
            sim.restart(node);
        }
        sim.run_for(1_000_000);
        write(&mut sim, end..end + 1);
        let store = converged(&mut sim, variant);
        assert_eq!(store.store, expected(end + 1), "{variant:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// Every replica, in turn, crashes and restarts after more writes: it
/// starts from its own snapshot (past index 0), then catches up; all end
/// with the same store.
fn restarts_from_its_snapshot(variant: Variant, disks: Disks) {
    let mut sim = cluster(variant, disks);
    sim.run_for(1_000_000);
    let mut seq = 1;
    for node in 0..3 {
        write(&mut sim, seq..seq + 2 * u64::from(EVERY));
        seq += 2 * u64::from(EVERY);
        let before = applied(&mut sim, variant, node);
        sim.crash(node);
        sim.restart(node);
        sim.run_for(1_000);
        let at_start: Vec<u64> = installed(&sim, node)
            .into_iter()
            .filter_map(|(index, at_start)| at_start.then_some(index))
            .collect();
        let last = *at_start.last().expect("a snapshot installed at the start");
        assert!(
            last > 0 && last <= before.index && before.index - last < u64::from(EVERY),
            "{variant:?} node {node}: started from {last}, had applied {}",
            before.index
        );
        converged(&mut sim, variant);
    }
    write(&mut sim, seq..seq + 3);
    let store = converged(&mut sim, variant);
    assert_eq!(store.store, expected(seq + 3), "{variant:?}");
}

/// The key and value of SET `seq` in the tests of many chunks: 40 keys of
/// 100-byte values, 5,200 bytes of pairs as a chunk counts them (14 chunks
/// of [`CHUNK`] bytes).
fn wide(seq: u64) -> KeyValue {
    let fill = b'a' + (seq % 26) as u8;
    (
        format!("wide-{:02}", seq % 40).into_bytes(),
        vec![fill; 100],
    )
}

/// Writes the SETs `seqs` of [`wide`], each acknowledged.
fn write_wide(sim: &mut Sim<Output>, seqs: std::ops::Range<u64>) {
    for seq in seqs {
        let (key, value) = wide(seq);
        assert!(
            set_pair(sim, seq, key, value).is_some(),
            "SET {seq} acknowledged"
        );
    }
}

/// The store after the SETs `1..narrow` of [`written`] and `narrow..end` of
/// [`wide`].
fn expected_wide(narrow: u64, end: u64) -> Vec<KeyValue> {
    let mut store: std::collections::BTreeMap<Vec<u8>, Vec<u8>> = Default::default();
    store.extend((1..narrow).map(written));
    store.extend((narrow..end).map(wide));
    store.into_iter().collect()
}

/// A snapshot chunk delivered: the snapshot's index, the chunk's offset,
/// the message's size in bytes.
type Chunk = (u64, u64, usize);

/// Records every snapshot chunk delivered to `node` from now on.
fn chunks_to(sim: &mut Sim<Output>, variant: Variant, node: u32) -> Rc<RefCell<Vec<Chunk>>> {
    let chunks = Rc::new(RefCell::new(Vec::new()));
    let log = Rc::clone(&chunks);
    sim.set_message_hook(move |info, message| {
        if info.to == node
            && let Some((index, offset)) = replica::snapshot_chunk(variant, message)
        {
            log.borrow_mut().push((index, offset, message.len()));
        }
    });
    chunks
}

/// The last snapshot `node` installed from the leader.
fn last_from_leader(sim: &Sim<Output>, node: u32) -> Option<u64> {
    installed_from_leader(sim, node).pop()
}

#[test]
fn a_partitioned_follower_catches_up_by_a_snapshot_of_many_chunks() {
    for variant in Variant::ALL {
        let mut sim = cluster_of(variant, memory(), chunked());
        sim.run_for(1_000_000);
        let follower = (write(&mut sim, 1..4) + 1) % 3;
        sim.isolate(follower);
        // The leader compacts 6 times while the follower is cut off.
        let end = 4 + 6 * u64::from(EVERY);
        write_wide(&mut sim, 4..end);
        let chunks = chunks_to(&mut sim, variant, follower);
        sim.heal();
        let store = converged(&mut sim, variant);
        assert_eq!(store.store, expected_wide(4, end), "{variant:?}");
        let index = last_from_leader(&sim, follower)
            .unwrap_or_else(|| panic!("{variant:?}: no snapshot installed from the leader"));
        let chunks = chunks.borrow();
        let mut offsets: Vec<u64> = chunks
            .iter()
            .filter(|chunk| chunk.0 == index)
            .map(|chunk| chunk.1)
            .collect();
        offsets.dedup();
        assert!(
            offsets.len() >= 10 && offsets.is_sorted(),
            "{variant:?}: the snapshot at {index} came in chunks at {offsets:?}"
        );
        let largest = chunks.iter().map(|chunk| chunk.2).max().unwrap_or(0);
        assert!(
            largest <= CHUNK as usize + CHUNK_HEADER,
            "{variant:?}: a chunk of {largest} bytes"
        );
        let rejected = sim.trace().count(|event| matches!(event, Event::Rejected));
        assert_eq!(rejected, 0, "{variant:?}: messages rejected as invalid");
    }
}

#[test]
fn a_silent_follower_is_sent_one_chunk_per_heartbeat() {
    for variant in Variant::ALL {
        let mut sim = cluster_of(variant, memory(), chunked());
        sim.run_for(1_000_000);
        let leader = write(&mut sim, 1..4);
        let follower = (leader + 1) % 3;
        sim.crash(follower);
        let end = 4 + 6 * u64::from(EVERY);
        write_wide(&mut sim, 4..end);
        // It hears the leader, the leader never hears it.
        sim.block_link(follower, leader, true);
        let chunks = chunks_to(&mut sim, variant, follower);
        sim.restart(follower);
        sim.run_for(1_000_000);
        let sent: Vec<Chunk> = chunks.borrow().clone();
        // A heartbeat every 10 ms: one chunk each, the first again and again.
        assert!(
            (90..=101).contains(&sent.len()),
            "{variant:?}: {} chunks in 1 s",
            sent.len()
        );
        assert!(
            sent.iter().all(|&(index, offset, bytes)| index == sent[0].0
                && offset == 0
                && bytes <= CHUNK as usize + CHUNK_HEADER),
            "{variant:?}: {sent:?}"
        );
        sim.block_link(follower, leader, false);
        let store = converged(&mut sim, variant);
        assert_eq!(store.store, expected_wide(4, end), "{variant:?}");
        assert!(last_from_leader(&sim, follower).is_some(), "{variant:?}");
    }
}

/// A chunk: the leader's term, the snapshot's index and last term, the
/// offset, the pairs, whether it is the last.
type ChunkOf<'a> = (u64, u64, u64, u64, &'a [KeyValue], bool);

/// How a replica answered a chunk.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    /// It holds `held` pairs of the snapshot at `index`.
    Holds { index: u64, held: u64 },
    /// Its log matches the leader's up to `index` (the snapshot installed).
    Matches(u64),
    /// Refused as of an earlier term.
    Stale,
}

/// One build's messages, as bytes.
trait Build {
    const VARIANT: Variant;
    fn chunk(chunk: ChunkOf<'_>) -> Vec<u8>;
    fn answer(message: &[u8]) -> Answer;
}

macro_rules! build {
    ($name:ident, $module:ident, $variant:expr) => {
        struct $name;
        impl Build for $name {
            const VARIANT: Variant = $variant;
            fn chunk((term, index, last_term, offset, pairs, done): ChunkOf<'_>) -> Vec<u8> {
                let message = raft::$module::Msg::Snapshot {
                    term: term.into(),
                    index: index.into(),
                    last_term: last_term.into(),
                    offset: offset.into(),
                    pairs: pairs
                        .iter()
                        .cloned()
                        .map(|(key, value)| Sealed::new((key, Stored::new(value))))
                        .collect(),
                    done: done.into(),
                    __tag: Tag::NEW,
                };
                let mut bytes = Vec::new();
                anguard::payload::encode(&message, &mut bytes).expect("a chunk serializes");
                bytes
            }
            fn answer(message: &[u8]) -> Answer {
                match anguard::payload::decode(message).expect("an answer") {
                    raft::$module::Msg::SnapshotReply { index, held, .. } => Answer::Holds {
                        index: index.into(),
                        held: held.into(),
                    },
                    raft::$module::Msg::AppendReply { success, index, .. } => {
                        if bool::from(success) {
                            Answer::Matches(index.into())
                        } else {
                            Answer::Stale
                        }
                    }
                    other => panic!("not an answer to a chunk: {other:?}"),
                }
            }
        }
    };
}

build!(PlainBuild, plain, Variant::Plain);
build!(EncodedBuild, encoded, Variant::Encoded);

/// Pair `i` of the snapshots below.
fn pair(i: u8) -> KeyValue {
    (vec![b'k', i], vec![i; 3])
}

/// Replica 1, in term 2, given chunks from replica 0.
struct Follower<B> {
    node: Box<dyn Node<Output>>,
    env: Recorder,
    build: core::marker::PhantomData<B>,
}

impl<B: Build> Follower<B> {
    fn new() -> Self {
        let durable = Durable {
            term: 2,
            ..Durable::default()
        };
        let mut node = replica::replica(B::VARIANT, Hardening::An, &chunked(), durable);
        let mut env = Recorder::default();
        node.start(&mut env);
        Follower {
            node,
            env,
            build: core::marker::PhantomData,
        }
    }

    /// Delivers `chunk` from replica 0; the answer.
    fn give(&mut self, chunk: ChunkOf<'_>) -> Answer {
        self.env.sent.clear();
        self.node.on_payload(0, &B::chunk(chunk), &mut self.env);
        let [(0, answer)] = &self.env.sent[..] else {
            panic!("not one answer to the leader: {:?}", self.env.sent);
        };
        B::answer(answer)
    }

    /// The store as applied.
    fn applied(&mut self) -> Snapshot {
        replica::applied(B::VARIANT, self.node.state_mut()).expect("a replica of this build")
    }
}

fn chunks_of_another_snapshot_or_out_of_order_are_refused<B: Build>() {
    let mut follower = Follower::<B>::new();
    let (a, b, c, d) = (pair(0), pair(1), pair(2), pair(3));
    let first = [a.clone(), b.clone()];
    assert_eq!(
        follower.give((2, 20, 2, 0, &first, false)),
        Answer::Holds { index: 20, held: 2 }
    );
    // A gap, another snapshot's later chunk, an earlier snapshot, the same
    // index of another last term, an earlier term: none is taken.
    let x = [pair(9)];
    assert_eq!(
        follower.give((2, 20, 2, 3, &x, true)),
        Answer::Holds { index: 20, held: 2 }
    );
    assert_eq!(
        follower.give((2, 30, 2, 2, &x, true)),
        Answer::Holds { index: 30, held: 0 }
    );
    assert_eq!(
        follower.give((2, 10, 2, 0, &x, true)),
        Answer::Holds { index: 10, held: 0 }
    );
    assert_eq!(
        follower.give((2, 20, 1, 2, &x, true)),
        Answer::Holds { index: 20, held: 0 }
    );
    assert_eq!(follower.give((1, 40, 1, 0, &x, true)), Answer::Stale);
    // A duplicate of the first chunk changes nothing either.
    assert_eq!(
        follower.give((2, 20, 2, 0, &first, false)),
        Answer::Holds { index: 20, held: 2 }
    );
    assert_eq!(follower.applied().index, 0, "nothing installed yet");
    assert_eq!(
        follower.give((2, 20, 2, 2, std::slice::from_ref(&c), false)),
        Answer::Holds { index: 20, held: 3 }
    );
    assert_eq!(
        follower.give((2, 20, 2, 3, std::slice::from_ref(&d), true)),
        Answer::Matches(20)
    );
    let installed = follower.applied();
    assert_eq!((installed.index, installed.term), (20, 2));
    assert_eq!(
        installed.store,
        [a, b, c, d],
        "exactly the snapshot's pairs"
    );
    assert!(
        follower
            .env
            .reports
            .contains(&Some(Effect::Installed { index: 20, term: 2 }))
    );
}

fn a_later_snapshot_discards_an_unfinished_one<B: Build>() {
    let mut follower = Follower::<B>::new();
    let (x, y, z, w) = (pair(4), pair(5), pair(6), pair(7));
    assert_eq!(
        follower.give((2, 40, 2, 0, &[x], false)),
        Answer::Holds { index: 40, held: 1 }
    );
    assert_eq!(
        follower.give((2, 50, 2, 0, std::slice::from_ref(&y), false)),
        Answer::Holds { index: 50, held: 1 }
    );
    // The one at 40 is gone: its last chunk completes nothing.
    assert_eq!(
        follower.give((2, 40, 2, 1, &[z], true)),
        Answer::Holds { index: 40, held: 0 }
    );
    assert_eq!(follower.applied().index, 0);
    assert_eq!(
        follower.give((2, 50, 2, 1, std::slice::from_ref(&w), true)),
        Answer::Matches(50)
    );
    assert_eq!(follower.applied().store, [y, w]);
    // Once installed, a chunk of what it holds is answered as matching.
    assert_eq!(
        follower.give((2, 40, 2, 0, &[pair(8)], false)),
        Answer::Matches(40)
    );
}

#[test]
fn chunks_of_a_stale_snapshot_are_refused() {
    chunks_of_another_snapshot_or_out_of_order_are_refused::<PlainBuild>();
    chunks_of_another_snapshot_or_out_of_order_are_refused::<EncodedBuild>();
}

#[test]
fn a_later_snapshot_discards_an_unfinished_install() {
    a_later_snapshot_discards_an_unfinished_one::<PlainBuild>();
    a_later_snapshot_discards_an_unfinished_one::<EncodedBuild>();
}
