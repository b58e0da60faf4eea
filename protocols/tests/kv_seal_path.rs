//! A leader sends a new log entry under its seal without checking it; a
//! follower checks each entry as it takes the append. An entry corrupted in
//! the leader's memory after it was appended is dropped with the append
//! that carries it (nothing of it persisted or acknowledged); the leader
//! stops when the follower's refusal makes it go back to send it again, or
//! at the scrub.

mod by_hand;

use anguard::an::Tag;
use anguard::fault::{Fault, Policy, scoped};
use anguard::node::{AlarmId, Discard, Node};
use anguard::state::{Flip, SCRUB_WINDOW, State, Visitor};
use anguard::{Adapter, AnU32};
use anguard_protocols::kv::raft::{encoded, plain};
use anguard_protocols::kv::{Command, Durable, Effect, Entry, KvConfig, Record, Request};
use by_hand::Recorder;

/// Entries in the leader's log before it is elected; the no-op it appends
/// when elected is the next, and a client's SET the one after.
const ENTRIES: u64 = 8;
const SET_INDEX: u64 = ENTRIES + 2;

type Replica = Adapter<AnU32, encoded::Raft>;

fn config() -> KvConfig {
    KvConfig::with_heartbeat(3, 10).expect("a valid configuration")
}

fn bytes<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    anguard::payload::encode(value, &mut bytes).expect("it serializes");
    bytes
}

/// A log of `ENTRIES` SETs of term 1.
fn durable() -> Durable {
    let log = (0..ENTRIES)
        .map(|seq| Entry {
            term: 1,
            request: Some(set(seq)),
        })
        .collect();
    Durable {
        term: 1,
        log,
        ..Durable::default()
    }
}

fn set(seq: u64) -> Request {
    set_to(seq, b"value")
}

fn set_to(seq: u64, value: &[u8]) -> Request {
    Request {
        client: 1,
        seq,
        command: Command::Set(format!("key-{seq}").into_bytes(), value.to_vec()),
    }
}

/// The new SET's value: of a length no other key or value has.
const NEW_VALUE: &[u8] = b"the new value";

/// Replica 0's answer to the leader of term 2: its log matches up to
/// `index` (`success`), or holds nothing that does.
fn answer(success: bool, index: u64) -> Vec<u8> {
    bytes(&encoded::Msg::AppendReply {
        term: 2u64.into(),
        success: success.into(),
        index: index.into(),
        __tag: Tag::NEW,
    })
}

/// Flips bit 0 of the length of the first byte vector `len` long: the new
/// SET's value in the log (the store holds nothing yet).
struct FlipLength {
    len: u64,
    flipped: bool,
}

impl Visitor for FlipLength {
    fn word(&mut self, _: &mut dyn Flip) {}
    fn uncovered(&mut self, state: &mut dyn Flip) {
        if !self.flipped && state.width() == 8 && state.bits() == self.len {
            state.flip(1);
            self.flipped = true;
        }
    }
}

/// Replica 1, elected in term 2 by replica 0's vote, checking its state
/// only when asked: its first append to replica 0 is a heartbeat after its
/// log; its no-op and a client's SET wait for the answer. With `flip`, the
/// SET is corrupted then. Replica 0 answers that its log matches, and the
/// no-op and the SET go to it. The leader, and its two appends to replica
/// 0: the heartbeat, and the no-op's and the SET's.
fn leader_sends_a_new_entry(flip: bool) -> (Replica, [Vec<u8>; 2]) {
    let raft = encoded::Raft::recover(&config(), durable());
    let mut leader = Adapter::<AnU32, _>::scrubbing(raft)
        .with_inputs()
        .scrub_on_demand();
    let mut wire = Recorder::keeping_discards(1);
    leader.start(&mut wire);
    leader.on_alarm(AlarmId::encoded(AnU32::encode(plain::ELECTION)), &mut wire);
    let vote = encoded::Msg::VoteReply {
        term: 2u64.into(),
        granted: true.into(),
        __tag: Tag::NEW,
    };
    wire.sent.clear();
    leader.on_payload(0, &bytes(&vote), &mut wire);
    let heartbeat = to_replica_0(&mut wire);
    leader.on_input(&bytes(&set_to(ENTRIES, NEW_VALUE)), &mut wire);
    assert!(
        wire.sent.is_empty(),
        "the SET waits for the heartbeat's answer"
    );
    if flip {
        let state = leader.state_mut().downcast_mut::<encoded::Raft>().unwrap();
        let mut corrupt = FlipLength {
            len: NEW_VALUE.len() as u64,
            flipped: false,
        };
        state.visit(&mut corrupt);
        assert!(corrupt.flipped, "the log shows the SET's value");
    }
    leader.on_payload(0, &answer(true, ENTRIES), &mut wire);
    assert!(wire.discarded.is_empty(), "{:?}", wire.discarded);
    let entries = to_replica_0(&mut wire);
    (leader, [heartbeat, entries])
}

/// The one message `wire` holds to replica 0 (the others are to replica 2).
fn to_replica_0(wire: &mut Recorder) -> Vec<u8> {
    let mut to_0: Vec<Vec<u8>> = wire
        .sent
        .drain(..)
        .filter(|(to, _)| *to == 0)
        .map(|(_, message)| message)
        .collect();
    assert_eq!(to_0.len(), 1, "one message to replica 0");
    to_0.remove(0)
}

/// Replica 0, holding what the leader held before its term, given the
/// heartbeat from replica 1, then the append of the no-op and the SET:
/// what the latter did.
fn follower_takes([heartbeat, entries]: &[Vec<u8>; 2]) -> Recorder {
    let raft = encoded::Raft::recover(&config(), durable());
    let mut follower = Adapter::<AnU32, _>::scrubbing(raft);
    follower.start(&mut Recorder::keeping_discards(0));
    let mut took_heartbeat = Recorder::keeping_discards(0);
    follower.on_payload(1, heartbeat, &mut took_heartbeat);
    assert!(took_heartbeat.discarded.is_empty());
    assert_eq!(took_heartbeat.sent.len(), 1, "its log matches");
    let mut wire = Recorder::keeping_discards(0);
    follower.on_payload(1, entries, &mut wire);
    wire
}

/// The entries `wire`'s replica persisted.
fn persisted(wire: &Recorder) -> usize {
    wire.reports
        .iter()
        .map(|report| match report {
            Some(Effect::Persist(Record::Entries { entries, .. })) => entries.len(),
            _ => 0,
        })
        .sum()
}

/// Whether `f` stopped on a fault (and not on another panic).
fn faults(f: impl FnOnce()) -> bool {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    if let Err(payload) = &outcome {
        assert!(payload.is::<Fault>(), "a fault, not another panic");
    }
    outcome.is_err()
}

#[test]
fn a_follower_takes_an_intact_new_entry() {
    let _policy = scoped(Policy::Panic);
    let (_, appends) = leader_sends_a_new_entry(false);
    let wire = follower_takes(&appends);
    assert!(wire.discarded.is_empty(), "{:?}", wire.discarded);
    assert_eq!(persisted(&wire), 2, "the no-op and the SET");
    assert_eq!(wire.sent.len(), 1, "an acknowledgement");
}

#[test]
fn a_corrupted_new_entry_goes_out_unchecked_and_its_append_is_dropped() {
    let _policy = scoped(Policy::Panic);
    let (_, appends) = leader_sends_a_new_entry(true);
    let wire = follower_takes(&appends);
    assert_eq!(wire.discarded, [Discard::Incoming]);
    assert_eq!(persisted(&wire), 0);
    assert!(wire.sent.is_empty(), "nothing acknowledged");
}

#[test]
fn the_leader_checks_what_it_goes_back_to_send() {
    let _policy = scoped(Policy::Panic);
    // Intact: sent again from what the leader knows replica 0 holds.
    let (mut leader, _) = leader_sends_a_new_entry(false);
    let mut wire = Recorder::keeping_discards(1);
    assert!(!faults(|| leader.on_payload(
        0,
        &answer(false, 0),
        &mut wire
    )));
    assert_eq!(wire.sent.len(), 1, "the log again");
    // Corrupted: the follower refuses what comes after; the leader stops.
    let (mut leader, _) = leader_sends_a_new_entry(true);
    let mut wire = Recorder::keeping_discards(1);
    assert!(faults(|| leader.on_payload(
        0,
        &answer(false, 0),
        &mut wire
    )));
    assert!(wire.sent.is_empty(), "nothing sent again");
}

#[test]
fn the_leader_checks_what_it_goes_back_to_send_a_silent_follower() {
    let _policy = scoped(Policy::Panic);
    let heartbeat = AlarmId::encoded(AnU32::encode(plain::HEARTBEAT));
    // A heartbeat later, replica 0 has not answered the SET's append.
    let later = |leader: &mut Replica| {
        let mut wire = Recorder::keeping_discards(1);
        wire.now_ms = config().heartbeat_ms();
        let stopped = faults(|| leader.on_alarm(heartbeat, &mut wire));
        (stopped, wire.sent.len())
    };
    let (mut intact, _) = leader_sends_a_new_entry(false);
    let (stopped, sent) = later(&mut intact);
    assert!(!stopped);
    assert!(sent >= 2, "the SET again, and to replica 2: {sent}");
    let (mut corrupted, _) = leader_sends_a_new_entry(true);
    assert_eq!(later(&mut corrupted), (true, 0), "stopped before sending");
}

#[test]
fn the_leader_scrub_finds_the_corrupted_entry_within_the_window_bound() {
    let _policy = scoped(Policy::Panic);
    let (mut leader, _) = leader_sends_a_new_entry(true);
    // An election alarm, which a leader ignores: an event that reads
    // nothing of the log, so that only the scrub can find the entry.
    let ignored = AlarmId::encoded(AnU32::encode(plain::ELECTION));
    let bound = (SET_INDEX as usize).div_ceil(SCRUB_WINDOW);
    let found = (0..bound).position(|_| {
        leader.on_alarm(ignored, &mut Recorder::keeping_discards(1));
        faults(|| leader.scrub())
    });
    assert!(found.is_some(), "found within {bound} scrubs");
}
