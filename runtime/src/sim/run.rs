//! Running a simulation: popping events and calling the nodes' handlers.

use core::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use super::env::SimEnv;
use super::hooks::MessageInfo;
use super::queue::{Action, Scheduled};
use super::simulation::Sim;
use super::trace::{Event, LostBy};
use crate::fault::{self, Fault, Policy};
use crate::node::{Env, Node};

impl<O: Clone + PartialEq + Default + 'static> Sim<O> {
    /// Runs events up to and including true time `t_us`, then sets the time
    /// to `t_us`.
    pub fn run_until(&mut self, t_us: u64) {
        while self.world.queue.next_time().is_some_and(|t| t <= t_us) {
            self.step();
        }
        self.world.now = self.world.now.max(t_us);
    }

    /// Like [`run_until`](Self::run_until), but handles at most `budget`
    /// events: returns false, with time short of `t_us`, if a livelock (say,
    /// an alarm re-armed for the present forever) would exceed it.
    pub fn run_until_within(&mut self, t_us: u64, budget: u64) -> bool {
        let mut left = budget;
        while self.world.queue.next_time().is_some_and(|t| t <= t_us) {
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
            Action::Input { node, payload } => {
                self.input(node, &payload);
            }
        }
        true
    }

    /// Gives `node` an input from outside the group now (a client's
    /// request, see [`Service`](crate::Service)); false, and nothing
    /// happens, if the node is down.
    pub fn input(&mut self, node: u32, payload: &[u8]) -> bool {
        if self.nodes[node as usize].is_none() {
            return false;
        }
        self.world.record(node, Event::Input);
        self.handle(node, |n, env| n.on_input(payload, env));
        true
    }

    /// Gives `node` an input at true time `t_us` (now, if that is past), if
    /// it is up then: a scripted workload.
    pub fn input_at(&mut self, t_us: u64, node: u32, payload: Vec<u8>) {
        let t_us = t_us.max(self.world.now);
        self.world.schedule(t_us, Action::Input { node, payload });
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
        self.handle(to, |n, env| n.on_payload(from, payload, env));
    }

    /// Runs one handler of `node` under [`Policy::Panic`] (on this thread,
    /// for the handler only), so that a fault stops the node, not the process.
    #[inline]
    fn handle(&mut self, node: u32, f: impl FnOnce(&mut dyn Node<O>, &mut dyn Env<O>)) {
        let Some(n) = self.nodes[node as usize].as_deref_mut() else {
            return;
        };
        self.world.stats.events += 1;
        let mut env = SimEnv {
            world: &mut self.world,
            me: node,
            sends: 0,
        };
        let result = fault::with_policy(Policy::Panic, || {
            catch_unwind(AssertUnwindSafe(|| f(n, &mut env)))
        });
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
}
