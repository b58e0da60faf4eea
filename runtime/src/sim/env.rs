//! A node's environment during one handler: sends go to the network, alarms
//! to the queue, outputs and omissions to the trace.

use super::hooks::AlarmInfo;
use super::network::Fate;
use super::queue::Action;
use super::trace::{Event, LostBy};
use super::world::World;
use crate::node::{AlarmId, Discard, Env};

/// The [`Env`] of node `me` during one handler.
pub(super) struct SimEnv<'a, O> {
    pub(super) world: &'a mut World<O>,
    pub(super) me: u32,
    /// Messages sent while handling the current event.
    pub(super) sends: u32,
}

/// More sends than this in one event is a runaway loop (a corrupted bound,
/// say): the node is stopped as if it had panicked, instead of the simulator
/// filling memory with messages time cannot deliver.
const MAX_SENDS_PER_EVENT: u32 = 65_536;

impl<O: Clone + PartialEq> Env<O> for SimEnv<'_, O> {
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

    fn report(&mut self, output: O) {
        let (w, me) = (&mut *self.world, self.me);
        if w.outputs[me as usize] != output {
            w.outputs[me as usize] = output.clone();
            w.record(me, Event::Report { output });
        }
    }

    fn discard(&mut self, why: Discard) {
        self.world.stats.discarded += 1;
        self.world.record(self.me, Event::Discard(why));
    }

    fn reject(&mut self) {
        self.world.stats.rejected += 1;
        self.world.record(self.me, Event::Rejected);
    }
}
