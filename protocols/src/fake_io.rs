//! A scripted `Io` for the unit tests: the test sets the clock, delivers
//! messages and fires alarms by hand, and reads what the protocol did.

use std::collections::BTreeMap;

use anguard::{Io, Protocol, Word};

/// What a protocol did, in plain numbers.
#[derive(Debug)]
pub struct FakeIo<M> {
    pub now: u32,
    pub me: u32,
    pub n: u32,
    pub sent: Vec<(u32, M)>,
    /// Alarm id → local time it is set for.
    pub alarms: BTreeMap<u32, u32>,
    pub reports: Vec<Option<u32>>,
    /// How many messages the protocol rejected.
    pub rejected: u32,
}

impl<M> FakeIo<M> {
    pub fn new(me: u32, n: u32, now: u32) -> Self {
        FakeIo {
            now,
            me,
            n,
            sent: Vec::new(),
            alarms: BTreeMap::new(),
            reports: Vec::new(),
            rejected: 0,
        }
    }

    /// Messages sent since the last call.
    pub fn take_sent(&mut self) -> Vec<(u32, M)> {
        std::mem::take(&mut self.sent)
    }

    /// The latest report, if any.
    pub fn output(&self) -> Option<Option<u32>> {
        self.reports.last().copied()
    }

    /// When alarm `id` (of either build) is set for.
    pub fn alarm<W: Word>(&self, id: W) -> Option<u32> {
        self.alarms.get(&id.to_u32()).copied()
    }
}

impl<W: Word, P: Protocol<W, Output = Option<W>>> Io<W, P> for FakeIo<P::Msg> {
    fn send(&mut self, dst: W, msg: P::Msg) {
        self.sent.push((dst.to_u32(), msg));
    }
    fn set_alarm(&mut self, id: W, at: W) {
        self.alarms.insert(id.to_u32(), at.to_u32());
    }
    fn cancel_alarm(&mut self, id: W) {
        self.alarms.remove(&id.to_u32());
    }
    fn now(&self) -> W {
        W::from_u32(self.now)
    }
    fn me(&self) -> W {
        W::from_u32(self.me)
    }
    fn n(&self) -> W {
        W::from_u32(self.n)
    }
    fn report(&mut self, leader: Option<W>) {
        self.reports.push(leader.map(Word::to_u32));
    }
    fn reject(&mut self) {
        self.rejected += 1;
    }
}

/// A word of any build.
pub fn w<W: Word>(x: u32) -> W {
    W::from_u32(x)
}
