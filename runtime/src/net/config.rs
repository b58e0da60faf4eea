//! A node's network configuration: its id, the static peer list, limits.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

/// What is wrong with a configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A peer address that does not parse or resolve.
    #[error("peer {index}: bad address {text:?}: {reason}")]
    Address {
        /// The position in the list.
        index: usize,
        /// The text given.
        text: String,
        /// Why.
        reason: String,
    },
    /// No peers at all.
    #[error("the peer list is empty")]
    Empty,
    /// Two entries with one id.
    #[error("peer id {0} appears twice")]
    DuplicateId(u32),
    /// Ids that are not exactly `0..n`.
    #[error("peer ids must be 0..{n}; id {missing} is missing")]
    MissingId {
        /// The number of peers.
        n: usize,
        /// The first id not given.
        missing: u32,
    },
    /// Our id is not in the list.
    #[error("node id {id} is outside the peer list 0..{n}")]
    IdOutside {
        /// Our id.
        id: u32,
        /// The number of peers.
        n: usize,
    },
    /// A limit of zero, or a backoff range upside down.
    #[error("bad limit: {0}")]
    Limit(&'static str),
    /// The TOML file could not be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The TOML did not parse.
    #[error("bad peer file: {0}")]
    Toml(String),
}

/// Parses `"host:port,host:port,…"`: the address of node i is the i-th.
///
/// ```
/// use anguard::net::config::parse_peers;
///
/// let peers = parse_peers("127.0.0.1:7000, 127.0.0.1:7001").unwrap();
/// assert_eq!(peers[1].port(), 7001);
/// assert!(parse_peers("127.0.0.1:7000,nonsense").is_err());
/// assert!(parse_peers("").is_err());
/// ```
pub fn parse_peers(list: &str) -> Result<Vec<SocketAddr>, ConfigError> {
    let peers = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .enumerate()
        .map(|(index, text)| resolve(index, text))
        .collect::<Result<Vec<_>, _>>()?;
    if peers.is_empty() {
        return Err(ConfigError::Empty);
    }
    Ok(peers)
}

fn resolve(index: usize, text: &str) -> Result<SocketAddr, ConfigError> {
    let error = |reason: String| ConfigError::Address {
        index,
        text: text.to_owned(),
        reason,
    };
    text.to_socket_addrs()
        .map_err(|e| error(e.to_string()))?
        .next()
        .ok_or_else(|| error("resolves to no address".into()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeerFile {
    peer: Vec<PeerEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeerEntry {
    id: u32,
    addr: String,
}

/// Parses a TOML peer list:
///
/// ```
/// use anguard::net::config::peers_from_toml;
///
/// let peers = peers_from_toml(r#"
///     [[peer]]
///     id = 1
///     addr = "127.0.0.1:7001"
///     [[peer]]
///     id = 0
///     addr = "127.0.0.1:7000"
/// "#).unwrap();
/// assert_eq!(peers[0].port(), 7000);
/// assert!(peers_from_toml("[[peer]]\nid = 1\naddr = \"127.0.0.1:1\"").is_err());
/// ```
pub fn peers_from_toml(text: &str) -> Result<Vec<SocketAddr>, ConfigError> {
    let file: PeerFile = toml::from_str(text).map_err(|e| ConfigError::Toml(e.to_string()))?;
    let n = file.peer.len();
    if n == 0 {
        return Err(ConfigError::Empty);
    }
    let mut peers: Vec<Option<SocketAddr>> = vec![None; n];
    for (index, entry) in file.peer.iter().enumerate() {
        let addr = resolve(index, &entry.addr)?;
        match peers.get_mut(entry.id as usize) {
            Some(Some(_)) => return Err(ConfigError::DuplicateId(entry.id)),
            Some(slot) => *slot = Some(addr),
            None => {
                // An id in 0..n that no entry of the file gives (one exists:
                // this entry's id lies outside 0..n).
                let missing = (0..n as u32)
                    .find(|&i| file.peer.iter().all(|e| e.id != i))
                    .unwrap_or(0);
                return Err(ConfigError::MissingId { n, missing });
            }
        }
    }
    Ok(peers
        .into_iter()
        .map(|p| p.expect("every id 0..n was set"))
        .collect())
}

/// Reads a TOML peer list from `path` (see [`peers_from_toml`]).
pub fn peers_from_file(path: impl AsRef<Path>) -> Result<Vec<SocketAddr>, ConfigError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    peers_from_toml(&text)
}

/// A node's configuration.
///
/// ```
/// use anguard::net::NetConfig;
/// use anguard::net::config::parse_peers;
///
/// let config = NetConfig::new(1, parse_peers("127.0.0.1:7000,127.0.0.1:7001").unwrap());
/// assert!(config.validate().is_ok());
/// assert_eq!(config.listen_addr().port(), 7001);
/// assert!(NetConfig::new(2, config.peers.clone()).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetConfig {
    /// This node's id.
    pub id: u32,
    /// The address of every node, by id (ours included).
    pub peers: Vec<SocketAddr>,
    /// Where to listen, if not at `peers[id]`.
    pub listen: Option<SocketAddr>,
    /// A tag of the protocol (and its parameters) that peers must share.
    pub protocol: u32,
    /// The largest frame accepted or sent, in bytes.
    pub max_frame: usize,
    /// Messages queued per peer while its connection is busy; more are dropped.
    pub queue: usize,
    /// Messages received and not yet handled; more are dropped.
    pub inbox: usize,
    /// The first reconnect delay.
    pub backoff_min: Duration,
    /// The longest reconnect delay.
    pub backoff_max: Duration,
    /// How long a handshake (and a connect) may take.
    pub handshake_timeout: Duration,
    /// How long an inbound connection may stay silent.
    pub idle_timeout: Duration,
    /// At most this many inbound connections at once.
    pub max_inbound: usize,
    /// A pre-shared key: if set, every frame carries a MAC under it and
    /// frames without a valid one are rejected (see [`auth`](super::auth)).
    pub key: Option<super::auth::Key>,
}

impl NetConfig {
    /// The defaults for node `id` of `peers`: 64 KiB frames, 64 queued
    /// messages per peer, backoff 50 ms – 2 s, handshake within 2 s, inbound
    /// connections closed after 10 s of silence, at most 2n + 4 of them, no key.
    pub fn new(id: u32, peers: Vec<SocketAddr>) -> Self {
        let max_inbound = 2 * peers.len() + 4;
        Self {
            id,
            peers,
            listen: None,
            protocol: 0,
            max_frame: 64 * 1024,
            queue: 64,
            inbox: 1024,
            backoff_min: Duration::from_millis(50),
            backoff_max: Duration::from_secs(2),
            handshake_timeout: Duration::from_secs(2),
            idle_timeout: Duration::from_secs(10),
            max_inbound,
            key: None,
        }
    }

    /// The number of nodes.
    pub fn n(&self) -> u32 {
        self.peers.len() as u32
    }

    /// Where this node listens.
    pub fn listen_addr(&self) -> SocketAddr {
        self.listen.unwrap_or_else(|| self.peers[self.id as usize])
    }

    /// Checks the configuration.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.peers.is_empty() {
            return Err(ConfigError::Empty);
        }
        if self.id as usize >= self.peers.len() {
            return Err(ConfigError::IdOutside {
                id: self.id,
                n: self.peers.len(),
            });
        }
        let limits = [
            (self.max_frame < 64, "max_frame must be at least 64 bytes"),
            (self.queue == 0, "queue must be positive"),
            (self.inbox == 0, "inbox must be positive"),
            (self.max_inbound == 0, "max_inbound must be positive"),
            (self.backoff_min.is_zero(), "backoff_min must be positive"),
            (
                self.backoff_min > self.backoff_max,
                "backoff_min exceeds backoff_max",
            ),
            (
                self.handshake_timeout.is_zero(),
                "handshake_timeout must be positive",
            ),
            (self.idle_timeout.is_zero(), "idle_timeout must be positive"),
        ];
        match limits.iter().find(|(bad, _)| *bad) {
            Some(&(_, what)) => Err(ConfigError::Limit(what)),
            None => Ok(()),
        }
    }
}
