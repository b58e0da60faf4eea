//! The seals over what the AN code cannot encode: a byte flipped in a
//! stored value, or in a log entry, of an encoded replica is detected (by
//! the read that would return it, or by the state scrub after the next
//! event); the plain replica answers with the corrupted value.

use anguard::fault::{Policy, scoped};
use anguard::sim::{Event, Sim, SimConfig};
use anguard::state::{Flip, State, Visitor};
use anguard::{Adapter, AnU32, Node};
use anguard_protocols::kv::durable::Output;
use anguard_protocols::kv::raft::{encoded, plain};
use anguard_protocols::kv::{Command, Effect, KvConfig, Reply, Request};

const KEY: &[u8] = b"sealed-key";
const VALUE: &[u8] = b"sealed-value";

/// Three replicas of `encoded` or plain, scrubbing their state after each
/// event or not.
fn cluster(encoded: bool, scrub: bool) -> Sim<Output> {
    let config = KvConfig::with_heartbeat(3, 10).expect("a valid configuration");
    let sim = SimConfig {
        seed: 7,
        ..SimConfig::default()
    };
    Sim::new(sim, move |_| -> Box<dyn Node<Output>> {
        match (encoded, scrub) {
            (true, true) => {
                Box::new(Adapter::<AnU32, _>::scrubbing(encoded::Raft::new(&config)).with_inputs())
            }
            (true, false) => {
                Box::new(Adapter::<AnU32, _>::new(encoded::Raft::new(&config)).with_inputs())
            }
            (false, _) => {
                Box::new(Adapter::<u32, _>::scrubbing(plain::Raft::new(&config)).with_inputs())
            }
        }
    })
}

/// Gives every replica request `seq` of client 1; returns who answered it
/// (not `Moved`) and how, after 200 ms.
fn ask(sim: &mut Sim<Output>, seq: u64, command: Command) -> Option<(u32, Reply)> {
    let request = Request {
        client: 1,
        seq,
        command,
    };
    let mut bytes = Vec::new();
    anguard::payload::encode(&request, &mut bytes).expect("a request serializes");
    let from = sim.trace().records().len();
    for node in 0..3 {
        sim.input(node, &bytes);
    }
    sim.run_for(200_000);
    sim.trace().records()[from..]
        .iter()
        .find_map(|record| match &record.event {
            Event::Report {
                output: Some(Effect::Reply { seq: s, reply, .. }),
            } if *s == seq && !matches!(reply, Reply::Moved(_)) => {
                Some((record.node, reply.clone()))
            }
            _ => None,
        })
}

/// Flips bit 0 of the last of a run of uncovered bytes equal to `bytes`
/// (the store shows a value's bytes; a log entry shows only lengths).
struct FlipRun<'a> {
    bytes: &'a [u8],
    seen: Vec<u8>,
    flipped: bool,
}

/// Flips bit 0 of an uncovered length equal to `len` that follows one
/// equal to `after`: the value's length in a log entry's SET.
struct FlipLength {
    after: u64,
    len: u64,
    previous: Option<u64>,
    flipped: bool,
}

impl Visitor for FlipRun<'_> {
    fn word(&mut self, _: &mut dyn Flip) {
        self.seen.clear();
    }
    fn uncovered(&mut self, state: &mut dyn Flip) {
        if self.flipped {
            return;
        }
        if state.width() != 8 {
            self.seen.clear();
            return;
        }
        self.seen.push(state.bits() as u8);
        if !self.bytes.starts_with(&self.seen) {
            self.seen = vec![state.bits() as u8];
            if !self.bytes.starts_with(&self.seen) {
                self.seen.clear();
            }
        }
        if self.seen == self.bytes {
            state.flip(1);
            self.flipped = true;
        }
    }
}

impl Visitor for FlipLength {
    fn word(&mut self, _: &mut dyn Flip) {
        self.previous = None;
    }
    fn uncovered(&mut self, state: &mut dyn Flip) {
        if !self.flipped && state.width() == 8 {
            if self.previous == Some(self.after) && state.bits() == self.len {
                state.flip(1);
                self.flipped = true;
            }
            self.previous = Some(state.bits());
        } else {
            self.previous = None;
        }
    }
}

/// A cluster that stored `VALUE` under `KEY`; its leader.
fn stored(encoded: bool, scrub: bool) -> (Sim<Output>, u32) {
    let mut sim = cluster(encoded, scrub);
    sim.run_for(1_000_000);
    let set = Command::Set(KEY.to_vec(), VALUE.to_vec());
    let (leader, reply) = ask(&mut sim, 1, set).expect("the SET is answered");
    assert_eq!(reply, Reply::Ok);
    (sim, leader)
}

/// Strikes the leader's state with `visitor`.
fn strike(sim: &mut Sim<Output>, leader: u32, encoded: bool, visitor: &mut dyn Visitor) {
    sim.with_state(leader, |any| match encoded {
        true => any.downcast_mut::<encoded::Raft>().unwrap().visit(visitor),
        false => any.downcast_mut::<plain::Raft>().unwrap().visit(visitor),
    })
    .expect("the leader is up");
}

fn faults(sim: &Sim<Output>, node: u32) -> usize {
    sim.trace()
        .records()
        .iter()
        .filter(|r| r.node == node && matches!(r.event, Event::Fault { .. }))
        .count()
}

fn flip_value_byte(sim: &mut Sim<Output>, leader: u32, encoded: bool) {
    let mut flip = FlipRun {
        bytes: VALUE,
        seen: Vec::new(),
        flipped: false,
    };
    strike(sim, leader, encoded, &mut flip);
    assert!(flip.flipped, "the store shows the value's bytes");
}

#[test]
fn a_flipped_value_byte_is_detected_by_the_read() {
    let _policy = scoped(Policy::Panic);
    let (mut sim, leader) = stored(true, false);
    flip_value_byte(&mut sim, leader, true);
    // No scrub: nothing looks at the value until the GET reads it.
    let get = ask(&mut sim, 2, Command::Get(KEY.to_vec()));
    assert_eq!(faults(&sim, leader), 1, "the read found the broken seal");
    assert!(
        get.is_none_or(|(node, _)| node != leader),
        "the leader did not answer"
    );
}

#[test]
fn a_flipped_value_byte_is_detected_by_the_scrub() {
    let _policy = scoped(Policy::Panic);
    let (mut sim, leader) = stored(true, true);
    flip_value_byte(&mut sim, leader, true);
    sim.run_for(50_000);
    assert_eq!(faults(&sim, leader), 1, "the next event's scrub found it");
}

#[test]
fn a_flipped_value_byte_is_read_back_by_the_plain_build() {
    let (mut sim, leader) = stored(false, true);
    flip_value_byte(&mut sim, leader, false);
    let (node, reply) = ask(&mut sim, 2, Command::Get(KEY.to_vec())).expect("answered");
    let mut wrong = VALUE.to_vec();
    *wrong.last_mut().unwrap() ^= 1;
    assert_eq!((node, reply), (leader, Reply::Value(Some(wrong))));
    assert_eq!(faults(&sim, leader), 0);
}

#[test]
fn a_flipped_log_entry_is_detected() {
    for scrub in [false, true] {
        let _policy = scoped(Policy::Panic);
        let (mut sim, leader) = stored(true, scrub);
        let mut flip = FlipLength {
            after: KEY.len() as u64,
            len: VALUE.len() as u64,
            previous: None,
            flipped: false,
        };
        strike(&mut sim, leader, true, &mut flip);
        assert!(flip.flipped, "the log shows the SET's lengths");
        // A new leader's entry makes the leader read its log: the term of
        // the entry before, for the append it sends.
        ask(&mut sim, 2, Command::Incr(b"counter".to_vec()));
        assert_eq!(faults(&sim, leader), 1, "scrub: {scrub}");
    }
}
