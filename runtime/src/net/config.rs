//! A node's network configuration: its id, the static peer list, limits.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::tls::TlsFiles;

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
    /// A TLS configuration made for another node.
    #[error("the TLS configuration is node {tls}'s, not node {id}'s")]
    TlsId {
        /// The node the certificate names.
        tls: u32,
        /// Our id.
        id: u32,
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
    /// Some of the TLS fields, not all three.
    #[error("bad peer file: tls-cert, tls-key and tls-ca go together; {0} is missing")]
    PartialTls(&'static str),
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
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PeerFile {
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    tls_ca: Option<PathBuf>,
    peer: Vec<PeerEntry>,
}

impl PeerFile {
    /// The TLS files, if the file names them (all three, or none).
    fn tls(&self) -> Result<Option<TlsFiles>, ConfigError> {
        match (&self.tls_cert, &self.tls_key, &self.tls_ca) {
            (None, None, None) => Ok(None),
            (Some(cert), Some(key), Some(ca)) => Ok(Some(TlsFiles::new(cert, key, ca))),
            (None, _, _) => Err(ConfigError::PartialTls("tls-cert")),
            (_, None, _) => Err(ConfigError::PartialTls("tls-key")),
            (_, _, None) => Err(ConfigError::PartialTls("tls-ca")),
        }
    }
}

/// What a peer file gives: every node's address, and the TLS files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerList {
    /// The address of every node, by id.
    pub peers: Vec<SocketAddr>,
    /// The node's certificate, key and CA (`{id}` in a path stands for the
    /// node's id), if the file names them.
    pub tls: Option<TlsFiles>,
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
    peer_list_from_toml(text).map(|list| list.peers)
}

/// Parses a TOML peer list with its optional TLS fields:
///
/// ```
/// use anguard::net::config::peer_list_from_toml;
///
/// let list = peer_list_from_toml(r#"
///     tls-cert = "certs/node-{id}/node.crt"
///     tls-key = "certs/node-{id}/node.key"
///     tls-ca = "certs/ca.crt"
///     [[peer]]
///     id = 0
///     addr = "127.0.0.1:7000"
/// "#).unwrap();
/// assert_eq!(list.tls.unwrap().for_node(0).key, std::path::Path::new("certs/node-0/node.key"));
/// assert!(peer_list_from_toml("tls-ca = \"ca.crt\"\n[[peer]]\nid = 0\naddr = \"127.0.0.1:1\"").is_err());
/// ```
pub fn peer_list_from_toml(text: &str) -> Result<PeerList, ConfigError> {
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
    Ok(PeerList {
        peers: peers
            .into_iter()
            .map(|p| p.expect("every id 0..n was set"))
            .collect(),
        tls: file.tls()?,
    })
}

/// Reads a TOML peer list from `path` (see [`peers_from_toml`]).
pub fn peers_from_file(path: impl AsRef<Path>) -> Result<Vec<SocketAddr>, ConfigError> {
    peer_list_from_file(path).map(|list| list.peers)
}

/// Reads a TOML peer list from `path` (see [`peer_list_from_toml`]);
/// relative TLS paths are taken from the file's folder.
pub fn peer_list_from_file(path: impl AsRef<Path>) -> Result<PeerList, ConfigError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut list = peer_list_from_toml(&text)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    list.tls = list.tls.map(|files| files.relative_to(dir));
    Ok(list)
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
    /// Mutual TLS with every peer (see [`tls`](super::tls)); without it,
    /// peers are not authenticated.
    pub tls: Option<super::tls::Tls>,
}

impl NetConfig {
    /// The defaults for node `id` of `peers`: 64 KiB frames, 64 queued
    /// messages per peer, backoff 50 ms – 2 s, handshake within 2 s, inbound
    /// connections closed after 10 s of silence, at most 2n + 4 of them, no TLS.
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
            tls: None,
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
        if let Some(tls) = &self.tls
            && tls.id() != self.id
        {
            return Err(ConfigError::TlsId {
                tls: tls.id(),
                id: self.id,
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
