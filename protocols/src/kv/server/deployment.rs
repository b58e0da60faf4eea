//! The setup of one replica of a real deployment: its peers at the
//! addresses given, its Redis clients on one port of each peer's host (one
//! replica per machine), or at addresses given (several on one host).

use std::net::SocketAddr;
use std::path::Path;

use anguard::Hardening;

use super::loopback::wal_path;
use super::{ServerConfig, ServerError};
use crate::algo::Variant;
use crate::kv::KvConfig;

/// Where the replicas serve Redis clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientAddrs {
    /// Each on this port of its host in the peer list.
    Port(u16),
    /// Each at its own address, by id.
    List(Vec<SocketAddr>),
}

impl ClientAddrs {
    /// The port Redis servers use, plus one: a replica can run beside one.
    pub const DEFAULT_PORT: u16 = 6380;

    /// Every replica's client address, for replicas at `peers`.
    pub fn resolve(self, peers: &[SocketAddr]) -> Vec<SocketAddr> {
        match self {
            ClientAddrs::Port(port) => peers
                .iter()
                .map(|peer| SocketAddr::new(peer.ip(), port))
                .collect(),
            ClientAddrs::List(clients) => clients,
        }
    }
}

/// Replica `id`'s setup among replicas at `peers` (by id), its write-ahead
/// log in `data/replica-<id>.wal`, at [`Hardening::An`], forwarding to the
/// leader.
///
/// ```
/// use anguard_protocols::algo::Variant;
/// use anguard_protocols::kv::KvConfig;
/// use anguard_protocols::kv::server::deployment::{ClientAddrs, deployment};
///
/// let peers = ["10.0.0.1:7000", "10.0.0.2:7000", "10.0.0.3:7000"].map(|a| a.parse().unwrap());
/// let kv = KvConfig::with_heartbeat(3, 100).unwrap();
/// let config = deployment(1, peers.to_vec(), ClientAddrs::Port(6380), "data".as_ref(), kv, Variant::Encoded)
///     .unwrap();
/// assert_eq!(config.clients[2], "10.0.0.3:6380".parse().unwrap());
/// assert_eq!(config.wal, std::path::Path::new("data/replica-1.wal"));
/// ```
pub fn deployment(
    id: u32,
    peers: Vec<SocketAddr>,
    clients: ClientAddrs,
    data: &Path,
    kv: KvConfig,
    variant: Variant,
) -> Result<ServerConfig, ServerError> {
    let config = ServerConfig {
        id,
        clients: clients.resolve(&peers),
        peers,
        wal: wal_path(data, id),
        kv,
        variant,
        hardening: Hardening::An,
        tls: None,
        forward: true,
    };
    config.validate()?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addrs(list: &[&str]) -> Vec<SocketAddr> {
        list.iter().map(|a| a.parse().unwrap()).collect()
    }

    fn setup(peers: &[&str], clients: ClientAddrs) -> Result<ServerConfig, ServerError> {
        let kv = KvConfig::with_heartbeat(peers.len() as u32, 50).unwrap();
        deployment(0, addrs(peers), clients, Path::new("d"), kv, Variant::Plain)
    }

    #[test]
    fn clients_listed_are_taken_as_given() {
        let clients = addrs(&["127.0.0.1:1", "127.0.0.1:2"]);
        let config = setup(
            &["127.0.0.1:10", "127.0.0.1:11"],
            ClientAddrs::List(clients.clone()),
        )
        .unwrap();
        assert_eq!(config.clients, clients);
    }

    #[test]
    fn inconsistent_setups_are_refused() {
        let peers = ["127.0.0.1:10", "127.0.0.1:11"];
        // One client address too few.
        let short = ClientAddrs::List(addrs(&["127.0.0.1:1"]));
        assert!(matches!(setup(&peers, short), Err(ServerError::Config(_))));
        // Two replicas at one client address: both on one host and port.
        let shared = ClientAddrs::Port(6380);
        assert!(matches!(setup(&peers, shared), Err(ServerError::Config(_))));
        // A client address that is also a peer address.
        let clash = ClientAddrs::List(addrs(&["127.0.0.1:11", "127.0.0.1:12"]));
        assert!(matches!(setup(&peers, clash), Err(ServerError::Config(_))));
    }
}
