//! Everything of a simulation but the nodes: what a node's environment reaches.

use rand::rngs::SmallRng;

use super::clock::Clock;
use super::hooks::AlarmHook;
use super::network::Network;
use super::queue::{Action, Queue};
use super::stats::SimStats;
use super::trace::{Event, LostBy, Record, Trace, TraceLevel};
use crate::node::AlarmId;

/// The shared state of a simulation whose nodes output `O`.
pub(super) struct World<O> {
    pub(super) n: u32,
    pub(super) now: u64,
    pub(super) queue: Queue,
    pub(super) rng: SmallRng,
    pub(super) network: Network,
    pub(super) clocks: Vec<Clock>,
    /// Per node: the alarms set, with the generation that may fire.
    pub(super) alarms: Vec<Vec<(AlarmId, u64)>>,
    pub(super) generation: u64,
    pub(super) outputs: Vec<O>,
    pub(super) up: Vec<bool>,
    pub(super) trace: Trace<O>,
    pub(super) level: TraceLevel,
    pub(super) stats: SimStats,
    /// Payload buffers to reuse.
    pub(super) pool: Vec<Vec<u8>>,
    pub(super) alarm_hook: Option<AlarmHook>,
    pub(super) alarms_set: u64,
}

impl<O> World<O> {
    #[inline]
    pub(super) fn record(&mut self, node: u32, event: Event<O>) {
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
    pub(super) fn schedule(&mut self, t_us: u64, action: Action) {
        self.queue.schedule(t_us, action);
    }

    /// A copy of `payload` in a reused buffer.
    pub(super) fn buffer(&mut self, payload: &[u8]) -> Vec<u8> {
        let mut buf = self.pool.pop().unwrap_or_default();
        buf.clear();
        buf.extend_from_slice(payload);
        buf
    }

    pub(super) fn lose(&mut self, from: u32, to: u32, by: LostBy) {
        self.stats.lost += 1;
        self.record(from, Event::Lost { to, by });
    }
}
