//! For the same seed and no injected faults, the plain and encoded builds of
//! each protocol produce identical simulator traces: every send, delivery,
//! loss, alarm and report at the same true time.

mod common;

use anguard::Node;
use anguard::sim::{Sim, Trace};
use anguard_protocols::{HaleConfig, Rotel4Config};
use common::*;

/// A run with loss, delay, reordering, duplication, drift, partitions and
/// crash/restart, all drawn from `seed`.
fn trace(
    n: u32,
    seed: u64,
    factory: impl FnMut(u32) -> Box<dyn Node> + 'static,
) -> Trace<Option<u32>> {
    let mut rng = Rng::new(seed);
    let mut sim = Sim::new(sim_config(n, seed, lossy(25 * MS), 1000), factory);
    for _ in 0..12 {
        sim.run_for(rng.range(20, 300) * MS);
        let node = rng.range(0, u64::from(n) - 1) as u32;
        match rng.range(0, 4) {
            0 => {
                let side = rng.subset(n, 1);
                let rest: Vec<u32> = (0..n).filter(|x| !side.contains(x)).collect();
                sim.partition(&[&side, &rest]);
            }
            1 => sim.heal(),
            2 => sim.crash(node),
            _ => sim.restart(node),
        }
    }
    sim.run_for(500 * MS);
    assert_eq!(sim.stats().faults, 0);
    sim.take_trace()
}

fn assert_same(plain: &Trace<Option<u32>>, encoded: &Trace<Option<u32>>, what: &str) {
    assert!(plain.records().len() > 500, "{what}: a short trace");
    if plain != encoded {
        let at = plain
            .records()
            .iter()
            .zip(encoded.records())
            .position(|(a, b)| a != b)
            .unwrap_or(plain.records().len().min(encoded.records().len()));
        panic!(
            "{what}: traces differ at record {at}: {:?} vs {:?}",
            plain.records().get(at),
            encoded.records().get(at)
        );
    }
}

#[test]
fn hale_builds_give_identical_traces() {
    for seed in 0..10u64 {
        let n = 3 + (seed % 5) as u32;
        let config = HaleConfig::new(n, 50, 150, 10, 1000).unwrap();
        let plain = trace(n, seed, hale_nodes(Build::Plain, config));
        let encoded = trace(n, seed, hale_nodes(Build::Encoded, config));
        assert_same(&plain, &encoded, &format!("hale, n = {n}, seed {seed}"));
    }
}

#[test]
fn rotel4_builds_give_identical_traces() {
    for seed in 0..10u64 {
        let n = 3 + (seed % 5) as u32;
        let config = Rotel4Config::new(n, 10).unwrap();
        let plain = trace(n, seed, rotel4_nodes(Build::Plain, config));
        let encoded = trace(n, seed, rotel4_nodes(Build::Encoded, config));
        assert_same(&plain, &encoded, &format!("rotel4, n = {n}, seed {seed}"));
    }
}
