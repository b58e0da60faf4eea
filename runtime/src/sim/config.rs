//! How a simulation is set up.

use super::network::LinkConfig;
use super::trace::TraceLevel;

/// How a simulation is set up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimConfig {
    /// The number of nodes.
    pub n: u32,
    /// The seed of every random choice.
    pub seed: u64,
    /// Every link, until changed with [`Sim::set_link`](super::Sim::set_link).
    pub link: LinkConfig,
    /// The drift bound ρ, in ppm: each clock drifts by a random rate in `[-ρ, ρ]`.
    pub max_drift_ppm: u32,
    /// Each clock starts at a random offset in `[0, max_offset_us]`.
    pub max_offset_us: u64,
    /// How much to record.
    pub trace: TraceLevel,
    /// Whether a panic other than a [`Fault`](crate::fault::Fault) stops the
    /// node (recorded as [`Event::Panic`](super::Event::Panic)) instead of
    /// unwinding out of the simulator.
    pub catch_panics: bool,
}

impl Default for SimConfig {
    /// 3 nodes, seed 0, default links, ρ = 100 ppm, offsets up to 1 s.
    fn default() -> Self {
        Self {
            n: 3,
            seed: 0,
            link: LinkConfig::default(),
            max_drift_ppm: 100,
            max_offset_us: 1_000_000,
            trace: TraceLevel::Full,
            catch_panics: false,
        }
    }
}
