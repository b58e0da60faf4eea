//! Mutual TLS 1.3 between peers (rustls, with the `ring` provider).
//!
//! Every node holds a certificate signed by the cluster's CA that names its
//! id as the DNS name `node-<id>.anguard` ([`node_name`]), and the key that
//! goes with it. On every connection both ends present their certificate
//! and check the other's against the CA: a peer without one, with one the CA
//! did not sign, or with one that has expired, is refused during the TLS
//! handshake. Then the hello of the [`handshake`](super::handshake) must
//! claim the id that the certificate names: a node that holds the
//! certificate of node 1 cannot speak as node 2. Whatever is recorded off
//! the wire cannot be replayed: each connection has fresh keys from both
//! sides' randomness, records are numbered, and 0-RTT data is not accepted.
//!
//! ```
//! # #[cfg(feature = "certs")]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use anguard::net::tls::{Tls, certs::Authority, node_name};
//!
//! let ca = Authority::new("example cluster")?;
//! let node = ca.issue(1, ca.validity())?;
//! assert_eq!(node_name(1), "node-1.anguard");
//! let tls = Tls::from_pem(1, node.cert_pem.as_bytes(), node.key_pem.as_bytes(), ca.cert_pem().as_bytes())?;
//! assert_eq!(tls.id(), 1);
//! // Node 2 cannot use node 1's certificate.
//! assert!(Tls::from_pem(2, node.cert_pem.as_bytes(), node.key_pem.as_bytes(), ca.cert_pem().as_bytes()).is_err());
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "certs"))]
//! # fn main() {}
//! ```

#[cfg(feature = "certs")]
pub mod certs;
mod files;
mod identity;
mod load;
mod reject;

use std::fmt;
use std::sync::Arc;

/// The rustls this module is built on.
pub use rustls;

pub use files::TlsFiles;
pub use identity::{NotCertified, PeerIdentity};
pub use load::TlsError;
pub use reject::Rejection;

/// The DNS name a node's certificate carries for node `id`.
pub fn node_name(id: u32) -> String {
    format!("node-{id}.anguard")
}

/// A node's TLS configuration, loaded and checked: its certificate and key,
/// and the CA its peers' certificates must chain to. Cheap to clone.
#[derive(Clone)]
pub struct Tls {
    id: u32,
    client: Arc<rustls::ClientConfig>,
    server: Arc<rustls::ServerConfig>,
}

impl fmt::Debug for Tls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls")
            .field("name", &node_name(self.id))
            .finish_non_exhaustive()
    }
}

impl PartialEq for Tls {
    /// The same configuration, loaded once.
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && Arc::ptr_eq(&self.client, &other.client)
            && Arc::ptr_eq(&self.server, &other.server)
    }
}

impl Eq for Tls {}

impl Tls {
    /// The node whose certificate this is.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The configuration for connections this node dials.
    pub fn client_config(&self) -> Arc<rustls::ClientConfig> {
        self.client.clone()
    }

    /// The configuration for connections this node accepts.
    pub fn server_config(&self) -> Arc<rustls::ServerConfig> {
        self.server.clone()
    }
}
