//! A validated configuration of one of the algorithms, and the typed path
//! from it to the protocol.

use core::fmt;

use anguard::state::State;
use anguard::{AnU32, Hardening, Node, Output, Protocol, Word, hardened_node_for};

use super::{Algo, Variant};
use crate::hale::{self, HaleConfig, HaleConfigError};
use crate::rotel4::{self, Rotel4Config, Rotel4ConfigError};

/// A protocol configuration, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Config {
    Hale(HaleConfig),
    Rotel4(Rotel4Config),
}

/// A configuration that does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid hale configuration")]
    Hale(#[from] HaleConfigError),
    #[error("invalid rotel4 configuration")]
    Rotel4(#[from] Rotel4ConfigError),
}

/// What every election protocol here is, in word type `W`: a protocol whose
/// output is the leader it trusts, with a state the campaign can reach.
pub trait Election<W: Word>:
    Protocol<W, Output: Output<Plain = Option<u32>> + Clone> + State + Clone + fmt::Debug + 'static
{
}

impl<W: Word, P> Election<W> for P where
    P: Protocol<W, Output: Output<Plain = Option<u32>> + Clone>
        + State
        + Clone
        + fmt::Debug
        + 'static
{
}

/// Something to do with a protocol's type: [`Config::with_protocol`] calls
/// [`call`](Self::call) with the protocol of the build it was asked for.
/// Every protocol here is an election: its output is the leader it trusts.
pub trait ProtocolFn {
    /// What it gives.
    type Output;
    /// Does it, with `protocol` making a fresh protocol.
    fn call<W, P>(self, protocol: impl Fn() -> P + Send + Sync + 'static) -> Self::Output
    where
        W: Word,
        P: Election<W>;
}

impl Config {
    /// The configuration of `algo` for `n` processes and heartbeat `period`
    /// (hale's other parameters as [`HaleConfig::for_period`] picks them).
    pub fn new(algo: Algo, n: u32, period: u32) -> Result<Self, ConfigError> {
        Ok(match algo {
            Algo::Hale => Config::Hale(HaleConfig::for_period(n, period)?),
            Algo::Rotel4 => Config::Rotel4(Rotel4Config::new(n, period)?),
        })
    }

    /// The algorithm.
    pub const fn algo(&self) -> Algo {
        match self {
            Config::Hale(_) => Algo::Hale,
            Config::Rotel4(_) => Algo::Rotel4,
        }
    }

    /// The number of processes.
    pub fn n(&self) -> u32 {
        match self {
            Config::Hale(c) => c.n(),
            Config::Rotel4(c) => c.n(),
        }
    }

    /// Calls `f` with the protocol of `variant`: the one map from a run-time
    /// choice to a type.
    pub fn with_protocol<F: ProtocolFn>(&self, variant: Variant, f: F) -> F::Output {
        match (*self, variant) {
            (Config::Hale(c), Variant::Plain) => {
                f.call::<u32, _>(move || hale::plain::Hale::new(&c))
            }
            (Config::Hale(c), Variant::Encoded) => {
                f.call::<AnU32, _>(move || hale::encoded::Hale::new(&c))
            }
            (Config::Rotel4(c), Variant::Plain) => {
                f.call::<u32, _>(move || rotel4::plain::Rotel4::new(&c))
            }
            (Config::Rotel4(c), Variant::Encoded) => {
                f.call::<AnU32, _>(move || rotel4::encoded::Rotel4::new(&c))
            }
        }
    }

    /// A fresh node of `variant`, behind its adapter; the encoded one also
    /// scrubs its state after every event.
    pub fn node(&self, variant: Variant) -> Box<dyn Node<Option<u32>>> {
        self.hardened_node(variant, Hardening::An)
    }

    /// A fresh node of `variant`, behind its adapter at `hardening` (the
    /// encoded one scrubs its state after every event).
    pub fn hardened_node(
        &self,
        variant: Variant,
        hardening: Hardening,
    ) -> Box<dyn Node<Option<u32>>> {
        struct MakeNode(Hardening);
        impl ProtocolFn for MakeNode {
            type Output = Box<dyn Node<Option<u32>>>;
            fn call<W, P>(
                self,
                protocol: impl Fn() -> P + Send + Sync + 'static,
            ) -> Box<dyn Node<Option<u32>>>
            where
                W: Word,
                P: Election<W>,
            {
                hardened_node_for::<W, P>(protocol(), self.0)
            }
        }
        self.with_protocol(variant, MakeNode(hardening))
    }

    /// A tag of the algorithm and every parameter (not `n`, which the
    /// handshake compares by itself): nodes configured differently refuse
    /// each other.
    pub fn wire_tag(&self) -> u32 {
        let words = match self {
            Config::Hale(c) => [1, c.period(), c.lease(), c.delta(), c.drift_ppm()],
            Config::Rotel4(c) => [2, c.delta(), 0, 0, 0],
        };
        // FNV-1a over the little-endian words.
        words
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .fold(0x811c_9dc5_u32, |h, b| {
                (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
            })
    }
}

/// The parameters, for people.
impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Config::Hale(c) => write!(
                f,
                "EP {} ms, L {} ms, δ {} ms, ρ {} ppm",
                c.period(),
                c.lease(),
                c.delta(),
                c.drift_ppm()
            ),
            Config::Rotel4(c) => write!(f, "δ {} ms", c.delta()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_tell_configurations_apart() {
        let hale = Config::new(Algo::Hale, 3, 100).unwrap();
        let rotel4 = Config::new(Algo::Rotel4, 3, 100).unwrap();
        let other_period = Config::new(Algo::Hale, 3, 50).unwrap();
        assert_ne!(hale.wire_tag(), rotel4.wire_tag());
        assert_ne!(hale.wire_tag(), other_period.wire_tag());
        assert_eq!(
            hale.wire_tag(),
            Config::new(Algo::Hale, 5, 100).unwrap().wire_tag()
        );
    }

    #[test]
    fn nodes_are_of_the_build_asked_for() {
        let config = Config::new(Algo::Rotel4, 3, 20).unwrap();
        assert!(!config.node(Variant::Plain).encoded());
        assert!(config.node(Variant::Encoded).encoded());
    }
}
