//! Why a TLS handshake failed, in the terms an operator acts on.

use rustls::{CertificateError, Error};

/// Why a peer's TLS handshake was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// The bytes are no TLS handshake: a peer without TLS, typically.
    #[error("not a TLS 1.3 handshake (a peer without TLS?)")]
    NotTls,
    /// The peer presented no certificate.
    #[error("no certificate presented")]
    NoCertificate,
    /// A certificate that does not chain to the CA.
    #[error("a certificate the CA did not sign")]
    UnknownIssuer,
    /// A certificate past its end of validity.
    #[error("an expired certificate")]
    Expired,
    /// A certificate before its start of validity.
    #[error("a certificate not valid yet")]
    NotValidYet,
    /// A certificate that names another node than the one dialled.
    #[error("a certificate for another node")]
    WrongName,
    /// Records that do not decrypt under this connection's keys: replayed
    /// or forged.
    #[error("records that do not decrypt (replayed or forged)")]
    Undecryptable,
    /// The peer refused our side of the handshake.
    #[error("the peer refused the handshake ({0})")]
    RefusedBy(String),
    /// Anything else rustls refused.
    #[error("TLS handshake failed: {0}")]
    Other(String),
}

impl Rejection {
    /// A short name of the kind, for logs and counting.
    pub fn kind(&self) -> &'static str {
        match self {
            Rejection::NotTls => "not TLS",
            Rejection::NoCertificate => "no certificate",
            Rejection::UnknownIssuer => "unknown issuer",
            Rejection::Expired => "expired certificate",
            Rejection::NotValidYet => "certificate not valid yet",
            Rejection::WrongName => "certificate for another node",
            Rejection::Undecryptable => "undecryptable records",
            Rejection::RefusedBy(_) => "refused by the peer",
            Rejection::Other(_) => "TLS failure",
        }
    }

    /// What a rustls error means here.
    pub fn of(error: &Error) -> Rejection {
        use CertificateError as C;
        match error {
            Error::InvalidMessage(_)
            | Error::InappropriateMessage { .. }
            | Error::InappropriateHandshakeMessage { .. } => Rejection::NotTls,
            Error::NoCertificatesPresented => Rejection::NoCertificate,
            Error::InvalidCertificate(C::UnknownIssuer | C::BadSignature) => {
                Rejection::UnknownIssuer
            }
            Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => Rejection::Expired,
            Error::InvalidCertificate(C::NotValidYet | C::NotValidYetContext { .. }) => {
                Rejection::NotValidYet
            }
            Error::InvalidCertificate(C::NotValidForName | C::NotValidForNameContext { .. }) => {
                Rejection::WrongName
            }
            Error::DecryptError => Rejection::Undecryptable,
            Error::AlertReceived(alert) => Rejection::RefusedBy(format!("{alert:?}")),
            other => Rejection::Other(other.to_string()),
        }
    }

    /// What an i/o error of a TLS stream means here, if rustls raised it.
    pub fn of_io(error: &std::io::Error) -> Option<Rejection> {
        error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<Error>())
            .map(Rejection::of)
    }
}
