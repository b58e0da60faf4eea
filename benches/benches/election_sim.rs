//! The simulator on the real protocols: protocol events per second for a
//! 3-node hale and rotel4 election, plain and encoded (with the state scrub,
//! as the `anguard` command runs them), and the ratio of their
//! run times from one run.
//!
//! `cargo bench -p anguard-benches --bench election_sim`

use std::time::Duration;

use anguard::sim::{LinkConfig, Sim, SimConfig, TraceLevel};
use anguard::{AnU32, Node, scrubbed_node_for};
use anguard_benches::compare;
use anguard_protocols::{HaleConfig, Rotel4Config, hale, rotel4};

/// 20 s of simulated time, lossy links, full trace.
fn run(factory: impl FnMut(u32) -> Box<dyn Node> + 'static) -> u64 {
    let config = SimConfig {
        n: 3,
        seed: 7,
        link: LinkConfig {
            loss: 0.01,
            ..LinkConfig::default()
        },
        trace: TraceLevel::Full,
        ..SimConfig::default()
    };
    let mut sim = Sim::new(config, factory);
    sim.run_for(20_000_000);
    sim.stats().events
}

fn report(name: &str, plain: impl Fn() -> u64, encoded: impl Fn() -> u64) {
    let events = plain();
    assert_eq!(events, encoded(), "both builds handle the same events");
    let comparison = compare(21, plain, encoded);
    let rate = |d: Duration| events as f64 / d.as_secs_f64() / 1e6;
    println!(
        "| {name} | {events} | {:.2} M/s | {:.2} M/s | {:.2}× |",
        rate(comparison.plain),
        rate(comparison.encoded),
        comparison.ratio()
    );
}

fn main() {
    let hale_config = HaleConfig::for_period(3, 10).expect("valid");
    let rotel4_config = Rotel4Config::new(3, 10).expect("valid");
    println!(
        "| protocol (period 10 ms, 20 s simulated) | events | plain | encoded | time encoded / plain |"
    );
    println!("|---|---:|---:|---:|---:|");
    report(
        "hale",
        || run(move |_| scrubbed_node_for::<u32, _>(hale::plain::Hale::new(&hale_config))),
        || run(move |_| scrubbed_node_for::<AnU32, _>(hale::encoded::Hale::new(&hale_config))),
    );
    report(
        "rotel4",
        || run(move |_| scrubbed_node_for::<u32, _>(rotel4::plain::Rotel4::new(&rotel4_config))),
        || {
            run(move |_| {
                scrubbed_node_for::<AnU32, _>(rotel4::encoded::Rotel4::new(&rotel4_config))
            })
        },
    );
}
