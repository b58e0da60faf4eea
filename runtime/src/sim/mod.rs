//! The deterministic simulator: many nodes, one thread, virtual time.
//!
//! A [`Sim`] drives [`Node`]s (built by a factory, so that a restarted node
//! gets fresh state) through a seeded event queue. Each node has a [`Clock`]
//! with an offset and a bounded drift; each directed link a [`LinkConfig`]
//! (delay, loss, duplication, reordering); links can be blocked (partitions).
//! Nodes can be crashed and restarted, and hooks can flip bits in messages in
//! transit, in alarms, and in a node's protocol state. Everything that happens
//! is recorded in a [`Trace`] of plain values over true time, so the plain and
//! encoded builds of one protocol give the same trace for the same seed.
//!
//! The simulator sets the fault policy to [`Policy::Panic`](crate::fault::Policy):
//! a node whose check finds an invalid word stops, and the trace records it.
//!
//! ```
//! use anguard::sim::{Event, Sim, SimConfig};
//! use anguard::{Io, Protocol, node_for};
//!
//! /// Every process reports the sender of the last message it got.
//! struct Echo;
//! impl Protocol<u32> for Echo {
//!     type Msg = u32;
//!     fn start(&mut self, io: &mut dyn Io<u32, u32>) {
//!         io.set_alarm(0, io.now() + 10);
//!     }
//!     fn on_message(&mut self, from: u32, io: &mut dyn Io<u32, u32>) {
//!         io.report(Some(from));
//!     }
//!     fn on_alarm(&mut self, id: u32, io: &mut dyn Io<u32, u32>) {
//!         io.send((io.me() + 1) % io.n(), io.me());
//!         io.set_alarm(id, io.now() + 10);
//!     }
//! }
//!
//! let mut sim = Sim::new(SimConfig { n: 3, seed: 7, ..SimConfig::default() }, |_| {
//!     node_for(Echo)
//! });
//! sim.run_for(1_000_000); // 1 s
//! assert_eq!(sim.trace().output_at(1, sim.now_us()), Some(0));
//! sim.crash(0);
//! sim.run_for(1_000_000);
//! assert!(sim.stats().lost > 0);
//! assert!(sim.trace().count(|e| matches!(e, Event::Crash)) == 1);
//! ```

mod clock;
mod network;
mod trace;

use core::any::Any;
use core::cmp::Ordering;
use core::fmt;
use std::collections::BinaryHeap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

pub use clock::{Clock, PPM};
pub use network::{LinkConfig, LinkError};
pub use trace::{Event, LostBy, Record, Trace, TraceLevel};

use crate::fault::{self, Fault};
use crate::node::{AlarmId, Discard, Env, Node};
use network::{Fate, Network};

/// How a simulation is set up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimConfig {
    /// The number of nodes.
    pub n: u32,
    /// The seed of every random choice.
    pub seed: u64,
    /// Every link, until changed with [`Sim::set_link`].
    pub link: LinkConfig,
    /// The drift bound ρ, in ppm: each clock drifts by a random rate in `[-ρ, ρ]`.
    pub max_drift_ppm: u32,
    /// Each clock starts at a random offset in `[0, max_offset_us]`.
    pub max_offset_us: u64,
    /// How much to record.
    pub trace: TraceLevel,
    /// Whether a panic other than a [`Fault`] stops the node (recorded as
    /// [`Event::Panic`]) instead of unwinding out of the simulator.
    pub catch_panics: bool,
}

impl Default for SimConfig {
    /// 3 nodes, seed 0, default links, ρ = 100 ppm, offsets up to 1 s.
    fn default() -> Self {
        Self {
            n: 3,
            seed: 0,
            link: LinkConfig::default(),
            max_drift_ppm: 100,
            max_offset_us: 1_000_000,
            trace: TraceLevel::Full,
            catch_panics: false,
        }
    }
}

/// Counters over a whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SimStats {
    /// Protocol events handled: starts, deliveries and alarms fired.
    pub events: u64,
    /// Messages sent.
    pub sent: u64,
    /// Messages delivered (a duplicate counts twice).
    pub delivered: u64,
    /// Extra copies made by duplication.
    pub duplicated: u64,
    /// Messages not delivered (loss, partition, crashed or unknown destination).
    pub lost: u64,
    /// Alarms fired.
    pub alarms_fired: u64,
    /// Words the nodes discarded as invalid.
    pub discarded: u64,
    /// Faults detected (a check panicked with a [`Fault`]).
    pub faults: u64,
    /// Other panics caught.
    pub panics: u64,
}

/// A message about to be delivered, for [`Sim::set_message_hook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageInfo {
    /// True time of the delivery, in µs.
    pub t_us: u64,
    /// The sender.
    pub from: u32,
    /// The destination.
    pub to: u32,
    /// How many messages were delivered before this one.
    pub index: u64,
}

/// An alarm being set, for [`Sim::set_alarm_hook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlarmInfo {
    /// True time, in µs.
    pub t_us: u64,
    /// The node setting it.
    pub node: u32,
    /// How many alarms were set before this one.
    pub index: u64,
}

type MessageHook = Box<dyn FnMut(&MessageInfo, &mut Vec<u8>)>;
type AlarmHook = Box<dyn FnMut(&AlarmInfo, &mut AlarmId, &mut u32)>;
type Factory = Box<dyn FnMut(u32) -> Box<dyn Node>>;

enum Action {
    Start {
        node: u32,
    },
    Deliver {
        from: u32,
        to: u32,
        payload: Vec<u8>,
    },
    Alarm {
        node: u32,
        id: AlarmId,
        generation: u64,
    },
}

struct Scheduled {
    t_us: u64,
    seq: u64,
    action: Action,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.t_us, self.seq) == (other.t_us, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    /// Reversed: the heap pops the earliest (then the first scheduled).
    fn cmp(&self, other: &Self) -> Ordering {
        (other.t_us, other.seq).cmp(&(self.t_us, self.seq))
    }
}

/// Everything but the nodes: what a node's [`Env`] reaches.
struct World {
    n: u32,
    now: u64,
    seq: u64,
    queue: BinaryHeap<Scheduled>,
    rng: SmallRng,
    network: Network,
    clocks: Vec<Clock>,
    /// Per node: the alarms set, with the generation that may fire.
    alarms: Vec<Vec<(AlarmId, u64)>>,
    generation: u64,
    outputs: Vec<Option<u32>>,
    up: Vec<bool>,
    trace: Trace,
    level: TraceLevel,
    stats: SimStats,
    pool: Vec<Vec<u8>>,
    alarm_hook: Option<AlarmHook>,
    alarms_set: u64,
}

impl World {
    #[inline]
    fn record(&mut self, node: u32, event: Event) {
        self.trace.push(
            self.level,
            Record {
                t_us: self.now,
                node,
                event,
            },
        );
    }

    #[inline]
    fn schedule(&mut self, t_us: u64, action: Action) {
        self.seq += 1;
        self.queue.push(Scheduled {
            t_us,
            seq: self.seq,
            action,
        });
    }

    fn buffer(&mut self, payload: &[u8]) -> Vec<u8> {
        let mut buf = self.pool.pop().unwrap_or_default();
        buf.clear();
        buf.extend_from_slice(payload);
        buf
    }

    fn lose(&mut self, from: u32, to: u32, by: LostBy) {
        self.stats.lost += 1;
        self.record(from, Event::Lost { to, by });
    }
}

/// The [`Env`] of node `me` during one handler.
struct SimEnv<'a> {
    world: &'a mut World,
    me: u32,
    /// Messages sent while handling the current event.
    sends: u32,
}

/// More sends than this in one event is a runaway loop (a corrupted bound,
/// say): the node is stopped as if it had panicked, instead of the simulator
/// filling memory with messages time cannot deliver.
const MAX_SENDS_PER_EVENT: u32 = 65_536;

impl Env for SimEnv<'_> {
    fn send(&mut self, dst: u32, payload: &[u8]) {
        self.sends += 1;
        assert!(
            self.sends <= MAX_SENDS_PER_EVENT,
            "runaway handler: more than {MAX_SENDS_PER_EVENT} sends in one event"
        );
        let (w, me) = (&mut *self.world, self.me);
        w.stats.sent += 1;
        w.record(me, Event::Send { to: dst });
        if dst >= w.n {
            return w.lose(me, dst, LostBy::NoSuchNode);
        }
        match w.network.fate(&mut w.rng, me, dst, w.now) {
            Fate::Lost => w.lose(me, dst, LostBy::Loss),
            Fate::Delivered(first, second) => {
                if let Some(t) = second {
                    w.stats.duplicated += 1;
                    let payload = w.buffer(payload);
                    w.schedule(
                        t,
                        Action::Deliver {
                            from: me,
                            to: dst,
                            payload,
                        },
                    );
                }
                let payload = w.buffer(payload);
                w.schedule(
                    first,
                    Action::Deliver {
                        from: me,
                        to: dst,
                        payload,
                    },
                );
            }
        }
    }

    fn set_alarm(&mut self, mut id: AlarmId, mut at_ms: u32) {
        let (w, me) = (&mut *self.world, self.me);
        if let Some(hook) = w.alarm_hook.as_mut() {
            let info = AlarmInfo {
                t_us: w.now,
                node: me,
                index: w.alarms_set,
            };
            hook(&info, &mut id, &mut at_ms);
        }
        w.alarms_set += 1;
        w.record(
            me,
            Event::AlarmSet {
                id: id.value(),
                at_ms,
            },
        );
        let clock = w.clocks[me as usize];
        let now_local_ms = clock.local_us(w.now) / 1000;
        let ahead = at_ms.wrapping_sub(now_local_ms as u32) as i32;
        let t_us = if ahead <= 0 {
            w.now
        } else {
            clock
                .true_at((now_local_ms + ahead as u64) * 1000)
                .max(w.now)
        };
        w.generation += 1;
        let generation = w.generation;
        let table = &mut w.alarms[me as usize];
        match table.iter_mut().find(|(set, _)| *set == id) {
            Some(entry) => entry.1 = generation,
            None => table.push((id, generation)),
        }
        w.schedule(
            t_us,
            Action::Alarm {
                node: me,
                id,
                generation,
            },
        );
    }

    fn cancel_alarm(&mut self, id: AlarmId) {
        let (w, me) = (&mut *self.world, self.me);
        w.record(me, Event::AlarmCancel { id: id.value() });
        w.alarms[me as usize].retain(|(set, _)| *set != id);
    }

    fn now_ms(&self) -> u32 {
        self.world.clocks[self.me as usize].local_ms(self.world.now)
    }

    fn me(&self) -> u32 {
        self.me
    }

    fn n(&self) -> u32 {
        self.world.n
    }

    fn report(&mut self, leader: Option<u32>) {
        let (w, me) = (&mut *self.world, self.me);
        if w.outputs[me as usize] != leader {
            w.outputs[me as usize] = leader;
            w.record(me, Event::Report { leader });
        }
    }

    fn discard(&mut self, why: Discard) {
        self.world.stats.discarded += 1;
        self.world.record(self.me, Event::Discard(why));
    }
}

/// A simulation. See the [module docs](self).
pub struct Sim {
    nodes: Vec<Option<Box<dyn Node>>>,
    factory: Factory,
    world: World,
    config: SimConfig,
    message_hook: Option<MessageHook>,
}

impl fmt::Debug for Sim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sim")
            .field("config", &self.config)
            .field("now_us", &self.world.now)
            .field("stats", &self.world.stats)
            .finish_non_exhaustive()
    }
}

impl Sim {
    /// A simulation of `config.n` nodes built by `factory(id)`, all started at
    /// true time 0. Clocks and links are drawn from `config.seed`.
    ///
    /// # Panics
    /// If `config.link` is invalid (see [`LinkConfig::validate`]).
    pub fn new(config: SimConfig, factory: impl FnMut(u32) -> Box<dyn Node> + 'static) -> Self {
        if let Err(error) = config.link.validate() {
            panic!("invalid link configuration: {error}");
        }
        fault::set_policy(fault::Policy::Panic);
        let n = config.n;
        let mut rng = SmallRng::seed_from_u64(config.seed);
        let rho = i64::from(config.max_drift_ppm);
        let clocks = (0..n)
            .map(|_| Clock {
                offset_us: rng.random_range(0..=config.max_offset_us),
                drift_ppm: rng.random_range(-rho..=rho),
            })
            .collect();
        let mut world = World {
            n,
            now: 0,
            seq: 0,
            queue: BinaryHeap::with_capacity(1024),
            rng,
            network: Network::new(n as usize, config.link),
            clocks,
            alarms: vec![Vec::new(); n as usize],
            generation: 0,
            outputs: vec![None; n as usize],
            up: vec![true; n as usize],
            trace: Trace::default(),
            level: config.trace,
            stats: SimStats::default(),
            pool: Vec::new(),
            alarm_hook: None,
            alarms_set: 0,
        };
        let mut factory: Factory = Box::new(factory);
        let nodes = (0..n).map(|id| Some(factory(id))).collect();
        for node in 0..n {
            world.schedule(0, Action::Start { node });
        }
        Self {
            nodes,
            factory,
            world,
            config,
            message_hook: None,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// True time, in µs.
    pub fn now_us(&self) -> u64 {
        self.world.now
    }

    /// The trace so far.
    pub fn trace(&self) -> &Trace {
        &self.world.trace
    }

    /// Takes the trace, leaving an empty one.
    pub fn take_trace(&mut self) -> Trace {
        core::mem::take(&mut self.world.trace)
    }

    /// The counters so far.
    pub fn stats(&self) -> SimStats {
        self.world.stats
    }

    /// The current output of every node (`None` while down).
    pub fn outputs(&self) -> &[Option<u32>] {
        &self.world.outputs
    }

    /// Whether `node` is up.
    pub fn is_up(&self, node: u32) -> bool {
        self.world.up[node as usize]
    }

    /// The clock of `node`.
    pub fn clock(&self, node: u32) -> Clock {
        self.world.clocks[node as usize]
    }

    /// Replaces the clock of `node` (its alarms already set keep their times).
    pub fn set_clock(&mut self, node: u32, clock: Clock) {
        self.world.clocks[node as usize] = clock;
    }

    /// The local clock of `node` now, in ms.
    pub fn local_ms(&self, node: u32) -> u32 {
        self.clock(node).local_ms(self.world.now)
    }

    /// Sets the link `from → to`.
    ///
    /// # Panics
    /// If `link` is invalid.
    pub fn set_link(&mut self, from: u32, to: u32, link: LinkConfig) {
        if let Err(error) = link.validate() {
            panic!("invalid link configuration: {error}");
        }
        self.world.network.set_link(from, to, link);
    }

    /// Sets every link.
    pub fn set_all_links(&mut self, link: LinkConfig) {
        for from in 0..self.world.n {
            for to in 0..self.world.n {
                self.set_link(from, to, link);
            }
        }
    }

    /// The link `from → to`.
    pub fn link(&self, from: u32, to: u32) -> LinkConfig {
        *self.world.network.link(from, to)
    }

    /// Blocks (or unblocks) the link `from → to`, one way. Messages on it,
    /// in flight included, are lost while blocked.
    pub fn block_link(&mut self, from: u32, to: u32, blocked: bool) {
        self.world.network.set_blocked(from, to, blocked);
    }

    /// Splits the nodes into `groups`: links between groups are blocked, both
    /// ways. A node in no group is cut off from all. Replaces earlier blocks.
    pub fn partition(&mut self, groups: &[&[u32]]) {
        let n = self.world.n;
        let group_of = |node: u32| groups.iter().position(|g| g.contains(&node));
        for from in 0..n {
            for to in 0..n {
                let same =
                    from == to || (group_of(from).is_some() && group_of(from) == group_of(to));
                self.world.network.set_blocked(from, to, !same);
            }
        }
    }

    /// Cuts `node` off from every other node, both ways.
    pub fn isolate(&mut self, node: u32) {
        for other in (0..self.world.n).filter(|&o| o != node) {
            self.block_link(node, other, true);
            self.block_link(other, node, true);
        }
    }

    /// Unblocks every link.
    pub fn heal(&mut self) {
        self.world.network.heal();
    }

    /// Crashes `node`: its state and alarms are gone, messages to it are lost.
    pub fn crash(&mut self, node: u32) {
        if self.nodes[node as usize].take().is_some() {
            self.stop(node, Event::Crash);
        }
    }

    /// Restarts `node` now with fresh state from the factory (crashing it
    /// first if it is up). Its clock runs on.
    pub fn restart(&mut self, node: u32) {
        self.crash(node);
        self.nodes[node as usize] = Some((self.factory)(node));
        self.world.up[node as usize] = true;
        let now = self.world.now;
        self.world.schedule(now, Action::Start { node });
    }

    /// Calls `f` on the protocol state of `node` (downcast it to the
    /// protocol type) — for fault injection. Returns `None` if it is down.
    pub fn with_state<R>(&mut self, node: u32, f: impl FnOnce(&mut dyn Any) -> R) -> Option<R> {
        self.nodes[node as usize].as_mut().map(|n| f(n.state_mut()))
    }

    /// Calls `hook` on every message just before it is delivered; it may
    /// change the bytes (flip bits in transit).
    pub fn set_message_hook(&mut self, hook: impl FnMut(&MessageInfo, &mut Vec<u8>) + 'static) {
        self.message_hook = Some(Box::new(hook));
    }

    /// Calls `hook` on every alarm as it is set; it may change the id (kept
    /// encoded in the encoded build) or the time (plain, as the driver's).
    pub fn set_alarm_hook(
        &mut self,
        hook: impl FnMut(&AlarmInfo, &mut AlarmId, &mut u32) + 'static,
    ) {
        self.world.alarm_hook = Some(Box::new(hook));
    }

    /// Removes both hooks.
    pub fn clear_hooks(&mut self) {
        self.message_hook = None;
        self.world.alarm_hook = None;
    }

    /// Runs events up to and including true time `t_us`, then sets the time
    /// to `t_us`.
    pub fn run_until(&mut self, t_us: u64) {
        while self.world.queue.peek().is_some_and(|e| e.t_us <= t_us) {
            self.step();
        }
        self.world.now = self.world.now.max(t_us);
    }

    /// Like [`run_until`](Self::run_until), but handles at most `budget`
    /// events: returns false, with time short of `t_us`, if a livelock (say,
    /// an alarm re-armed for the present forever) would exceed it.
    pub fn run_until_within(&mut self, t_us: u64, budget: u64) -> bool {
        let mut left = budget;
        while self.world.queue.peek().is_some_and(|e| e.t_us <= t_us) {
            if left == 0 {
                return false;
            }
            left -= 1;
            self.step();
        }
        self.world.now = self.world.now.max(t_us);
        true
    }

    /// Runs for `d_us` more µs of true time.
    pub fn run_for(&mut self, d_us: u64) {
        self.run_until(self.world.now + d_us);
    }

    /// Handles the next event, if any; returns whether there was one.
    pub fn step(&mut self) -> bool {
        let Some(Scheduled { t_us, action, .. }) = self.world.queue.pop() else {
            return false;
        };
        self.world.now = t_us;
        match action {
            Action::Start { node } => {
                if self.nodes[node as usize].is_some() {
                    self.world.record(node, Event::Start);
                    self.handle(node, |n, env| n.start(env));
                }
            }
            Action::Deliver {
                from,
                to,
                mut payload,
            } => {
                self.deliver(from, to, &mut payload);
                self.world.pool.push(payload);
            }
            Action::Alarm {
                node,
                id,
                generation,
            } => {
                let table = &mut self.world.alarms[node as usize];
                if let Some(i) = table
                    .iter()
                    .position(|&(set, g)| set == id && g == generation)
                {
                    table.swap_remove(i);
                    self.world.stats.alarms_fired += 1;
                    self.world
                        .record(node, Event::AlarmFired { id: id.value() });
                    self.handle(node, |n, env| n.on_alarm(id, env));
                }
            }
        }
        true
    }

    fn deliver(&mut self, from: u32, to: u32, payload: &mut Vec<u8>) {
        if self.world.network.blocked(from, to) {
            return self.world.lose(from, to, LostBy::Partition);
        }
        if self.nodes[to as usize].is_none() {
            return self.world.lose(from, to, LostBy::Crashed);
        }
        if let Some(hook) = self.message_hook.as_mut() {
            let info = MessageInfo {
                t_us: self.world.now,
                from,
                to,
                index: self.world.stats.delivered,
            };
            hook(&info, payload);
        }
        self.world.stats.delivered += 1;
        self.world.record(to, Event::Deliver { from });
        self.handle(to, |n, env| n.on_payload(payload, env));
    }

    /// Runs one handler of `node`, catching a fault.
    #[inline]
    fn handle(&mut self, node: u32, f: impl FnOnce(&mut dyn Node, &mut dyn Env)) {
        let Some(n) = self.nodes[node as usize].as_deref_mut() else {
            return;
        };
        self.world.stats.events += 1;
        let mut env = SimEnv {
            world: &mut self.world,
            me: node,
            sends: 0,
        };
        let result = catch_unwind(AssertUnwindSafe(|| f(n, &mut env)));
        if let Err(payload) = result {
            self.failed(node, payload);
        }
    }

    fn failed(&mut self, node: u32, payload: Box<dyn Any + Send>) {
        let event = match payload.downcast::<Fault>() {
            Ok(fault) => {
                self.world.stats.faults += 1;
                Event::Fault { word: fault.word }
            }
            Err(_) if self.config.catch_panics => {
                self.world.stats.panics += 1;
                Event::Panic
            }
            Err(payload) => resume_unwind(payload),
        };
        self.nodes[node as usize] = None;
        self.stop(node, event);
    }

    fn stop(&mut self, node: u32, event: Event) {
        let w = &mut self.world;
        w.alarms[node as usize].clear();
        w.outputs[node as usize] = None;
        w.up[node as usize] = false;
        w.record(node, event);
    }
}
