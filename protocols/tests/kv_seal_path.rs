//! A leader sends its log entries under their seals without checking them
//! the first time; a follower checks each as it takes the append. An entry
//! corrupted in the leader's memory is dropped with the append that carries
//! it (nothing of it persisted or acknowledged); the leader stops when it
//! would send the entry again, or at its next scrub.

use anguard::an::Tag;
use anguard::fault::{Fault, Policy, scoped};
use anguard::node::{AlarmId, Discard, Env, Node};
use anguard::state::{Flip, State, Visitor};
use anguard::{Adapter, AnU32};
use anguard_protocols::kv::durable::Output;
use anguard_protocols::kv::raft::{encoded, plain};
use anguard_protocols::kv::{Command, Durable, Effect, Entry, KvConfig, Record, Request};

/// Entries in the leader's log before it is elected.
const ENTRIES: u64 = 8;

type Replica = Adapter<AnU32, encoded::Raft>;

fn config() -> KvConfig {
    KvConfig::with_heartbeat(3, 10).expect("a valid configuration")
}

/// Replica `me` of 3 at time 0: what it sent, reported and discarded.
struct Wire {
    me: u32,
    sent: Vec<(u32, Vec<u8>)>,
    reports: Vec<Output>,
    discarded: Vec<Discard>,
}

impl Wire {
    fn new(me: u32) -> Self {
        Wire {
            me,
            sent: Vec::new(),
            reports: Vec::new(),
            discarded: Vec::new(),
        }
    }
}

impl Env<Output> for Wire {
    fn send(&mut self, dst: u32, payload: &[u8]) {
        self.sent.push((dst, payload.to_vec()));
    }
    fn set_alarm(&mut self, _: AlarmId, _: u32) {}
    fn cancel_alarm(&mut self, _: AlarmId) {}
    fn now_ms(&self) -> u32 {
        0
    }
    fn me(&self) -> u32 {
        self.me
    }
    fn n(&self) -> u32 {
        3
    }
    fn report(&mut self, output: Output) {
        self.reports.push(output);
    }
    fn discard(&mut self, why: Discard) {
        self.discarded.push(why);
    }
}

fn bytes(msg: &encoded::Msg) -> Vec<u8> {
    let mut bytes = Vec::new();
    anguard::payload::encode(msg, &mut bytes).expect("a message serializes");
    bytes
}

/// A log of `ENTRIES` SETs of term 1.
fn durable() -> Durable {
    let log = (0..ENTRIES)
        .map(|seq| Entry {
            term: 1,
            request: Some(Request {
                client: 1,
                seq,
                command: Command::Set(format!("key-{seq}").into_bytes(), b"value".to_vec()),
            }),
        })
        .collect();
    Durable {
        term: 1,
        log,
        ..Durable::default()
    }
}

/// Flips bit 0 of the first uncovered piece that is not a 64-bit integer:
/// the first entry's key.
struct FlipFirstBytes {
    flipped: bool,
}

impl Visitor for FlipFirstBytes {
    fn word(&mut self, _: &mut dyn Flip) {}
    fn uncovered(&mut self, state: &mut dyn Flip) {
        if !self.flipped && state.width() != 64 {
            state.flip(1);
            self.flipped = true;
        }
    }
}

/// Replica 0's answer that its log holds nothing.
fn holds_nothing() -> Vec<u8> {
    bytes(&encoded::Msg::AppendReply {
        term: 2u64.into(),
        success: false.into(),
        index: 0u64.into(),
        __tag: Tag::NEW,
    })
}

/// Replica 1, elected in term 2 by replica 0's vote, checking its state
/// only when asked; with `flip`, the first entry of its log corrupted.
/// Then replica 0 answers that its log holds nothing: the leader sends it
/// every entry (the log is shorter than an append's `max_batch`). The
/// leader, and the append it sent replica 0.
fn leader_sends_its_log(flip: bool) -> (Replica, Vec<u8>) {
    let raft = encoded::Raft::recover(&config(), durable());
    let mut leader = Adapter::<AnU32, _>::scrubbing(raft).scrub_on_demand();
    let mut wire = Wire::new(1);
    leader.start(&mut wire);
    leader.on_alarm(AlarmId::encoded(AnU32::encode(plain::ELECTION)), &mut wire);
    let vote = encoded::Msg::VoteReply {
        term: 2u64.into(),
        granted: true.into(),
        __tag: Tag::NEW,
    };
    leader.on_payload(0, &bytes(&vote), &mut wire);
    if flip {
        let state = leader.state_mut().downcast_mut::<encoded::Raft>().unwrap();
        let mut corrupt = FlipFirstBytes { flipped: false };
        state.visit(&mut corrupt);
        assert!(corrupt.flipped);
    }
    wire.sent.clear();
    leader.on_payload(0, &holds_nothing(), &mut wire);
    assert!(wire.discarded.is_empty(), "{:?}", wire.discarded);
    let (to, append) = wire.sent.pop().expect("an append to replica 0");
    assert_eq!(to, 0);
    (leader, append)
}

/// Replica 0, empty, given `append` from replica 1.
fn follower_takes(append: &[u8]) -> Wire {
    let raft = encoded::Raft::recover(&config(), Durable::default());
    let mut follower = Adapter::<AnU32, _>::scrubbing(raft);
    let mut wire = Wire::new(0);
    follower.start(&mut wire);
    follower.on_payload(1, append, &mut wire);
    wire
}

/// The entries `wire`'s replica persisted.
fn persisted(wire: &Wire) -> usize {
    wire.reports
        .iter()
        .map(|report| match report {
            Some(Effect::Persist(Record::Entries { entries, .. })) => entries.len(),
            _ => 0,
        })
        .sum()
}

#[test]
fn a_follower_takes_an_intact_append_of_the_whole_log() {
    let _policy = scoped(Policy::Panic);
    let (_, append) = leader_sends_its_log(false);
    let wire = follower_takes(&append);
    assert!(wire.discarded.is_empty(), "{:?}", wire.discarded);
    assert_eq!(
        persisted(&wire),
        ENTRIES as usize + 1,
        "the log and the no-op"
    );
    assert_eq!(wire.sent.len(), 1, "an acknowledgement");
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
fn a_corrupted_entry_goes_out_unchecked_and_its_append_is_dropped() {
    let _policy = scoped(Policy::Panic);
    let (_, append) = leader_sends_its_log(true);
    let wire = follower_takes(&append);
    assert_eq!(wire.discarded, [Discard::Incoming]);
    assert_eq!(persisted(&wire), 0);
    assert!(wire.sent.is_empty(), "nothing acknowledged");
}

#[test]
fn the_leader_checks_what_it_sends_again() {
    let _policy = scoped(Policy::Panic);
    // Intact: sent again as often as asked.
    let (mut leader, _) = leader_sends_its_log(false);
    let mut wire = Wire::new(1);
    assert!(!faults(|| leader.on_payload(
        0,
        &holds_nothing(),
        &mut wire
    )));
    assert_eq!(wire.sent.len(), 1, "the log again");
    // Corrupted: the follower dropped it and asks again; the leader stops.
    let (mut leader, _) = leader_sends_its_log(true);
    let mut wire = Wire::new(1);
    assert!(faults(|| leader.on_payload(0, &holds_nothing(), &mut wire)));
    assert!(wire.sent.is_empty(), "nothing sent again");
}

#[test]
fn the_leader_scrub_finds_the_corrupted_entry_in_its_first_window() {
    let _policy = scoped(Policy::Panic);
    let (mut leader, _) = leader_sends_its_log(true);
    let heartbeat = AlarmId::encoded(AnU32::encode(plain::HEARTBEAT));
    leader.on_alarm(heartbeat, &mut Wire::new(1));
    assert!(
        faults(|| leader.scrub()),
        "the first entry is in the first window"
    );
}
