//! hale and rotel4, written once over `u32` and built plain and encoded.
//!
//! Each algorithm is one module under `#[an_encode]`: `hale::plain` and
//! `hale::encoded` (likewise `rotel4`) are the same source, the second with
//! every `u32` an [`anguard::AnU32`]. Feature `encoded` (default) picks the
//! build [`Hale`] and [`Rotel4`] name, and so the one the binary runs.
//!
//! - [`hale`]: strong leader election on leases (at most one leader at any
//!   real time, majority support), configured by a validated [`HaleConfig`].
//! - [`rotel4`]: the stable rotating Ω for lossy links, configured by a
//!   validated [`Rotel4Config`].
//!
//! Both builds implement [`anguard::Protocol`] (their output: the leader a
//! process trusts, `Option<u32>`) and [`anguard::state::State`].
//!
//! Around them:
//! - [`election`]: the leader a cluster agrees on, who leads over time, and
//!   the properties a simulated run is held to;
//! - [`algo`]: an algorithm and a build chosen at run time, as a validated
//!   [`algo::Config`], with the one typed path from it to the protocol;
//! - [`campaign`]: hale and rotel4 as targets of an
//!   [`anguard::campaign`], the campaign of `anguard inject`;
//! - [`live_fault`]: the campaign's state faults struck into a live node,
//!   named after the field they hit;
//! - `cluster` and `bench` (feature `cli`): clusters of `anguard node`
//!   processes on loopback, and the election experiments run on them.
//!
//! ```
//! use anguard::{AnU32, node_for};
//! use anguard_protocols::{HaleConfig, hale};
//!
//! let config = HaleConfig::new(3, 100, 300, 10, 100)?;
//! let plain = node_for::<u32, _>(hale::plain::Hale::new(&config));
//! let encoded = node_for::<AnU32, _>(hale::encoded::Hale::new(&config));
//! assert!(!plain.encoded() && encoded.encoded());
//! # Ok::<(), anguard_protocols::HaleConfigError>(())
//! ```

pub mod algo;
#[cfg(feature = "cli")]
pub mod bench;
pub mod campaign;
#[cfg(feature = "cli")]
pub mod cluster;
pub mod election;
#[cfg(test)]
mod fake_io;
pub mod hale;
pub mod kv;
pub mod live_fault;
pub mod rotel4;

pub use hale::{HaleConfig, HaleConfigError};
pub use rotel4::{Rotel4Config, Rotel4ConfigError};

/// hale, in the build feature `encoded` selects.
#[cfg(feature = "encoded")]
pub type Hale = hale::encoded::Hale;
/// hale, in the build feature `encoded` selects.
#[cfg(not(feature = "encoded"))]
pub type Hale = hale::plain::Hale;

/// rotel4, in the build feature `encoded` selects.
#[cfg(feature = "encoded")]
pub type Rotel4 = rotel4::encoded::Rotel4;
/// rotel4, in the build feature `encoded` selects.
#[cfg(not(feature = "encoded"))]
pub type Rotel4 = rotel4::plain::Rotel4;
