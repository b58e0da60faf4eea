//! rotel4 in the simulator: after stabilization every correct process
//! outputs the same correct leader within (n+4)δ; a slow or lossy non-leader
//! demotes nobody; a crashed leader is followed by the next id; a restarted
//! process rejoins without demoting the leader. Both builds, n from 3 to 7.

mod common;

use anguard::sim::{LinkConfig, Sim};
use anguard_protocols::Rotel4Config;
use anguard_protocols::election::agreed_leader;
use common::*;

const DELTA: u32 = 10;
const DRIFT: u32 = 100;

fn config(n: u32) -> Rotel4Config {
    Rotel4Config::new(n, DELTA).unwrap()
}

fn rotel4_sim(build: Build, n: u32, seed: u64, link: LinkConfig) -> Sim<Option<u32>> {
    sim(
        sim_config(n, seed, link, DRIFT),
        rotel4_nodes(build, config(n)),
    )
}

/// Timely: every message within 9 ms < δ.
fn timely_links() -> LinkConfig {
    timely(9 * MS)
}

const CHAOS_DELAY: u64 = 30 * MS;

fn up(sim: &Sim<Option<u32>>, n: u32) -> Vec<u32> {
    (0..n).filter(|&x| sim.is_up(x)).collect()
}

/// All up nodes output the same up leader; returns it.
fn agreed(sim: &Sim<Option<u32>>, n: u32, what: &str) -> u32 {
    let up = up(sim, n);
    let outputs = sim.outputs();
    agreed_leader(up.iter().map(|&node| (node, outputs[node as usize]))).unwrap_or_else(|| {
        panic!("{what}: the nodes up, {up:?}, do not all follow one of them: {outputs:?}")
    })
}

#[test]
fn same_correct_leader_within_bound_after_stabilization() {
    let mut times = Times::default();
    let mut from_crashes = Times::default();
    let mut over = 0;
    for build in BUILDS {
        for seed in 0..40u64 {
            let n = 3 + (seed % 5) as u32;
            let mut rng = Rng::new(seed);
            let mut sim = rotel4_sim(build, n, seed, lossy(CHAOS_DELAY));
            let end = sim.now_us() + 3 * S;
            while sim.now_us() < end {
                sim.run_for(rng.range(20 * MS, 400 * MS));
                let node = rng.range(0, u64::from(n) - 1) as u32;
                match rng.range(0, 4) {
                    0 => {
                        let k = rng.range(1, u64::from(n) - 1) as u32;
                        let side = rng.subset(n, k);
                        let other: Vec<u32> = (0..n).filter(|x| !side.contains(x)).collect();
                        sim.partition(&[&side, &other]);
                    }
                    1 => sim.heal(),
                    2 => sim.crash(node),
                    3 => sim.restart(node),
                    _ => sim.isolate(node),
                }
            }
            // Stabilization: links timely, the crashed stay down.
            sim.heal();
            sim.set_all_links(timely_links());
            // ... and now some crash, the current leaders among them.
            for node in 0..n {
                let leads = sim.outputs().contains(&Some(node));
                if (leads || rng.chance(30)) && up(&sim, n).len() > 1 {
                    sim.crash(node);
                }
            }
            if up(&sim, n).is_empty() {
                sim.restart(rng.range(0, u64::from(n) - 1) as u32);
            }
            // Stable once the last chaotic message is gone.
            let crashed_at = sim.now_us();
            let stable = crashed_at + CHAOS_DELAY;
            sim.run_until(stable + 2 * S);
            let what = format!("{build:?}, n = {n}, seed {seed}, up {:?}", up(&sim, n));
            agreed(&sim, n, &what);
            let took = last_change(sim.trace(), &up(&sim, n), stable).saturating_sub(stable);
            times.push_us(took);
            from_crashes.push_us(last_change(sim.trace(), &up(&sim, n), crashed_at) - crashed_at);
            let bound = config(n).election_bound_ms() * MS;
            // Each crashed leader in a row costs a 2δ timeout: beyond two,
            // the (n+4)δ bound does not hold (see the module docs).
            let crashed_in_a_row = (n - up(&sim, n).len() as u32).min(n - 1);
            let allowed = bound.max(u64::from(2 * crashed_in_a_row + 5) * u64::from(DELTA) * MS);
            assert!(
                took <= allowed,
                "{what}: took {took} µs, allowed {allowed} µs"
            );
            if took > bound {
                over += 1;
            }
        }
    }
    eprintln!(
        "rotel4 election after stabilization (bound (n+4)δ = 70..110 ms): {}; {over} over (n+4)δ",
        times.summary()
    );
    eprintln!(
        "rotel4 the same, counted from the crashes (old messages still in flight): {}",
        from_crashes.summary()
    );
}

/// Runs until all nodes agree; returns the leader.
fn settled(sim: &mut Sim<Option<u32>>, n: u32, what: &str) -> u32 {
    sim.run_for(S);
    agreed(sim, n, what)
}

#[test]
fn leader_crashes_rotate_to_the_next_id() {
    let mut times = Times::default();
    for build in BUILDS {
        for seed in 100..120u64 {
            let n = 3 + (seed % 5) as u32;
            let mut sim = rotel4_sim(build, n, seed, timely_links());
            let what = format!("{build:?}, n = {n}, seed {seed}");
            let mut leader = settled(&mut sim, n, &what);
            assert_eq!(leader, 0, "{what}: round 0 stays");
            for _ in 1..n {
                let crash_at = sim.now_us();
                sim.crash(leader);
                let next = settled(&mut sim, n, &what);
                assert_eq!(next, (leader + 1) % n, "{what}");
                let took = last_change(sim.trace(), &up(&sim, n), crash_at) - crash_at;
                let bound = config(n).election_bound_ms() * MS;
                assert!(took <= bound, "{what}: took {took} µs > {bound} µs");
                times.push_us(took);
                leader = next;
            }
        }
    }
    eprintln!(
        "rotel4 re-election after the leader crashed (bound (n+4)δ = 70..110 ms): {}",
        times.summary()
    );
}

#[test]
fn slow_or_lossy_non_leader_demotes_nobody() {
    for build in BUILDS {
        for seed in 200..220u64 {
            let n = 3 + (seed % 5) as u32;
            let mut rng = Rng::new(seed);
            let mut sim = rotel4_sim(build, n, seed, timely_links());
            let what = format!("{build:?}, n = {n}, seed {seed}");
            let leader = settled(&mut sim, n, &what);
            let from = sim.now_us();
            // A non-leader whose messages are slow and lost.
            let slow = (leader + 1 + rng.range(0, u64::from(n) - 2) as u32) % n;
            for to in 0..n {
                sim.set_link(
                    slow,
                    to,
                    LinkConfig {
                        loss: 0.3,
                        ..lossy(80 * MS)
                    },
                );
            }
            sim.run_for(5 * S);
            assert_eq!(
                last_change(sim.trace(), &(0..n).collect::<Vec<_>>(), from),
                from,
                "{what}: slow {slow}"
            );
            assert_eq!(agreed(&sim, n, &what), leader);
        }
    }
}

#[test]
fn restarted_process_rejoins_without_demoting_the_leader() {
    let mut times = Times::default();
    for build in BUILDS {
        for seed in 300..320u64 {
            let n = 3 + (seed % 5) as u32;
            let mut rng = Rng::new(seed);
            let mut sim = rotel4_sim(build, n, seed, timely_links());
            let what = format!("{build:?}, n = {n}, seed {seed}");
            let mut leader = settled(&mut sim, n, &what);
            if rng.chance(50) {
                // Move away from round 0 first.
                sim.crash(leader);
                leader = settled(&mut sim, n, &what);
                sim.restart(0);
                sim.run_for(S);
            }
            let others: Vec<u32> = (0..n).filter(|&x| x != leader && sim.is_up(x)).collect();
            for &node in &others {
                let at = sim.now_us();
                sim.restart(node);
                sim.run_for(300 * MS);
                let ok = sim
                    .trace()
                    .outputs(node)
                    .find(|&(t, o)| t >= at && o == Some(leader));
                let (t, _) = ok.unwrap_or_else(|| panic!("{what}: {node} did not rejoin"));
                times.push_us(t - at);
                let unrestarted: Vec<u32> = (0..n).filter(|&x| x != node).collect();
                assert_eq!(
                    last_change(sim.trace(), &unrestarted, at),
                    at,
                    "{what}: restart of {node} changed outputs"
                );
                assert_eq!(agreed(&sim, n, &what), leader);
            }
        }
    }
    eprintln!(
        "rotel4 restarted process outputs the leader again after: {}",
        times.summary()
    );
}
