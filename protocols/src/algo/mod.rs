//! The protocols this crate ships, chosen at run time: an [`Algo`], a
//! [`Variant`] (the build) and a validated [`Config`]. Code that needs the
//! protocol's type goes through [`Config::with_protocol`], the one place
//! that maps a choice made at run time to a type.

mod config;
mod state_size;

pub use config::{Config, ConfigError, Election, ProtocolFn};
pub use state_size::StateSize;

/// The election algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Algo {
    /// Strong leader election on majority leases (at most one leader at a time).
    Hale,
    /// The stable rotating Ω of Aguilera et al. (eventually one leader).
    Rotel4,
}

impl Algo {
    /// Every algorithm.
    pub const ALL: [Algo; 2] = [Algo::Hale, Algo::Rotel4];

    /// The algorithm's name, as flags and outputs spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Algo::Hale => "hale",
            Algo::Rotel4 => "rotel4",
        }
    }
}

/// Which build of a protocol runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    /// The source as written, over u32.
    Plain,
    /// Every u32 AN-encoded; corrupted words stop the process.
    Encoded,
}

impl Variant {
    /// Both builds, plain first.
    pub const ALL: [Variant; 2] = [Variant::Plain, Variant::Encoded];

    /// The build [`Hale`](crate::Hale) and [`Rotel4`](crate::Rotel4) name
    /// (feature `encoded`).
    pub const DEFAULT: Variant = if cfg!(feature = "encoded") {
        Variant::Encoded
    } else {
        Variant::Plain
    };

    /// The build's name, as flags and outputs spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Variant::Plain => "plain",
            Variant::Encoded => "encoded",
        }
    }
}
