//! What the transport proved about a peer, and whether that admits the id
//! its hello claims.

use rustls::pki_types::{CertificateDer, ServerName};
use rustls::server::ParsedCertificate;

use super::node_name;

/// Who the peer proved to be before its hello.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerIdentity {
    /// Nothing: a connection without TLS.
    Unauthenticated,
    /// A certificate the CA signed, valid now.
    Certified(CertificateDer<'static>),
}

/// The hello claims an id that the peer's certificate does not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the peer's certificate does not name node {claimed}, the id its hello claims")]
pub struct NotCertified {
    /// The id the hello claims.
    pub claimed: u32,
}

impl PeerIdentity {
    /// Whether the peer may speak as node `id`: anyone may without TLS; with
    /// it, only a peer whose certificate names `node-<id>.anguard`.
    ///
    /// ```
    /// # #[cfg(feature = "certs")]
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use anguard::net::tls::{PeerIdentity, certs::Authority};
    ///
    /// let ca = Authority::new("example")?;
    /// let cert = PeerIdentity::Certified(ca.issue(1, ca.validity())?.cert_der());
    /// assert!(cert.admits(1).is_ok());
    /// assert!(cert.admits(2).is_err());
    /// assert!(PeerIdentity::Unauthenticated.admits(2).is_ok());
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "certs"))]
    /// # fn main() {}
    /// ```
    pub fn admits(&self, id: u32) -> Result<(), NotCertified> {
        match self {
            PeerIdentity::Unauthenticated => Ok(()),
            PeerIdentity::Certified(cert) => certificate_names(cert, id)
                .then_some(())
                .ok_or(NotCertified { claimed: id }),
        }
    }
}

/// Whether `cert` (DER, any bytes) names node `id`.
pub(crate) fn certificate_names(cert: &CertificateDer<'_>, id: u32) -> bool {
    let Ok(name) = ServerName::try_from(node_name(id)) else {
        return false;
    };
    ParsedCertificate::try_from(cert)
        .and_then(|parsed| rustls::client::verify_server_name(&parsed, &name))
        .is_ok()
}
