//! One fault: where, what, when, at which node.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::kind::Kind;
use super::site::{Site, Struck};
use crate::state::State;

/// One fault: where, what, when; `detail` seeds the choice of the bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Fault {
    /// Where it hits.
    pub site: Site,
    /// What it does to the bits.
    pub kind: Kind,
    /// When, in true µs from the start of the run.
    pub at_us: u64,
    /// The node it hits (its state, the message it receives, the alarm it
    /// sets; any node's operation for the arithmetic site).
    pub node: u32,
    /// The seed of the choices of the bits.
    pub detail: u64,
}

impl Fault {
    /// A fault of `site` and `kind` at a random node of `n`, at a random
    /// time in `window_us`.
    pub fn random(
        site: Site,
        kind: Kind,
        window_us: core::ops::Range<u64>,
        n: u32,
        rng: &mut SmallRng,
    ) -> Self {
        Fault {
            site,
            kind,
            at_us: rng.random_range(window_us),
            node: rng.random_range(0..n),
            detail: rng.random(),
        }
    }
}

impl core::fmt::Display for Fault {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{} {} at node {}, {} µs",
            self.site, self.kind, self.node, self.at_us
        )
    }
}

impl Fault {
    /// Strikes `state` now, as a faulty run of a campaign strikes the state
    /// of node `self.node` at `self.at_us`: the same choice of target and
    /// bits, seeded by `detail`. For a node outside the simulator (a live
    /// one, say); only the state sites strike this way.
    pub fn strike_state(&self, state: &mut dyn State) -> Result<Struck, String> {
        let covered = match self.site {
            Site::StateWord => true,
            Site::Uncovered => false,
            other => return Err(format!("the {other} site does not strike a node's state")),
        };
        let mut rng = SmallRng::seed_from_u64(self.detail);
        super::site::strike(state, covered, self.kind, &mut rng)
            .ok_or_else(|| format!("the state has no {} target", self.site))
    }
}
