//! The encoded wrapper discards every kind of corrupted word and passes valid
//! ones; the plain adapter passes everything through.

use anguard::inject::Flip;
use anguard::node::{AlarmId, Discard, Env};
use anguard::{Adapter, AnU32, Io, Node, Protocol, node_for, payload};
use serde::{Deserialize, Serialize};

/// A driver that records what the node asked for.
#[derive(Debug, Default)]
struct Recorder {
    sent: Vec<(u32, Vec<u8>)>,
    alarms: Vec<(AlarmId, u32)>,
    cancelled: Vec<AlarmId>,
    reports: Vec<Option<u32>>,
    discards: Vec<Discard>,
}

impl Env for Recorder {
    fn send(&mut self, dst: u32, payload: &[u8]) {
        self.sent.push((dst, payload.to_vec()));
    }
    fn set_alarm(&mut self, id: AlarmId, at_ms: u32) {
        self.alarms.push((id, at_ms));
    }
    fn cancel_alarm(&mut self, id: AlarmId) {
        self.cancelled.push(id);
    }
    fn now_ms(&self) -> u32 {
        1000
    }
    fn me(&self) -> u32 {
        1
    }
    fn n(&self) -> u32 {
        3
    }
    fn report(&mut self, leader: Option<u32>) {
        self.reports.push(leader);
    }
    fn discard(&mut self, why: Discard) {
        self.discards.push(why);
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Msg<W> {
    a: W,
    b: W,
}

/// What the test protocol does on each message: a command in the message.
const SEND: u32 = 1;
const ALARM: u32 = 2;
const CANCEL: u32 = 3;
const REPORT: u32 = 4;

/// On a message `{a: command, b: arg}` performs the command, with the word
/// `arg` corrupted by `bad` (an XOR mask) where the test says; on an alarm
/// records its id.
struct Puppet {
    bad: Option<u64>,
    got: Vec<(u32, u32)>,
    fired: Vec<u32>,
}

impl Puppet {
    fn word(&self, x: u32) -> AnU32 {
        match self.bad {
            Some(mask) => {
                let mut word = AnU32::encode(x);
                word.flip(mask);
                word
            }
            None => AnU32::encode(x),
        }
    }
}

impl Protocol<AnU32> for Puppet {
    type Msg = Msg<AnU32>;
    type Output = Option<AnU32>;
    fn start(&mut self, _io: &mut dyn Io<AnU32, Self>) {}
    fn on_message(&mut self, _from: AnU32, msg: Self::Msg, io: &mut dyn Io<AnU32, Self>) {
        let (cmd, arg) = (msg.a.decode(), msg.b.decode());
        self.got.push((cmd, arg));
        let ok = AnU32::encode(arg);
        match cmd {
            SEND => io.send(
                ok,
                Msg {
                    a: ok,
                    b: self.word(arg),
                },
            ),
            5 => io.send(self.word(arg), Msg { a: ok, b: ok }),
            ALARM => io.set_alarm(self.word(arg), io.now() + ok),
            6 => io.set_alarm(ok, self.word(arg)),
            CANCEL => io.cancel_alarm(self.word(arg)),
            REPORT => io.report(Some(self.word(arg))),
            _ => {}
        }
    }
    fn on_alarm(&mut self, id: AnU32, _io: &mut dyn Io<AnU32, Self>) {
        self.fired.push(id.decode());
    }
}

fn encoded(cmd: u32, arg: u32) -> Vec<u8> {
    let mut buf = Vec::new();
    let msg = Msg {
        a: AnU32::encode(cmd),
        b: AnU32::encode(arg),
    };
    payload::encode(&msg, &mut buf).unwrap();
    buf
}

/// Runs one command, valid or with a corrupted word; returns the driver.
fn run(cmd: u32, corrupt: bool) -> Recorder {
    let bad = corrupt.then_some(0x10);
    let mut node = node_for(Puppet {
        bad,
        got: vec![],
        fired: vec![],
    });
    let mut env = Recorder::default();
    node.start(&mut env);
    node.on_payload(0, &encoded(cmd, 2), &mut env);
    env
}

#[test]
fn valid_words_pass() {
    let env = run(SEND, false);
    assert_eq!(env.sent.len(), 1);
    assert_eq!(env.sent[0].0, 2);
    assert_eq!(env.sent[0].1.len(), 16, "two encoded words of 8 bytes");
    let env = run(ALARM, false);
    assert_eq!(env.alarms, vec![(AlarmId::encoded(AnU32::encode(2)), 1002)]);
    assert_eq!(env.alarms[0].0.value(), Some(2));
    let env = run(CANCEL, false);
    assert_eq!(env.cancelled, vec![AlarmId::encoded(AnU32::encode(2))]);
    let env = run(REPORT, false);
    assert_eq!(env.reports, vec![Some(2)]);
    for cmd in [SEND, 5, ALARM, 6, CANCEL, REPORT] {
        assert!(run(cmd, false).discards.is_empty());
    }
}

#[test]
fn corrupted_outgoing_words_are_discarded() {
    let cases = [
        (SEND, Discard::Outgoing),
        (5, Discard::Destination),
        (ALARM, Discard::AlarmSet),
        (6, Discard::AlarmSet),
        (CANCEL, Discard::AlarmSet),
        (REPORT, Discard::Report),
    ];
    for (cmd, why) in cases {
        let env = run(cmd, true);
        assert_eq!(env.discards, vec![why], "command {cmd}");
        assert!(env.sent.is_empty() && env.alarms.is_empty());
        assert!(env.cancelled.is_empty() && env.reports.is_empty());
    }
}

#[test]
fn corrupted_incoming_message_is_discarded() {
    let good = encoded(REPORT, 2);
    for bit in 0..good.len() * 8 {
        let mut bad = good.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        let mut node = node_for(Puppet {
            bad: None,
            got: vec![],
            fired: vec![],
        });
        let mut env = Recorder::default();
        node.on_payload(0, &bad, &mut env);
        assert_eq!(env.discards, vec![Discard::Incoming], "bit {bit}");
        assert!(env.reports.is_empty());
    }
    // Truncated and padded payloads too.
    let mut node = node_for(Puppet {
        bad: None,
        got: vec![],
        fired: vec![],
    });
    let mut env = Recorder::default();
    node.on_payload(0, &good[..good.len() - 1], &mut env);
    let mut long = good.clone();
    long.push(0);
    node.on_payload(0, &long, &mut env);
    assert_eq!(env.discards, vec![Discard::Incoming; 2]);
}

#[test]
fn corrupted_alarm_id_is_discarded_when_it_fires() {
    let mut node = node_for(Puppet {
        bad: None,
        got: vec![],
        fired: vec![],
    });
    let mut env = Recorder::default();
    let id = AlarmId::encoded(AnU32::encode(9));
    node.on_alarm(id, &mut env);
    assert!(env.discards.is_empty());
    for bit in 0..64 {
        let bad = AlarmId {
            bits: id.bits ^ (1 << bit),
            ..id
        };
        assert_eq!(bad.value(), None);
        node.on_alarm(bad, &mut env);
    }
    assert_eq!(env.discards, vec![Discard::AlarmFired; 64]);
    let puppet = node.state_mut().downcast_mut::<Puppet>().unwrap();
    assert_eq!(puppet.fired, vec![9]);
}

/// The plain adapter: no wrapper, corrupted values go through unnoticed.
struct PlainPuppet(Vec<u32>);

impl Protocol<u32> for PlainPuppet {
    type Msg = Msg<u32>;
    type Output = Option<u32>;
    fn start(&mut self, io: &mut dyn Io<u32, Self>) {
        io.set_alarm(7, io.now() + 5);
        io.send(2, Msg { a: 1, b: 2 });
    }
    fn on_message(&mut self, _from: u32, msg: Self::Msg, io: &mut dyn Io<u32, Self>) {
        io.report(Some(msg.b));
    }
    fn on_alarm(&mut self, id: u32, _io: &mut dyn Io<u32, Self>) {
        self.0.push(id);
    }
}

#[test]
fn plain_node_passes_everything_through() {
    let mut node = node_for(PlainPuppet(vec![]));
    assert!(!node.encoded());
    let mut env = Recorder::default();
    node.start(&mut env);
    assert_eq!(env.alarms, vec![(AlarmId::plain(7), 1005)]);
    assert_eq!(env.sent[0].0, 2);
    let mut bytes = env.sent[0].1.clone();
    assert_eq!(bytes.len(), 8, "two plain words of 4 bytes");
    bytes[4] ^= 1;
    node.on_payload(0, &bytes, &mut env);
    assert_eq!(env.reports, vec![Some(3)]);
    node.on_alarm(AlarmId::plain(7 ^ 4), &mut env);
    assert!(env.discards.is_empty());
    let puppet = node.state_mut().downcast_mut::<PlainPuppet>().unwrap();
    assert_eq!(puppet.0, vec![3]);
}

/// State a scrubbing wrapper checks: a word and a vector sized by a word.
#[derive(Debug)]
struct Tally<W> {
    count: W,
    n: W,
    slots: Vec<W>,
}

impl<W: anguard::Word + Default> Tally<W> {
    fn new() -> Self {
        Self {
            count: W::from_u32(0),
            n: W::from_u32(3),
            slots: vec![W::default(); 3],
        }
    }
}

impl<W: anguard::Word + Flip + Default> anguard::inject::State for Tally<W> {
    fn visit(&mut self, v: &mut dyn anguard::inject::Visitor) {
        v.word(&mut self.count);
        v.word(&mut self.n);
        for slot in &mut self.slots {
            v.word(slot);
        }
        v.sized(&mut self.slots, &self.n);
    }
}

impl<W: anguard::Word> Protocol<W> for Tally<W> {
    type Msg = ();
    type Output = Option<W>;
    fn start(&mut self, _io: &mut dyn Io<W, Self>) {}
    fn on_message(&mut self, _from: W, _msg: (), _io: &mut dyn Io<W, Self>) {}
    fn on_alarm(&mut self, _id: W, _io: &mut dyn Io<W, Self>) {}
}

/// Whether the next event on `node` stops it with a `Fault`.
fn next_event_faults(node: &mut dyn anguard::Node) -> bool {
    let caught = anguard::fault::with_policy(anguard::fault::Policy::Panic, || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            node.on_alarm(AlarmId::encoded(AnU32::ZERO), &mut Recorder::default());
        }))
    });
    matches!(caught, Err(payload) if payload.is::<anguard::fault::Fault>())
}

fn scrubbed() -> Box<dyn anguard::Node> {
    anguard::scrubbed_node_for::<AnU32, _>(Tally::<AnU32>::new())
}

fn state(node: &mut dyn anguard::Node) -> &mut Tally<AnU32> {
    node.state_mut().downcast_mut().expect("a Tally")
}

#[test]
fn the_scrub_catches_a_word_no_handler_reads() {
    let mut node = scrubbed();
    assert!(!next_event_faults(&mut *node), "a clean state passes");
    state(&mut *node).slots[2].flip(1 << 40);
    assert!(next_event_faults(&mut *node));
}

#[test]
fn the_scrub_catches_a_vector_of_the_wrong_length() {
    for len in [0, 2, 4, 200] {
        let mut node = scrubbed();
        state(&mut *node).slots.resize(len, AnU32::ZERO);
        assert!(next_event_faults(&mut *node), "length {len}");
    }
}

#[test]
fn without_a_scrub_a_latent_corruption_stays_unnoticed() {
    let mut node = node_for::<AnU32, _>(Tally::<AnU32>::new());
    node.state_mut()
        .downcast_mut::<Tally<AnU32>>()
        .expect("a Tally")
        .slots[2]
        .flip(1 << 40);
    assert!(!next_event_faults(&mut *node));
}

/// Whether `f` stops with a `Fault`.
fn faults(f: impl FnOnce()) -> bool {
    let caught = anguard::fault::with_policy(anguard::fault::Policy::Panic, || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
    });
    matches!(caught, Err(payload) if payload.is::<anguard::fault::Fault>())
}

#[test]
fn a_scrub_on_demand_checks_when_the_driver_asks_after_an_event() {
    let mut node = Adapter::<AnU32, _>::scrubbing(Tally::<AnU32>::new()).scrub_on_demand();
    assert!(!next_event_faults(&mut node), "a clean state passes");
    state(&mut node).slots[2].flip(1 << 40);
    assert!(
        !next_event_faults(&mut node),
        "no scrub after the event itself"
    );
    assert!(faults(|| node.scrub()), "the driver's scrub finds it");

    // A scrub with no event since the last one has nothing new to check.
    let mut node = Adapter::<AnU32, _>::scrubbing(Tally::<AnU32>::new()).scrub_on_demand();
    assert!(!next_event_faults(&mut node));
    node.scrub();
    state(&mut node).slots[2].flip(1 << 40);
    assert!(!faults(|| node.scrub()), "not due: no event ran");
    assert!(!next_event_faults(&mut node));
    assert!(faults(|| node.scrub()), "due again after the event");
}
