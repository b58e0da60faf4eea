//! The election campaign of `anguard inject`: hale and rotel4, both builds,
//! in the simulator, held to the [election properties](crate::election).

use anguard::campaign::{Build, Target};
use anguard::sim::{LinkConfig, SimConfig};
use anguard::state::coverage::{self, Bits};
use anguard::{Hardening, Word};

use crate::algo::{Algo, Config, ConfigError, Election, ProtocolFn, Variant};
use crate::election::ElectionProperties;

/// Nodes per run.
pub const NODES: u32 = 3;
/// The heartbeat period, in ms (EP for hale, δ for rotel4).
pub const PERIOD_MS: u32 = 20;

/// How the campaign's runs are simulated: links of 0.5 to 3 ms, clocks
/// drifting up to 100 ppm and offset up to 1 s.
pub fn sim_config() -> SimConfig {
    SimConfig {
        n: NODES,
        link: LinkConfig {
            delay_min_us: 500,
            delay_max_us: 3_000,
            ..LinkConfig::default()
        },
        max_drift_ppm: 100,
        max_offset_us: 1_000_000,
        ..SimConfig::default()
    }
}

/// hale and rotel4 of [`NODES`] nodes at [`PERIOD_MS`], each in both builds
/// at [`Hardening::An`].
pub fn election_targets() -> Result<Vec<Target<Option<u32>>>, ConfigError> {
    hardened_election_targets(&[Hardening::An])
}

/// hale and rotel4 of [`NODES`] nodes at [`PERIOD_MS`], each in both builds
/// at each of `levels`: the protocols `anguard inject` runs a campaign over.
pub fn hardened_election_targets(
    levels: &[Hardening],
) -> Result<Vec<Target<Option<u32>>>, ConfigError> {
    Algo::ALL
        .into_iter()
        .map(|algo| Ok(Config::new(algo, NODES, PERIOD_MS)?.campaign_target(sim_config(), levels)))
        .collect()
}

/// The name of a build of `variant` at `hardening`: the variant's own at
/// [`Hardening::An`] (`plain`, `encoded`), else suffixed (`encoded-dup`).
pub fn build_name(variant: Variant, hardening: Hardening) -> String {
    match hardening {
        Hardening::An => variant.name().to_string(),
        Hardening::AnDup => format!("{}-dup", variant.name()),
    }
}

impl Config {
    /// This configuration under test: both builds at each of `levels`,
    /// simulated as `sim` says, held to its election's properties.
    pub fn campaign_target(&self, sim: SimConfig, levels: &[Hardening]) -> Target<Option<u32>> {
        let properties = match self {
            Config::Hale(c) => ElectionProperties::strong(c.n()),
            Config::Rotel4(c) => ElectionProperties::eventual(c.n(), c.delta()),
        };
        let builds = levels
            .iter()
            .flat_map(|&level| Variant::ALL.map(|variant| (variant, level)));
        builds.fold(
            Target::new(self.algo().name(), sim, properties),
            |target, (variant, level)| {
                target.build(self.with_protocol(variant, MakeBuild(variant, level)))
            },
        )
    }
}

/// A campaign's build of a protocol.
struct MakeBuild(Variant, Hardening);

impl ProtocolFn for MakeBuild {
    type Output = Build<Option<u32>>;
    fn call<W, P>(self, protocol: impl Fn() -> P + Send + Sync + 'static) -> Build<Option<u32>>
    where
        W: Word,
        P: Election<W>,
    {
        Build::hardened::<W, P>(build_name(self.0, self.1), self.1, move |_| protocol())
    }
}

/// The share of each election protocol's state its encoded build covers:
/// the inline bits of its state type, as `COVERAGE` lists them (vector
/// elements, on the heap, apart).
pub fn state_coverage() -> [(Algo, Bits); 2] {
    let of = |layout, name| coverage::share(layout, name).expect("the protocol's state type");
    [
        (Algo::Hale, of(crate::hale::encoded::COVERAGE, "Hale")),
        (Algo::Rotel4, of(crate::rotel4::encoded::COVERAGE, "Rotel4")),
    ]
}
