//! [`Sim`]: building a simulation and acting on it from outside.

use core::any::Any;
use core::fmt;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::clock::Clock;
use super::config::SimConfig;
use super::hooks::MessageHook;
use super::hooks::{AlarmInfo, MessageInfo};
use super::network::LinkConfig;
use super::network::Network;
use super::queue::{Action, Queue};
use super::stats::SimStats;
use super::trace::{Event, Trace};
use super::world::World;
use crate::node::{AlarmId, Node};

type Factory<O> = Box<dyn FnMut(u32) -> Box<dyn Node<O>>>;

/// A simulation of nodes whose output is `O`. See the [module docs](super).
pub struct Sim<O> {
    pub(super) nodes: Vec<Option<Box<dyn Node<O>>>>,
    factory: Factory<O>,
    pub(super) world: World<O>,
    pub(super) config: SimConfig,
    pub(super) message_hook: Option<MessageHook>,
}

impl<O> fmt::Debug for Sim<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sim")
            .field("config", &self.config)
            .field("now_us", &self.world.now)
            .field("stats", &self.world.stats)
            .finish_non_exhaustive()
    }
}

impl<O: Clone + PartialEq + Default + 'static> Sim<O> {
    /// A simulation of `config.n` nodes built by `factory(id)`, all started at
    /// true time 0. Clocks and links are drawn from `config.seed`.
    ///
    /// # Panics
    /// If `config.link` is invalid (see [`LinkConfig::validate`]).
    pub fn new(config: SimConfig, factory: impl FnMut(u32) -> Box<dyn Node<O>> + 'static) -> Self {
        if let Err(error) = config.link.validate() {
            panic!("invalid link configuration: {error}");
        }
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
            queue: Queue::new(),
            rng,
            network: Network::new(n as usize, config.link),
            clocks,
            alarms: vec![Vec::new(); n as usize],
            generation: 0,
            outputs: vec![O::default(); n as usize],
            up: vec![true; n as usize],
            trace: Trace::default(),
            level: config.trace,
            stats: SimStats::default(),
            pool: Vec::new(),
            alarm_hook: None,
            alarms_set: 0,
        };
        let mut factory: Factory<O> = Box::new(factory);
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

    /// Takes a stopped node down: no alarms, no output, recorded as `event`.
    pub(super) fn stop(&mut self, node: u32, event: Event<O>) {
        let w = &mut self.world;
        w.alarms[node as usize].clear();
        w.outputs[node as usize] = O::default();
        w.up[node as usize] = false;
        w.record(node, event);
    }
}

impl<O> Sim<O> {
    /// The configuration.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// True time, in µs.
    pub fn now_us(&self) -> u64 {
        self.world.now
    }

    /// The trace so far.
    pub fn trace(&self) -> &Trace<O> {
        &self.world.trace
    }

    /// Takes the trace, leaving an empty one.
    pub fn take_trace(&mut self) -> Trace<O> {
        core::mem::take(&mut self.world.trace)
    }

    /// The counters so far.
    pub fn stats(&self) -> SimStats {
        self.world.stats
    }

    /// The current output of every node (the default while down).
    pub fn outputs(&self) -> &[O] {
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
}
