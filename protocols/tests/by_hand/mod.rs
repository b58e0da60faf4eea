//! A replica driven by hand in the store's tests: the driver it talks to.
#![allow(dead_code)]

use anguard::node::{AlarmId, Discard, Env};
use anguard_protocols::kv::durable::Output;

/// What a replica driven by hand sent and reported, as replica 1 of 3 at
/// time 0. Nothing it is given here is invalid: a discard panics.
#[derive(Default)]
pub struct Recorder {
    pub sent: Vec<(u32, Vec<u8>)>,
    pub reports: Vec<Output>,
}

impl Env<Output> for Recorder {
    fn send(&mut self, dst: u32, payload: &[u8]) {
        self.sent.push((dst, payload.to_vec()));
    }
    fn set_alarm(&mut self, _: AlarmId, _: u32) {}
    fn cancel_alarm(&mut self, _: AlarmId) {}
    fn now_ms(&self) -> u32 {
        0
    }
    fn me(&self) -> u32 {
        1
    }
    fn n(&self) -> u32 {
        3
    }
    fn report(&mut self, output: Output) {
        self.reports.push(output);
    }
    fn discard(&mut self, why: Discard) {
        panic!("discarded: {why:?}");
    }
}
