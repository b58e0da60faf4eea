//! Simulator throughput: protocol events per second for a 3-node election.
//!
//! `cargo bench -p anguard --features sim --bench sim`

#[path = "../tests/common/mod.rs"]
mod common;

use anguard::sim::{LinkConfig, Sim, SimConfig, TraceLevel};
use anguard::{AnU32, Word, node_for};
use common::Beacon;
use divan::Bencher;
use divan::counter::ItemsCount;

fn main() {
    divan::main();
}

/// 10 s of simulated time, 10 ms period, lossy links.
fn run<W: Word>(trace: TraceLevel) -> Sim<Option<u32>> {
    let config = SimConfig {
        n: 3,
        seed: 42,
        link: LinkConfig {
            loss: 0.01,
            ..LinkConfig::default()
        },
        trace,
        ..SimConfig::default()
    };
    let mut sim = Sim::new(config, |_| node_for(Beacon::<W>::new(10)));
    sim.run_for(10_000_000);
    sim
}

fn bench<W: Word>(bencher: Bencher, trace: TraceLevel) {
    let events = run::<W>(trace).stats().events;
    bencher
        .counter(ItemsCount::new(events))
        .bench(|| run::<W>(trace).stats().events);
}

#[divan::bench(args = [TraceLevel::Full, TraceLevel::Outputs])]
fn plain(bencher: Bencher, trace: TraceLevel) {
    bench::<u32>(bencher, trace);
}

#[divan::bench(args = [TraceLevel::Full, TraceLevel::Outputs])]
fn encoded(bencher: Bencher, trace: TraceLevel) {
    bench::<AnU32>(bencher, trace);
}
