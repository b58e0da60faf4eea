//! Reads without the log (ReadIndex): a leader cut off from the majority
//! answers no read (a deposed leader cannot confirm its lead, so it cannot
//! return a superseded value), and answers its waiting reads `Moved` once
//! it learns it was deposed; reads take no log entry, share confirmation
//! rounds, and past `max_reads` go through the log; a GET sees the writes
//! that came before it, committed or not; an acknowledgement of an earlier
//! term's round counts for none; the scrub sees the reads waiting. Both
//! builds alike.

mod by_hand;

use std::cell::Cell;
use std::rc::Rc;

use anguard::an::Tag;
use anguard::fault::{Policy, scoped};
use anguard::sim::{Event, Sim, SimConfig};
use anguard::state::{Flip, State, Visitor};
use anguard::{AnU64, Hardening};
use anguard_protocols::algo::Variant;
use anguard_protocols::kv::durable::Output;
use anguard_protocols::kv::raft::{encoded, plain};
use anguard_protocols::kv::{
    Command, Durable, Effect, KvConfig, MemoryDisk, Reads, Reply, Request, replica,
};
use by_hand::Recorder;

const KEY: &[u8] = b"key";

fn config(reads: Reads) -> KvConfig {
    KvConfig::with_heartbeat(3, 10)
        .expect("a valid configuration")
        .with_reads(reads)
}

/// Three replicas of `variant`, each on a disk of its own.
fn cluster(variant: Variant, config: KvConfig) -> Sim<Output> {
    let disks: Vec<MemoryDisk> = (0..3).map(|_| MemoryDisk::default()).collect();
    let sim = SimConfig {
        seed: 5,
        ..SimConfig::default()
    };
    Sim::new(sim, move |id| {
        replica::simulated(variant, Hardening::An, &config, disks[id as usize].clone())
    })
}

/// Gives `nodes` request `seq` of `client`.
fn give(sim: &mut Sim<Output>, nodes: &[u32], client: u64, seq: u64, command: Command) {
    let request = Request {
        client,
        seq,
        command,
    };
    let mut bytes = Vec::new();
    anguard::payload::encode(&request, &mut bytes).expect("a request serializes");
    for &node in nodes {
        sim.input(node, &bytes);
    }
}

/// The replies to `client` since trace record `from`: who answered which
/// request, and how.
fn replies(sim: &Sim<Output>, from: usize, client: u64) -> Vec<(u32, u64, Reply)> {
    sim.trace().records()[from..]
        .iter()
        .filter_map(|record| match &record.event {
            Event::Report {
                output:
                    Some(Effect::Reply {
                        client: c,
                        seq,
                        reply,
                    }),
            } if *c == client => Some((record.node, *seq, reply.clone())),
            _ => None,
        })
        .collect()
}

/// The requests of `client` some replica applied as log entries since
/// trace record `from`.
fn logged(sim: &Sim<Output>, from: usize, client: u64) -> Vec<u64> {
    let mut seqs: Vec<u64> = sim.trace().records()[from..]
        .iter()
        .filter_map(|record| match &record.event {
            Event::Report {
                output:
                    Some(Effect::Applied {
                        request: Some((c, seq)),
                        ..
                    }),
            } if *c == client => Some(*seq),
            _ => None,
        })
        .collect();
    seqs.sort_unstable();
    seqs.dedup();
    seqs
}

/// Sets `KEY` to `value` through `nodes` (client 1, request `seq`), and
/// runs 200 ms; the replica that acknowledged it.
fn set(sim: &mut Sim<Output>, nodes: &[u32], seq: u64, value: &[u8]) -> u32 {
    let from = sim.trace().records().len();
    give(
        sim,
        nodes,
        1,
        seq,
        Command::Set(KEY.to_vec(), value.to_vec()),
    );
    sim.run_for(200_000);
    let acked: Vec<u32> = replies(sim, from, 1)
        .into_iter()
        .filter(|(_, s, reply)| *s == seq && *reply == Reply::Ok)
        .map(|(node, ..)| node)
        .collect();
    assert_eq!(acked.len(), 1, "SET {seq} acknowledged once: {acked:?}");
    acked[0]
}

/// A cluster whose leader stored "old" under `KEY`, then was cut off;
/// the other two elected a new leader, which acknowledged "new". The old
/// leader and the new.
fn deposed(variant: Variant, reads: Reads) -> (Sim<Output>, u32, u32) {
    let mut sim = cluster(variant, config(reads));
    sim.run_for(1_000_000);
    let old = set(&mut sim, &[0, 1, 2], 1, b"old");
    sim.isolate(old);
    sim.run_for(1_000_000);
    let others: Vec<u32> = (0..3).filter(|&node| node != old).collect();
    let new = set(&mut sim, &others, 2, b"new");
    assert_ne!(new, old);
    (sim, old, new)
}

#[test]
fn a_deposed_leader_answers_no_read_until_it_learns_it_was_deposed() {
    for variant in Variant::ALL {
        let (mut sim, old, new) = deposed(variant, Reads::Index);
        let from = sim.trace().records().len();
        // The old leader still takes itself for one: it holds the reads
        // (a replica that does not lead would answer `Moved` at once), and
        // answers none, for no majority acknowledges its rounds.
        for seq in 1..=3 {
            give(&mut sim, &[old], 2, seq, Command::Get(KEY.to_vec()));
        }
        sim.run_for(1_000_000);
        assert_eq!(replies(&sim, from, 2), [], "{variant:?}");
        // Healed, it hears the new term, steps down and fails them:
        // nothing was done, ask the leader.
        sim.heal();
        sim.run_for(500_000);
        let failed = replies(&sim, from, 2);
        assert_eq!(failed.len(), 3, "{variant:?}: {failed:?}");
        for (node, _, reply) in failed {
            assert_eq!(node, old);
            assert!(matches!(reply, Reply::Moved(_)), "{variant:?}: {reply:?}");
        }
        let from = sim.trace().records().len();
        give(&mut sim, &[new], 2, 4, Command::Get(KEY.to_vec()));
        sim.run_for(100_000);
        assert_eq!(
            replies(&sim, from, 2),
            [(new, 4, Reply::Value(Some(b"new".to_vec())))],
            "{variant:?}"
        );
    }
}

#[test]
fn a_deposed_leader_answers_no_read_through_the_log_either() {
    for variant in Variant::ALL {
        let (mut sim, old, _) = deposed(variant, Reads::Log);
        let from = sim.trace().records().len();
        give(&mut sim, &[old], 2, 1, Command::Get(KEY.to_vec()));
        sim.run_for(1_000_000);
        sim.heal();
        sim.run_for(500_000);
        // Its entry never commits: the client's wait times out.
        assert_eq!(replies(&sim, from, 2), [], "{variant:?}");
    }
}

/// A cluster that stored "value" under `KEY`, and its leader.
fn stored(variant: Variant, config: KvConfig) -> (Sim<Output>, u32) {
    let mut sim = cluster(variant, config);
    sim.run_for(1_000_000);
    let leader = set(&mut sim, &[0, 1, 2], 1, b"value");
    (sim, leader)
}

/// Gives the leader `count` GETs of `KEY` at once (client 3) and runs
/// until all are answered, in steps of 1 ms; the trace record it started
/// from, and the messages the leader sent meanwhile.
fn read_burst(sim: &mut Sim<Output>, leader: u32, count: u64) -> (usize, usize) {
    let from = sim.trace().records().len();
    for seq in 1..=count {
        give(sim, &[leader], 3, seq, Command::Get(KEY.to_vec()));
    }
    for _ in 0..200 {
        if replies(sim, from, 3).len() as u64 == count {
            break;
        }
        sim.run_for(1_000);
    }
    let replies = replies(sim, from, 3);
    assert_eq!(replies.len() as u64, count, "every GET answered");
    for (node, _, reply) in replies {
        assert_eq!(
            (node, reply),
            (leader, Reply::Value(Some(b"value".to_vec())))
        );
    }
    let sent = sim.trace().records()[from..]
        .iter()
        .filter(|record| record.node == leader && matches!(record.event, Event::Send { .. }))
        .count();
    (from, sent)
}

#[test]
fn reads_take_no_log_entry_and_share_their_rounds() {
    for variant in Variant::ALL {
        let (mut sim, leader) = stored(variant, config(Reads::Index));
        let (from, sent) = read_burst(&mut sim, leader, 100);
        assert_eq!(logged(&sim, from, 3), [] as [u64; 0], "{variant:?}");
        // The first GET starts a round (a `Confirm` to each follower), the
        // other 99 wait for the next; heartbeats may go out meanwhile. One
        // round per read would be 200 messages.
        assert!(sent <= 10, "{variant:?}: the leader sent {sent} messages");
    }
}

#[test]
fn reads_through_the_log_are_log_entries() {
    for variant in Variant::ALL {
        let (mut sim, leader) = stored(variant, config(Reads::Log));
        let (from, _) = read_burst(&mut sim, leader, 10);
        assert_eq!(logged(&sim, from, 3), (1..=10).collect::<Vec<u64>>());
    }
}

#[test]
fn past_max_reads_a_get_goes_through_the_log() {
    let config = config(Reads::Index).with_max_reads(4).expect("a valid cap");
    for variant in Variant::ALL {
        let (mut sim, leader) = stored(variant, config);
        let (from, _) = read_burst(&mut sim, leader, 10);
        // The first 4 wait for their round; the 6 after them find 4 waiting.
        assert_eq!(logged(&sim, from, 3), (5..=10).collect::<Vec<u64>>());
    }
}

/// Counts the pieces of state of one kind a visit shows (the words and
/// flags, or the uncovered pieces); flips the bits `mask` of the
/// `target`-th.
struct Pieces {
    uncovered: bool,
    target: usize,
    mask: u64,
    seen: usize,
}

impl Pieces {
    fn take(&mut self, piece: &mut dyn Flip) {
        if self.seen == self.target {
            piece.flip(self.mask);
        }
        self.seen += 1;
    }
}

impl Visitor for Pieces {
    fn word(&mut self, word: &mut dyn Flip) {
        if !self.uncovered {
            self.take(word);
        }
    }
    fn flag(&mut self, word: &mut dyn Flip) {
        if !self.uncovered {
            self.take(word);
        }
    }
    fn uncovered(&mut self, state: &mut dyn Flip) {
        if self.uncovered {
            self.take(state);
        }
    }
}

/// Shows the encoded replica's state to `visitor`.
fn visit(sim: &mut Sim<Output>, node: u32, visitor: &mut dyn Visitor) {
    sim.with_state(node, |any| {
        any.downcast_mut::<encoded::Raft>()
            .expect("an encoded replica")
            .visit(visitor)
    })
    .expect("the replica is up");
}

/// How many pieces of the kind `uncovered` says the replica's state shows.
fn pieces(sim: &mut Sim<Output>, node: u32, uncovered: bool) -> usize {
    let mut count = Pieces {
        uncovered,
        target: usize::MAX,
        mask: 0,
        seen: 0,
    };
    visit(sim, node, &mut count);
    count.seen
}

/// How a deposed leader's reads wait: for a key it held when they came,
/// for one it did not, or for a key to look up once a write before them
/// is applied.
#[derive(Debug, Clone, Copy)]
enum Waiting {
    Found,
    Missing,
    AfterWrite,
}

/// What of a waiting read a test flips.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// Bit 0 of its `n`-th word or flag.
    Word(usize),
    /// Bit 0 of its `n`-th uncovered piece.
    Uncovered(usize),
    /// Bit 2 of the length of the queue of three reads: four more reads,
    /// made up.
    QueueLength,
}

/// A deposed leader holding three reads of `waiting`'s kind, each showing
/// `per_read` pieces of `target`'s kind, with `target` of the last (or of
/// their queue) flipped, run on: how many faults it reported.
fn flip_a_waiting_read(waiting: Waiting, per_read: usize, target: Target) -> usize {
    let key: &[u8] = match waiting {
        Waiting::Missing => b"absent",
        Waiting::Found | Waiting::AfterWrite => KEY,
    };
    let (mut sim, old, _) = deposed(Variant::Encoded, Reads::Index);
    if let Waiting::AfterWrite = waiting {
        // Cut off, it cannot commit the write.
        give(
            &mut sim,
            &[old],
            2,
            1,
            Command::Set(KEY.to_vec(), b"x".to_vec()),
        );
    }
    let uncovered = !matches!(target, Target::Word(_));
    let before = pieces(&mut sim, old, uncovered);
    for seq in 2..=4 {
        give(&mut sim, &[old], 2, seq, Command::Get(key.to_vec()));
    }
    let held = pieces(&mut sim, old, uncovered);
    assert_eq!(held - before, 3 * per_read, "{waiting:?}: each read shown");
    // The reads are the last of the state; of its uncovered pieces, the
    // length of their queue comes after them.
    let (target, mask) = match target {
        Target::Word(n) => (held - per_read + n, 1),
        Target::Uncovered(n) => (held - 1 - per_read + n, 1),
        Target::QueueLength => (held - 1, 4),
    };
    visit(
        &mut sim,
        old,
        &mut Pieces {
            uncovered,
            target,
            mask,
            seen: 0,
        },
    );
    sim.run_for(50_000);
    sim.trace()
        .records()
        .iter()
        .filter(|r| r.node == old && matches!(r.event, Event::Fault { .. }))
        .count()
}

#[test]
fn the_scrub_checks_the_reads_waiting() {
    let _policy = scoped(Policy::Panic);
    // Each read: its index, round, client and sequence number (`AnU64`s,
    // two 64-bit limbs each), then what it answers with: the tag, and the
    // seal of its key (of the key and the value it found) if it has one.
    for (waiting, per_read) in [
        (Waiting::Found, 4 * 2 + 2),
        (Waiting::Missing, 4 * 2 + 1),
        (Waiting::AfterWrite, 4 * 2 + 2),
    ] {
        each_flip_found(waiting, per_read, Target::Word);
    }
}

/// Flips in turn each of the `per_read` pieces `target` names of a read
/// waiting as `waiting`: the next scrub finds each.
fn each_flip_found(waiting: Waiting, per_read: usize, target: fn(usize) -> Target) {
    for n in 0..per_read {
        assert_eq!(
            flip_a_waiting_read(waiting, per_read, target(n)),
            1,
            "{waiting:?}: {:?} of a read: the next scrub found it",
            target(n)
        );
    }
}

#[test]
fn the_seals_of_the_reads_waiting_cover_their_keys_and_the_values_they_found() {
    let _policy = scoped(Policy::Panic);
    // The bytes of `KEY`, then its length; of a found value ("old"), then
    // its length, then the term, client and sequence number of the SET
    // that stored it.
    for (waiting, per_read) in [
        (Waiting::Found, 3 + 1 + 3 + 1 + 3),
        (Waiting::AfterWrite, 3 + 1),
    ] {
        each_flip_found(waiting, per_read, Target::Uncovered);
    }
}

#[test]
fn a_read_that_a_longer_queue_made_up_stops_the_replica() {
    let _policy = scoped(Policy::Panic);
    for (waiting, per_read) in [
        (Waiting::Found, 3 + 1 + 3 + 1 + 3),
        (Waiting::Missing, 0),
        (Waiting::AfterWrite, 3 + 1),
    ] {
        assert_eq!(
            flip_a_waiting_read(waiting, per_read, Target::QueueLength),
            1,
            "{waiting:?}: the next scrub found a read no client sent"
        );
    }
}

#[test]
fn a_get_sees_a_write_that_came_before_it_while_that_write_waits_to_commit() {
    for variant in Variant::ALL {
        let (mut sim, leader) = stored(variant, config(Reads::Index));
        // The leader's appends are lost for a while (its pipeline to the
        // followers stalls), its read rounds are not.
        let hold = Rc::new(Cell::new(true));
        let held = Rc::clone(&hold);
        sim.set_message_hook(move |info, bytes| {
            if held.get() && info.from == leader && replica::is_append(bytes) {
                bytes.clear();
            }
        });
        let from = sim.trace().records().len();
        // One connection's pipeline: SET, then GET of the same key.
        give(
            &mut sim,
            &[leader],
            4,
            1,
            Command::Set(KEY.to_vec(), b"newer".to_vec()),
        );
        give(&mut sim, &[leader], 4, 2, Command::Get(KEY.to_vec()));
        sim.run_for(30_000);
        assert_eq!(
            replies(&sim, from, 4),
            [],
            "{variant:?}: nothing answered before the SET commits"
        );
        hold.set(false);
        sim.run_for(200_000);
        assert_eq!(
            replies(&sim, from, 4),
            [
                (leader, 1, Reply::Ok),
                (leader, 2, Reply::Value(Some(b"newer".to_vec())))
            ],
            "{variant:?}"
        );
    }
}

/// A replica of term 5 given replica 0's `Confirm` of round 7 in `term`:
/// the term and round of its answer.
fn confirmed(variant: Variant, term: u64) -> (u64, u64) {
    let durable = Durable {
        term: 5,
        ..Durable::default()
    };
    let mut node = replica::replica(variant, Hardening::An, &config(Reads::Index), durable);
    let mut env = Recorder::default();
    node.start(&mut env);
    env.sent.clear();
    let mut bytes = Vec::new();
    match variant {
        Variant::Plain => {
            let confirm = plain::Msg::Confirm {
                term,
                round: 7,
                __tag: Tag::NEW,
            };
            anguard::payload::encode(&confirm, &mut bytes)
        }
        Variant::Encoded => {
            let confirm = encoded::Msg::Confirm {
                term: AnU64::encode(term),
                round: AnU64::encode(7),
                __tag: Tag::NEW,
            };
            anguard::payload::encode(&confirm, &mut bytes)
        }
    }
    .expect("a message serializes");
    node.on_payload(0, &bytes, &mut env);
    let [(0, answer)] = &env.sent[..] else {
        panic!("not one answer to replica 0: {:?}", env.sent);
    };
    match variant {
        Variant::Plain => match anguard::payload::decode(answer).unwrap() {
            plain::Msg::Confirmed { term, round, .. } => (term, round),
            other => panic!("{other:?}"),
        },
        Variant::Encoded => match anguard::payload::decode(answer).unwrap() {
            encoded::Msg::Confirmed { term, round, .. } => (term.into(), round.into()),
            other => panic!("{other:?}"),
        },
    }
}

#[test]
fn a_confirm_of_an_earlier_term_is_acknowledged_as_no_round() {
    for variant in Variant::ALL {
        // Rounds restart each term: were round 7 of term 3 acknowledged,
        // a leader again in a later term would count it for its own 7th.
        assert_eq!(confirmed(variant, 3), (5, 0), "{variant:?}");
        assert_eq!(confirmed(variant, 5), (5, 7), "{variant:?}");
        assert_eq!(confirmed(variant, 6), (6, 7), "{variant:?}");
    }
}
