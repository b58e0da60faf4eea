//! hale in the simulator: at most one leader at any true time under drift,
//! loss, delay, reordering, partitions and crash/restart; a leader within
//! the bound once a majority is timely; re-election after a crash; no leader
//! in a minority partition. Both builds, n from 3 to 7, many seeds.

mod common;

use anguard::sim::Sim;
use anguard_protocols::HaleConfig;
use common::*;

/// EP = 50, L = 150, δ = 10, ρ = 1000 ppm: span 148 > EP + 2δ = 70.
const EP: u32 = 50;
const LEASE: u32 = 150;
const DELTA: u32 = 10;
const DRIFT: u32 = 1000;

fn config(n: u32) -> HaleConfig {
    HaleConfig::new(n, EP, LEASE, DELTA, DRIFT).unwrap()
}

fn hale_sim(build: Build, n: u32, seed: u64, link: anguard::sim::LinkConfig) -> Sim<Option<u32>> {
    sim(
        sim_config(n, seed, link, DRIFT),
        hale_nodes(build, config(n)),
    )
}

/// Timely links: delay below δ (10 ms) in true time.
fn timely_links() -> anguard::sim::LinkConfig {
    timely(9 * MS)
}

/// The worst a chaotic phase delays a message, in µs.
const CHAOS_DELAY: u64 = 60 * MS;

/// Random partitions, crashes, restarts and bad links for `duration_us`.
fn chaos(sim: &mut Sim<Option<u32>>, rng: &mut Rng, n: u32, duration_us: u64) {
    let end = sim.now_us() + duration_us;
    while sim.now_us() < end {
        sim.run_for(rng.range(50 * MS, 800 * MS));
        match rng.range(0, 6) {
            0 => {
                let k = rng.range(1, u64::from(n) - 1) as u32;
                let side = rng.subset(n, k);
                let other: Vec<u32> = (0..n).filter(|x| !side.contains(x)).collect();
                sim.partition(&[&side, &other]);
            }
            1 => sim.heal(),
            2 => sim.crash(rng.range(0, u64::from(n) - 1) as u32),
            3 => sim.restart(rng.range(0, u64::from(n) - 1) as u32),
            4 => {
                let (a, b) = (
                    rng.range(0, u64::from(n) - 1) as u32,
                    rng.range(0, u64::from(n) - 1) as u32,
                );
                sim.set_link(a, b, lossy(CHAOS_DELAY));
            }
            5 => sim.isolate(rng.range(0, u64::from(n) - 1) as u32),
            _ => {
                for node in 0..n {
                    if !sim.is_up(node) {
                        sim.restart(node);
                    }
                }
            }
        }
    }
}

#[test]
fn leaders_never_overlap_under_chaos() {
    let mut leader_time = 0u64;
    for build in BUILDS {
        for seed in 0..80u64 {
            let n = 3 + (seed % 5) as u32;
            let mut rng = Rng::new(seed);
            let mut sim = hale_sim(build, n, seed, lossy(20 * MS));
            chaos(&mut sim, &mut rng, n, 20 * S);
            let end = sim.now_us();
            let what = format!("{build:?}, n = {n}, seed {seed}");
            assert_no_overlap(sim.trace(), n, end, &what);
            leader_time += leaderships(sim.trace(), n, end)
                .iter()
                .map(|(a, b, _)| b - a)
                .sum::<u64>();
        }
    }
    // Not vacuous: there were leaders most of the time.
    assert!(
        leader_time > 80 * 5 * S,
        "leaders for {leader_time} µs only"
    );
}

#[test]
fn leader_within_bound_once_a_majority_is_timely() {
    let mut times = Times::default();
    for build in BUILDS {
        for seed in 100..120u64 {
            let n = 3 + (seed % 5) as u32;
            let mut rng = Rng::new(seed);
            let mut sim = hale_sim(build, n, seed, lossy(20 * MS));
            chaos(&mut sim, &mut rng, n, 3 * S);
            // A timely majority; the rest cut off (or down).
            let k = rng.range(u64::from(n / 2 + 1), u64::from(n)) as u32;
            let majority = rng.subset(n, k);
            let rest: Vec<u32> = (0..n).filter(|x| !majority.contains(x)).collect();
            sim.set_all_links(timely_links());
            sim.heal();
            sim.partition(&[&majority, &rest]);
            for &node in &majority {
                if !sim.is_up(node) {
                    sim.restart(node);
                }
            }
            // Old messages are gone (delivered or lost) after CHAOS_DELAY.
            let stable = sim.now_us() + CHAOS_DELAY;
            sim.run_until(stable + 3 * S);
            let what = format!("{build:?}, n = {n}, seed {seed}, majority {majority:?}");
            assert_no_overlap(sim.trace(), n, sim.now_us(), &what);
            let (t, leader) = first_leader_since(sim.trace(), &majority, stable)
                .unwrap_or_else(|| panic!("{what}: no leader"));
            let bound = config(n).election_bound_ms() * MS;
            assert!(
                t - stable <= bound,
                "{what}: leader {leader} after {} µs > {bound} µs",
                t - stable
            );
            times.push_us(t - stable);
            // Then the lowest id of the majority leads for good (a node
            // restarted at `stable` may take over once its quiet period ends).
            let lowest = majority[0];
            assert_eq!(sim.outputs()[lowest as usize], Some(lowest), "{what}");
            let settled = last_change(sim.trace(), &majority, stable);
            assert!(
                settled <= stable + 2 * bound,
                "{what}: outputs changed at {settled} µs"
            );
        }
    }
    eprintln!(
        "hale election after stabilization (bound {} ms for EP {EP}, L {LEASE}, δ {DELTA}): {}",
        config(3).election_bound_ms(),
        times.summary()
    );
}

#[test]
fn new_leader_after_the_leader_crashes() {
    let mut first = Times::default();
    let mut again = Times::default();
    for build in BUILDS {
        for seed in 200..215u64 {
            let n = 3 + (seed % 5) as u32;
            let mut sim = hale_sim(build, n, seed, timely_links());
            let all: Vec<u32> = (0..n).collect();
            sim.run_for(2 * S);
            let (t0, leader) = first_leader_since(sim.trace(), &all, 0).expect("a first leader");
            first.push_us(t0);
            let crash_at = sim.now_us();
            sim.crash(leader);
            sim.run_for(2 * S);
            let others: Vec<u32> = all.iter().copied().filter(|&x| x != leader).collect();
            let (t, next) =
                first_leader_since(sim.trace(), &others, crash_at).expect("a new leader");
            let what = format!("{build:?}, n = {n}, seed {seed}");
            let bound = config(n).election_bound_ms() * MS;
            assert!(
                t - crash_at <= bound,
                "{what}: re-election took {} µs",
                t - crash_at
            );
            again.push_us(t - crash_at);
            assert_ne!(next, leader);
            // Everyone up follows the new leader.
            for &node in &others {
                assert_eq!(
                    sim.outputs()[node as usize],
                    Some(next),
                    "{what}: node {node}"
                );
            }
            assert_no_overlap(sim.trace(), n, sim.now_us(), &what);
        }
    }
    eprintln!(
        "hale first election from a cold start (quiet period L = {LEASE} ms included): {}",
        first.summary()
    );
    eprintln!(
        "hale re-election after the leader crashed (bound {} ms): {}",
        config(3).election_bound_ms(),
        again.summary()
    );
}

#[test]
fn no_leader_in_a_minority_partition() {
    for build in BUILDS {
        for seed in 300..315u64 {
            let n = 3 + (seed % 5) as u32;
            let mut rng = Rng::new(seed);
            let mut sim = hale_sim(build, n, seed, timely_links());
            let all: Vec<u32> = (0..n).collect();
            sim.run_for(2 * S);
            let (_, leader) = first_leader_since(sim.trace(), &all, 0).expect("a leader");
            // The leader ends up in the minority half the time.
            let k = rng.range(1, u64::from((n - 1) / 2)) as u32;
            let mut minority = rng.subset(n, k);
            if rng.chance(50) && !minority.contains(&leader) {
                minority[0] = leader;
                minority.sort_unstable();
                minority.dedup();
            }
            let majority: Vec<u32> = all
                .iter()
                .copied()
                .filter(|x| !minority.contains(x))
                .collect();
            let cut = sim.now_us();
            sim.partition(&[&minority, &majority]);
            sim.run_for(3 * S);
            let what = format!("{build:?}, n = {n}, seed {seed}, minority {minority:?}");
            let end = sim.now_us();
            for (from, to, node) in leaderships(sim.trace(), n, end) {
                if minority.contains(&node) {
                    assert!(from < cut, "{what}: node {node} became leader at {from} µs");
                    // Its support ran out within L.
                    assert!(
                        to <= cut + u64::from(LEASE) * MS,
                        "{what}: node {node} led until {to} µs"
                    );
                }
            }
            let (_, new_leader) =
                first_leader_since(sim.trace(), &majority, cut).expect("majority elects");
            assert_eq!(
                sim.outputs()[new_leader as usize],
                Some(new_leader),
                "{what}"
            );
            assert_no_overlap(sim.trace(), n, end, &what);
        }
    }
}

#[test]
fn handovers_after_restarts_never_overlap() {
    let mut gaps = Times::default();
    for build in BUILDS {
        for seed in 400..440u64 {
            let n = 3 + (seed % 5) as u32;
            let mut rng = Rng::new(seed);
            let mut sim = hale_sim(build, n, seed, timely(rng.range(1, 9) * MS));
            sim.run_for(S);
            for _ in 0..20 {
                // The lowest id goes down for a while: leadership passes to
                // the next and back, with random phases.
                sim.crash(0);
                sim.run_for(rng.range(300, 600) * MS);
                sim.restart(0);
                sim.run_for(rng.range(300, 600) * MS);
            }
            let end = sim.now_us();
            let what = format!("{build:?}, n = {n}, seed {seed}");
            assert_no_overlap(sim.trace(), n, end, &what);
            let all = leaderships(sim.trace(), n, end);
            for pair in all.windows(2) {
                if pair[0].2 != pair[1].2 {
                    gaps.push_us(pair[1].0 - pair[0].1);
                }
            }
        }
    }
    eprintln!(
        "hale handover gaps (old leader's end to new leader's start): {}",
        gaps.summary()
    );
}

/// Clocks drifting by up to ±10 % (ρ = 100 000 ppm), the leader's and its
/// successor's at opposite ends, with leadership handed over again and again:
/// the drift compensation `(1−ρ)/(1+ρ)` is what keeps the leaders apart.
#[test]
fn leaders_never_overlap_with_large_drift() {
    const RHO: u32 = 100_000;
    let mut gaps = Times::default();
    for build in BUILDS {
        for seed in 500..540u64 {
            let n = 3 + (seed % 5) as u32;
            let config = HaleConfig::new(n, EP, LEASE, DELTA, RHO).unwrap();
            let mut rng = Rng::new(seed);
            let mut sim = Sim::new(
                sim_config(n, seed, timely(rng.range(1, 9) * MS), RHO),
                hale_nodes(build, config),
            );
            // Supporters fast, candidates 0 and 1 slow: promises expire
            // early in true time, counts late.
            for node in 0..n {
                let mut clock = sim.clock(node);
                clock.drift_ppm = if node < 2 {
                    -i64::from(RHO)
                } else {
                    i64::from(RHO)
                };
                sim.set_clock(node, clock);
            }
            sim.run_for(S);
            for _ in 0..15 {
                sim.crash(0);
                sim.run_for(rng.range(300, 600) * MS);
                sim.restart(0);
                sim.run_for(rng.range(300, 600) * MS);
            }
            let end = sim.now_us();
            let what = format!("{build:?}, n = {n}, seed {seed}, ρ = 10 %");
            assert_no_overlap(sim.trace(), n, end, &what);
            let all = leaderships(sim.trace(), n, end);
            assert!(all.len() > 15, "{what}: {} leaderships", all.len());
            for pair in all.windows(2) {
                if pair[0].2 != pair[1].2 {
                    gaps.push_us(pair[1].0 - pair[0].1);
                }
            }
        }
    }
    eprintln!("hale handover gaps with ρ = 10 %: {}", gaps.summary());
}
