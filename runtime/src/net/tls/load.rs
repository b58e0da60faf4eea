//! Building a node's [`Tls`] from its certificate, key and CA, checking on
//! the way that the certificate is one its peers will accept.

use std::sync::Arc;

use rustls::client::Resumption;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::{NoServerSessionStorage, WebPkiClientVerifier};
use rustls::{ClientConfig, RootCertStore, ServerConfig};

use super::{Tls, node_name};

/// Why a TLS configuration could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A file could not be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// PEM data without what it should hold, or that does not parse.
    #[error("{what}: {reason}")]
    Pem {
        /// Which data (a file, or "the certificate").
        what: String,
        /// What is wrong.
        reason: String,
    },
    /// The CA certificate cannot anchor a chain.
    #[error("the CA certificate is unusable: {0}")]
    Ca(String),
    /// The node's own certificate would be refused by its peers.
    #[error("the certificate is not valid for node {id} ({}) under the CA: {reason}", node_name(*id))]
    OwnCertificate {
        /// The node.
        id: u32,
        /// Why (expired, another node's, not signed by the CA…).
        reason: String,
    },
    /// rustls refused the certificate and key (a key that is not the
    /// certificate's, for one).
    #[error("the certificate and key make no TLS configuration: {0}")]
    Config(rustls::Error),
}

/// Every certificate in `pem`, at least one.
pub(super) fn certificates(
    pem: &[u8],
    source: &str,
) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let error = |reason: String| TlsError::Pem {
        what: source.to_owned(),
        reason,
    };
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| error(e.to_string()))?;
    if certs.is_empty() {
        return Err(error("no PEM certificate (BEGIN CERTIFICATE)".into()));
    }
    Ok(certs)
}

pub(super) fn private_key(pem: &[u8], source: &str) -> Result<PrivateKeyDer<'static>, TlsError> {
    PrivateKeyDer::from_pem_slice(pem).map_err(|e| TlsError::Pem {
        what: source.to_owned(),
        reason: format!("no usable private key ({e})"),
    })
}

impl Tls {
    /// Node `id`'s configuration from PEM data: its certificate (chain,
    /// leaf first), its private key, and the CA certificate(s). Fails if the
    /// certificate is not one its peers would accept now: not signed by the
    /// CA, expired, or not naming node `id`.
    pub fn from_pem(id: u32, cert: &[u8], key: &[u8], ca: &[u8]) -> Result<Tls, TlsError> {
        Tls::new(
            id,
            certificates(cert, "the certificate")?,
            private_key(key, "the key")?,
            certificates(ca, "the CA certificate")?,
        )
    }

    /// As [`from_pem`](Self::from_pem), from DER.
    pub fn new(
        id: u32,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
        ca: Vec<CertificateDer<'static>>,
    ) -> Result<Tls, TlsError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = RootCertStore::empty();
        for cert in ca {
            roots.add(cert).map_err(|e| TlsError::Ca(e.to_string()))?;
        }
        let roots = Arc::new(roots);
        let ca_error = |e: rustls::server::VerifierBuilderError| TlsError::Ca(e.to_string());
        let server_verifier =
            WebPkiServerVerifier::builder_with_provider(roots.clone(), provider.clone())
                .build()
                .map_err(ca_error)?;
        let client_verifier = WebPkiClientVerifier::builder_with_provider(roots, provider.clone())
            .build()
            .map_err(ca_error)?;

        // Our own certificate, checked as each peer will check it.
        let own = |e: rustls::Error| TlsError::OwnCertificate {
            id,
            reason: super::Rejection::of(&e).to_string(),
        };
        let (leaf, intermediates) = chain.split_first().ok_or(TlsError::Pem {
            what: "the certificate".into(),
            reason: "no certificate".into(),
        })?;
        let name = ServerName::try_from(node_name(id)).expect("node names are DNS names");
        let now = UnixTime::now();
        server_verifier
            .verify_server_cert(leaf, intermediates, &name, &[], now)
            .map_err(own)?;
        client_verifier
            .verify_client_cert(leaf, intermediates, now)
            .map_err(own)?;

        let mut client = ClientConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&[&rustls::version::TLS13])
            .map_err(TlsError::Config)?
            .with_webpki_verifier(server_verifier)
            .with_client_auth_cert(chain.clone(), key.clone_key())
            .map_err(TlsError::Config)?;
        // Every connection a full handshake: both certificates, fresh keys.
        client.resumption = Resumption::disabled();
        let mut server = ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(&[&rustls::version::TLS13])
            .map_err(TlsError::Config)?
            .with_client_cert_verifier(client_verifier)
            .with_single_cert(chain, key)
            .map_err(TlsError::Config)?;
        server.session_storage = Arc::new(NoServerSessionStorage {});
        server.send_tls13_tickets = 0;
        Ok(Tls {
            id,
            client: Arc::new(client),
            server: Arc::new(server),
        })
    }
}
