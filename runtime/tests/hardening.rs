//! Hardening levels: at `an-dup` a fault that strikes one of the two runs of
//! a handler and leaves valid words behind (here a skipped store) is
//! detected before any effect leaves; at `an` it goes out unnoticed. A
//! fault-free handler has the same effects, once, at every level.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use anguard::fault::{self, Fault, Policy};
use anguard::node::{AlarmId, Discard, Env, Node};
use anguard::state::{Flip, State, Visitor};
use anguard::{Adapter, AnU32, Hardening, Io, Protocol, Word};

/// A driver that records what the node asked for.
#[derive(Debug, Default)]
struct Recorder {
    sent: Vec<(u32, Vec<u8>)>,
    alarms: Vec<(AlarmId, u32)>,
    reports: Vec<u32>,
    /// A clock that moves on every reading, as a real one may between the
    /// two runs of a handler.
    ticking: bool,
    reads: Cell<u32>,
}

impl Env<u32> for Recorder {
    fn send(&mut self, dst: u32, payload: &[u8]) {
        self.sent.push((dst, payload.to_vec()));
    }
    fn set_alarm(&mut self, id: AlarmId, at_ms: u32) {
        self.alarms.push((id, at_ms));
    }
    fn cancel_alarm(&mut self, _id: AlarmId) {}
    fn now_ms(&self) -> u32 {
        let reads = self.reads.get();
        self.reads.set(reads + u32::from(self.ticking));
        1000 + reads
    }
    fn me(&self) -> u32 {
        0
    }
    fn n(&self) -> u32 {
        2
    }
    fn report(&mut self, count: u32) {
        self.reports.push(count);
    }
    fn discard(&mut self, why: Discard) {
        panic!("nothing here is invalid: {why:?}");
    }
}

/// The words `Counter` runs on: `u32` or `AnU32`.
trait CounterWord: Word + Flip + core::ops::Add<Output = Self> + core::fmt::Debug + 'static {}
impl<W: Word + Flip + core::ops::Add<Output = W> + core::fmt::Debug + 'static> CounterWord for W {}

/// Counts its alarms, reports the count, tells node 1 and re-arms. The
/// shared `skip`, when set, makes the next handler run skip the store of
/// the count (a lost update: every word stays valid), then clears itself: a
/// transient fault, striking one run.
#[derive(Debug, Clone)]
struct Counter<W> {
    count: W,
    skip: Rc<Cell<bool>>,
}

impl<W: CounterWord> State for Counter<W> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        v.word(&mut self.count);
    }
}

impl<W: CounterWord> Protocol<W> for Counter<W> {
    type Msg = W;
    type Output = W;
    fn start(&mut self, io: &mut dyn Io<W, Self>) {
        io.set_alarm(W::from_u32(0), io.now());
    }
    fn on_message(&mut self, _from: W, _msg: W, _io: &mut dyn Io<W, Self>) {}
    fn on_alarm(&mut self, id: W, io: &mut dyn Io<W, Self>) {
        let next = self.count + W::from_u32(1);
        if !self.skip.replace(false) {
            self.count = next;
        }
        io.report(self.count);
        io.send(W::from_u32(1), self.count);
        io.set_alarm(id, io.now() + W::from_u32(10));
    }
}

/// A node of `Counter` at `level`, started, then one alarm with the store
/// skipped in its first run: the driver's record, and the fault if one was
/// detected.
fn skipped_store<W: CounterWord>(level: Hardening) -> (Recorder, Option<Fault>) {
    let skip = Rc::new(Cell::new(false));
    let counter = Counter {
        count: W::from_u32(0),
        skip: Rc::clone(&skip),
    };
    let mut node = Adapter::<W, _>::hardened(counter, level);
    let mut env = Recorder::default();
    node.start(&mut env);
    let id = env.alarms[0].0;
    node.on_alarm(id, &mut env);
    skip.set(true);
    let _policy = fault::scoped(Policy::Panic);
    let fault = catch_unwind(AssertUnwindSafe(|| node.on_alarm(id, &mut env)))
        .err()
        .map(|panic| *panic.downcast::<Fault>().expect("a detected fault"));
    (env, fault)
}

#[test]
fn a_skipped_store_goes_out_at_an_and_is_detected_at_an_dup() {
    fn check<W: CounterWord>() {
        let (env, fault) = skipped_store::<W>(Hardening::An);
        assert!(fault.is_none(), "{fault:?}");
        assert_eq!(env.reports, [1, 1], "the stale count went out as if fresh");

        let (env, fault) = skipped_store::<W>(Hardening::AnDup);
        let fault = fault.expect("the two runs differ");
        assert!(fault.operation.contains("duplicated"), "{fault}");
        assert_eq!(env.reports, [1], "nothing of the faulty event left");
        assert_eq!(env.sent.len(), 1);
        assert_eq!(env.alarms.len(), 2);
    }
    check::<u32>();
    check::<AnU32>();
}

#[test]
fn a_fault_free_handler_has_the_same_effects_once_at_every_level() {
    let run = |level| {
        let mut node = Adapter::<AnU32, _>::hardened(
            Counter {
                count: AnU32::encode(0),
                skip: Rc::default(),
            },
            level,
        );
        assert_eq!(node.hardening(), level);
        let mut env = Recorder::default();
        node.start(&mut env);
        for _ in 0..3 {
            let id = env.alarms.last().unwrap().0;
            node.on_alarm(id, &mut env);
        }
        (env.sent, env.alarms, env.reports)
    };
    let an = run(Hardening::An);
    assert_eq!(an.2, [1, 2, 3]);
    assert_eq!(an, run(Hardening::AnDup));
}

#[test]
fn both_runs_see_the_same_clock_even_when_it_moves() {
    let mut node = Adapter::<AnU32, _>::hardened(
        Counter {
            count: AnU32::encode(0),
            skip: Rc::default(),
        },
        Hardening::AnDup,
    );
    let mut env = Recorder {
        ticking: true,
        ..Recorder::default()
    };
    let _policy = fault::scoped(Policy::Panic);
    node.start(&mut env);
    let id = env.alarms[0].0;
    node.on_alarm(id, &mut env);
    assert_eq!(env.reports, [1]);
    assert_eq!(env.alarms.len(), 2);
}

/// `Counter`, counting how often it is cloned.
#[derive(Debug)]
struct Cloned {
    counter: Counter<AnU32>,
    clones: Rc<Cell<u32>>,
}

impl Clone for Cloned {
    fn clone(&self) -> Self {
        self.clones.set(self.clones.get() + 1);
        Self {
            counter: self.counter.clone(),
            clones: Rc::clone(&self.clones),
        }
    }
}

impl State for Cloned {
    fn visit(&mut self, v: &mut dyn Visitor) {
        self.counter.visit(v);
    }
}

impl Protocol<AnU32> for Cloned {
    type Msg = AnU32;
    type Output = AnU32;
    fn start(&mut self, io: &mut dyn Io<AnU32, Self>) {
        io.set_alarm(AnU32::encode(0), io.now());
    }
    fn on_message(&mut self, _from: AnU32, _msg: AnU32, _io: &mut dyn Io<AnU32, Self>) {}
    fn on_alarm(&mut self, id: AnU32, io: &mut dyn Io<AnU32, Self>) {
        let next = self.counter.count + AnU32::encode(1);
        if !self.counter.skip.replace(false) {
            self.counter.count = next;
        }
        io.report(self.counter.count);
        io.set_alarm(id, io.now() + AnU32::encode(10));
    }
}

#[test]
fn the_copy_is_made_once_and_kept_while_the_runs_agree() {
    let clones = Rc::new(Cell::new(0));
    let skip = Rc::new(Cell::new(false));
    let mut node = Adapter::<AnU32, _>::hardened(
        Cloned {
            counter: Counter {
                count: AnU32::encode(0),
                skip: Rc::clone(&skip),
            },
            clones: Rc::clone(&clones),
        },
        Hardening::AnDup,
    );
    let mut env = Recorder::default();
    let _policy = fault::scoped(Policy::Panic);
    node.start(&mut env);
    let id = env.alarms[0].0;
    let mut alarm = |node: &mut Adapter<AnU32, Cloned>| {
        catch_unwind(AssertUnwindSafe(|| node.on_alarm(id, &mut env))).is_err()
    };
    for _ in 0..10 {
        assert!(!alarm(&mut node));
    }
    assert_eq!(
        clones.get(),
        1,
        "one copy for eleven events whose runs agreed"
    );

    // Runs that differ leave no copy: the next event copies the state
    // afresh, and its runs agree.
    skip.set(true);
    assert!(alarm(&mut node), "the two runs differ");
    assert!(!alarm(&mut node));
    assert_eq!(clones.get(), 2);
    assert_eq!(
        env.reports.len(),
        11,
        "every event but the faulty one reported"
    );
}

/// A node of `Counter` over `W` at `an-dup`, after a few alarms, with its
/// state's count set to 7 from outside (a corruption between events that
/// leaves a valid word): whether the next alarm stops it.
fn changed_between_events<W: CounterWord>() -> bool {
    let mut node = Adapter::<W, _>::hardened(
        Counter {
            count: W::from_u32(0),
            skip: Rc::default(),
        },
        Hardening::AnDup,
    );
    let mut env = Recorder::default();
    node.start(&mut env);
    let id = env.alarms[0].0;
    for _ in 0..3 {
        node.on_alarm(id, &mut env);
    }
    let state = node.state_mut().downcast_mut::<Counter<W>>().unwrap();
    state.count = W::from_u32(7);
    let _policy = fault::scoped(Policy::Panic);
    let caught = catch_unwind(AssertUnwindSafe(|| node.on_alarm(id, &mut env)));
    assert_eq!(env.reports, [1, 2, 3], "nothing of the next event left");
    caught.is_err_and(|panic| panic.is::<Fault>())
}

#[test]
fn a_state_changed_between_events_differs_from_the_kept_copy() {
    // The copy is a second copy of the state: a change to one of them is
    // a difference, even where every word stays valid, in either build.
    assert!(changed_between_events::<u32>());
    assert!(changed_between_events::<AnU32>());
}
