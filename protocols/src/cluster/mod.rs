//! Clusters of `anguard node` processes on loopback (feature `cli`): the
//! harness behind `anguard cluster` and `anguard bench`, and the command's
//! tests. Each node's `--json` lines are read on a background thread,
//! stamped on arrival and merged into one sequence of changes.
//! [`SideBySide`] runs both builds' clusters at once (the demo), and a
//! [`Verdict`] judges a run from what its nodes said.

mod processes;
mod side_by_side;
mod timeline;
mod verdict;

use std::ffi::OsString;

pub use processes::{Change, ClusterError, NodeStats, Processes, loopback_addresses};
pub use side_by_side::{Side, SideBySide, stale_after};
pub use timeline::{Happening, Timeline};
pub use verdict::{Observed, Verdict, Wrong};

use anguard::net::tls::TlsFiles;

use crate::algo::{Config, Variant};

/// The flags that make an `anguard node` run `config` in `variant`: every
/// node of a cluster must be given the same.
pub fn node_flags(config: &Config, variant: Variant) -> Vec<OsString> {
    let mut flags: Vec<(&str, String)> = vec![
        ("--algo", config.algo().name().to_string()),
        ("--variant", variant.name().to_string()),
    ];
    match config {
        Config::Hale(c) => flags.extend([
            ("--period", c.period().to_string()),
            ("--lease", c.lease().to_string()),
            ("--delta", c.delta().to_string()),
            ("--drift-ppm", c.drift_ppm().to_string()),
        ]),
        Config::Rotel4(c) => flags.push(("--period", c.delta().to_string())),
    }
    flags
        .into_iter()
        .flat_map(|(flag, value)| [OsString::from(flag), OsString::from(value)])
        .collect()
}

/// The flags that make an `anguard node` use `files` for mutual TLS (`{id}`
/// in a path stands for the node's id).
pub fn tls_flags(files: &TlsFiles) -> Vec<OsString> {
    [
        ("--tls-cert", &files.cert),
        ("--tls-key", &files.key),
        ("--tls-ca", &files.ca),
    ]
    .into_iter()
    .flat_map(|(flag, path)| [OsString::from(flag), path.clone().into_os_string()])
    .collect()
}
