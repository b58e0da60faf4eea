//! A replica driven by hand in the store's tests: the driver it talks to.
#![allow(dead_code)]

use anguard::node::{AlarmId, Discard, Env};
use anguard_protocols::kv::durable::Output;

/// What a replica driven by hand sent and reported, as replica `me` of 3
/// at local time `now_ms`. By default it is replica 1 at time 0, and
/// nothing it is given is invalid: a discard panics.
/// [`Recorder::keeping_discards`] records them.
pub struct Recorder {
    pub me: u32,
    pub now_ms: u32,
    pub sent: Vec<(u32, Vec<u8>)>,
    pub reports: Vec<Output>,
    /// What it discarded (only when it keeps discards).
    pub discarded: Vec<Discard>,
    keep_discards: bool,
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder {
            me: 1,
            now_ms: 0,
            sent: Vec::new(),
            reports: Vec::new(),
            discarded: Vec::new(),
            keep_discards: false,
        }
    }
}

impl Recorder {
    /// Replica `me`, recording what it discards instead of panicking.
    pub fn keeping_discards(me: u32) -> Self {
        Recorder {
            me,
            keep_discards: true,
            ..Recorder::default()
        }
    }
}

impl Env<Output> for Recorder {
    fn send(&mut self, dst: u32, payload: &[u8]) {
        self.sent.push((dst, payload.to_vec()));
    }
    fn set_alarm(&mut self, _: AlarmId, _: u32) {}
    fn cancel_alarm(&mut self, _: AlarmId) {}
    fn now_ms(&self) -> u32 {
        self.now_ms
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
        assert!(self.keep_discards, "discarded: {why:?}");
        self.discarded.push(why);
    }
}
