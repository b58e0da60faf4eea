//! A campaign's options and its scenarios: which protocol, which seed, which
//! faults; all drawn from the campaign's seed.

use core::ops::Range;

use rand::SeedableRng;
use rand::rngs::SmallRng;

use super::fault::Fault;
use super::kind::Kind;
use super::site::Site;

/// A fault-injection campaign: how many faults, where, of what kinds, and
/// how each run goes. The same options and seed give the same campaign, on
/// any number of threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    /// Faulty runs per build (every build of a scenario gets the same faults).
    pub runs: usize,
    /// The campaign's seed.
    pub seed: u64,
    /// The sites, taken in turn.
    pub sites: Vec<Site>,
    /// The kinds, taken in turn once every site has had one.
    pub kinds: Vec<Kind>,
    /// How long each run lasts, in true µs.
    pub run_us: u64,
    /// Faults strike at a uniformly random true time in this window: after
    /// the protocol has settled, long enough before the end for their
    /// effects to show.
    pub window_us: Range<u64>,
    /// How many faults one fault-free run serves, per build.
    pub faults_per_scenario: usize,
    /// Worker threads; 0: one per core.
    pub threads: usize,
}

impl Default for Campaign {
    /// 2000 runs, seed 1, every site this build has and every kind; runs of
    /// 3 s with faults between 0.8 and 2 s; 8 faults per scenario; all cores.
    fn default() -> Self {
        Self {
            runs: 2_000,
            seed: 1,
            sites: Site::available(),
            kinds: Kind::ALL.to_vec(),
            run_us: 3_000_000,
            window_us: 800_000..2_000_000,
            faults_per_scenario: 8,
            threads: 0,
        }
    }
}

/// One scenario: a protocol, a seed for its simulations, and the faults
/// that strike its runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Scenario {
    pub index: usize,
    /// The protocol (an index into the campaign's targets).
    pub target: usize,
    pub seed: u64,
    pub faults: Vec<Fault>,
}

impl Campaign {
    /// How many scenarios the campaign's runs take.
    pub fn scenarios(&self) -> usize {
        self.runs.div_ceil(self.faults_per_scenario.max(1))
    }

    /// Scenario `index` of a campaign over `targets` protocols, whose
    /// `target`-th protocol has `nodes[target]` nodes. Protocols take turns.
    pub(super) fn scenario(&self, index: usize, nodes: &[u32]) -> Scenario {
        let per = self.faults_per_scenario.max(1);
        let target = index % nodes.len();
        let mut rng =
            SmallRng::seed_from_u64(self.seed ^ (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let faults = (0..per.min(self.runs - index * per))
            .map(|i| {
                let k = index * per + i;
                let site = self.sites[k % self.sites.len()];
                let kind = self.kinds[(k / self.sites.len()) % self.kinds.len()];
                Fault::random(site, kind, self.window_us.clone(), nodes[target], &mut rng)
            })
            .collect();
        Scenario {
            index,
            target,
            seed: self.seed.wrapping_mul(1_000_003).wrapping_add(index as u64),
            faults,
        }
    }
}
