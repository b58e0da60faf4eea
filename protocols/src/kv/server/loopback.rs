//! The setup of a cluster on one machine: replica i serves clients on
//! `port + i` and its peers on `peer_port + i`, all on 127.0.0.1, with its
//! write-ahead log in `data/replica-i.wal`.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use anguard::Hardening;

use super::ServerConfig;
use crate::algo::Variant;
use crate::kv::KvConfig;

/// Replica `id`'s setup in a loopback cluster of `kv.n()` replicas, at
/// [`Hardening::An`], forwarding to the leader.
pub fn loopback(
    id: u32,
    kv: KvConfig,
    port: u16,
    peer_port: u16,
    data: &Path,
    variant: Variant,
) -> Result<ServerConfig, String> {
    let n = kv.n();
    let addrs = |base: u16, what: &str| {
        (0..n)
            .map(|i| {
                u16::try_from(u32::from(base) + i)
                    .map(|port| SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
                    .map_err(|_| format!("{what} {base} + {i} is past port 65535"))
            })
            .collect::<Result<Vec<_>, _>>()
    };
    let clients = addrs(port, "client port")?;
    let peers = addrs(peer_port, "peer port")?;
    if clients.iter().any(|c| peers.contains(c)) {
        return Err(format!(
            "client ports {port}.. and peer ports {peer_port}.. overlap"
        ));
    }
    Ok(ServerConfig {
        id,
        peers,
        clients,
        wal: wal_path(data, id),
        kv,
        variant,
        hardening: Hardening::An,
        tls: None,
        forward: true,
    })
}

/// Where replica `id` of a loopback cluster keeps its write-ahead log.
pub fn wal_path(data: &Path, id: u32) -> PathBuf {
    data.join(format!("replica-{id}.wal"))
}
