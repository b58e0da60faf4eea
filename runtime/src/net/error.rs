//! Why a node could not run, or stopped.

use std::net::SocketAddr;

use super::config::ConfigError;
use crate::fault::Fault;

/// Why a node could not run, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    /// The configuration is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The listening address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The tokio runtime could not be set up.
    #[error("cannot set up the runtime: {0}")]
    Runtime(std::io::Error),
    /// A check found an invalid word: the node stopped instead of lying.
    #[error("node stopped: {0}")]
    Fault(Fault),
}
