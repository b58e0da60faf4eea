//! Shared pieces of the simulator tests: node factories for both builds,
//! a small seeded RNG for scenarios, and the leadership checks.
#![allow(dead_code)]

use anguard::Node;
use anguard::node_for;
use anguard::sim::{LinkConfig, Sim, SimConfig, Trace, TraceLevel};
use anguard_protocols::{HaleConfig, Rotel4Config, hale, rotel4};

pub const MS: u64 = 1_000;
pub const S: u64 = 1_000_000;

/// Which build of a protocol runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    Plain,
    Encoded,
}

pub const BUILDS: [Build; 2] = [Build::Plain, Build::Encoded];

pub fn hale_nodes(build: Build, config: HaleConfig) -> impl FnMut(u32) -> Box<dyn Node> + 'static {
    move |_| match build {
        Build::Plain => node_for(hale::plain::Hale::new(&config)),
        Build::Encoded => node_for(hale::encoded::Hale::new(&config)),
    }
}

pub fn rotel4_nodes(
    build: Build,
    config: Rotel4Config,
) -> impl FnMut(u32) -> Box<dyn Node> + 'static {
    move |_| match build {
        Build::Plain => node_for(rotel4::plain::Rotel4::new(&config)),
        Build::Encoded => node_for(rotel4::encoded::Rotel4::new(&config)),
    }
}

/// splitmix64: the scenarios' own randomness, apart from the simulator's.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x05EE_D0FA_11CE)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    /// A random subset of `0..n` of exactly `k` nodes.
    pub fn subset(&mut self, n: u32, k: u32) -> Vec<u32> {
        let mut all: Vec<u32> = (0..n).collect();
        for i in (1..all.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            all.swap(i, j);
        }
        all.truncate(k as usize);
        all.sort_unstable();
        all
    }
}

/// Links that are timely: delay at most `max_us`, no loss, reordering.
pub fn timely(max_us: u64) -> LinkConfig {
    LinkConfig {
        delay_min_us: 100,
        delay_max_us: max_us,
        loss: 0.0,
        duplicate: 0.0,
        reorder: true,
    }
}

/// Bad links: loss, duplication, reordering, delays up to `max_us`.
pub fn lossy(max_us: u64) -> LinkConfig {
    LinkConfig {
        delay_min_us: 100,
        delay_max_us: max_us,
        loss: 0.15,
        duplicate: 0.05,
        reorder: true,
    }
}

pub fn sim_config(n: u32, seed: u64, link: LinkConfig, drift_ppm: u32) -> SimConfig {
    SimConfig {
        n,
        seed,
        link,
        max_drift_ppm: drift_ppm,
        max_offset_us: 2 * S,
        trace: TraceLevel::Full,
        catch_panics: false,
    }
}

/// Every leadership interval `[from, to)` of every node, by start time.
pub fn leaderships(trace: &Trace<Option<u32>>, n: u32, end_us: u64) -> Vec<(u64, u64, u32)> {
    trace.leaderships(n, end_us)
}

/// Panics if two leadership intervals overlap in true time.
pub fn assert_no_overlap(trace: &Trace<Option<u32>>, n: u32, end_us: u64, what: &str) {
    if let Some([a, b]) = trace.overlapping_leaders(n, end_us) {
        panic!(
            "{what}: leaders overlap: node {} [{}, {}) µs and node {} [{}, {}) µs",
            a.2, a.0, a.1, b.2, b.0, b.1
        );
    }
}

/// The first true time at or after `from_us` at which some node in `nodes`
/// outputs itself as leader.
pub fn first_leader_since(
    trace: &Trace<Option<u32>>,
    nodes: &[u32],
    from_us: u64,
) -> Option<(u64, u32)> {
    nodes
        .iter()
        .filter_map(|&node| {
            if trace.output_at(node, from_us) == Some(node) {
                return Some((from_us, node));
            }
            trace
                .outputs(node)
                .find(|&(t, leader)| t >= from_us && leader == Some(node))
                .map(|(t, _)| (t, node))
        })
        .min()
}

/// The last time any of `nodes` changed its output (after `from_us`).
pub fn last_change(trace: &Trace<Option<u32>>, nodes: &[u32], from_us: u64) -> u64 {
    nodes
        .iter()
        .filter_map(|&node| {
            trace
                .outputs(node)
                .map(|(t, _)| t)
                .filter(|&t| t >= from_us)
                .max()
        })
        .max()
        .unwrap_or(from_us)
}

/// Summary statistics of measured times, in ms.
#[derive(Debug, Default)]
pub struct Times(pub Vec<f64>);

impl Times {
    pub fn push_us(&mut self, us: u64) {
        self.0.push(us as f64 / 1000.0);
    }
    pub fn summary(&self) -> String {
        if self.0.is_empty() {
            return "no samples".into();
        }
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        format!(
            "{} runs: min {:.1} ms, mean {:.1} ms, p90 {:.1} ms, max {:.1} ms",
            v.len(),
            v[0],
            mean,
            v[v.len() * 9 / 10],
            v[v.len() - 1]
        )
    }
    pub fn max(&self) -> f64 {
        self.0.iter().copied().fold(0.0, f64::max)
    }
}

/// Builds a simulation.
pub fn sim(
    config: SimConfig,
    factory: impl FnMut(u32) -> Box<dyn Node> + 'static,
) -> Sim<Option<u32>> {
    Sim::new(config, factory)
}
