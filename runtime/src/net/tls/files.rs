//! Where a node's certificate, key and CA are.

use std::path::{Path, PathBuf};

use super::Tls;
use super::load::{TlsError, certificates, private_key};

/// The PEM files of a node's TLS configuration. In each path, `{id}` stands
/// for the node's id, so that one set of paths serves every node of a
/// cluster (as `anguard certs` lays them out: `node-{id}/node.crt`).
///
/// ```
/// use anguard::net::tls::TlsFiles;
///
/// let files = TlsFiles::new("certs/node-{id}/node.crt", "certs/node-{id}/node.key", "certs/ca.crt");
/// assert_eq!(files.for_node(2).cert, std::path::Path::new("certs/node-2/node.crt"));
/// assert!(files.names_each_node());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// The node's certificate (its chain, leaf first).
    pub cert: PathBuf,
    /// The node's private key.
    pub key: PathBuf,
    /// The CA certificate(s) peers' certificates must chain to.
    pub ca: PathBuf,
}

/// What stands for the node's id in a path.
const ID: &str = "{id}";

impl TlsFiles {
    /// The files at these paths.
    pub fn new(cert: impl Into<PathBuf>, key: impl Into<PathBuf>, ca: impl Into<PathBuf>) -> Self {
        Self {
            cert: cert.into(),
            key: key.into(),
            ca: ca.into(),
        }
    }

    /// The paths of node `id`: `{id}` replaced by it.
    pub fn for_node(&self, id: u32) -> TlsFiles {
        let at = |path: &Path| PathBuf::from(path.to_string_lossy().replace(ID, &id.to_string()));
        TlsFiles {
            cert: at(&self.cert),
            key: at(&self.key),
            ca: at(&self.ca),
        }
    }

    /// Whether the certificate and key paths name a node (hold `{id}`), so
    /// that every node of a cluster gets its own.
    pub fn names_each_node(&self) -> bool {
        [&self.cert, &self.key]
            .iter()
            .all(|p| p.to_string_lossy().contains(ID))
    }

    /// Relative paths taken from `dir` (a peer file's folder).
    pub fn relative_to(&self, dir: &Path) -> TlsFiles {
        TlsFiles {
            cert: dir.join(&self.cert),
            key: dir.join(&self.key),
            ca: dir.join(&self.ca),
        }
    }

    /// Loads node `id`'s configuration from its files (see
    /// [`Tls::from_pem`]).
    pub fn load(&self, id: u32) -> Result<Tls, TlsError> {
        let files = self.for_node(id);
        let read = |path: &Path| {
            std::fs::read(path).map_err(|e| TlsError::Read {
                path: path.display().to_string(),
                reason: e.to_string(),
            })
        };
        let named = |path: &Path| path.display().to_string();
        let chain = certificates(&read(&files.cert)?, &named(&files.cert))?;
        let key = private_key(&read(&files.key)?, &named(&files.key))?;
        let ca = certificates(&read(&files.ca)?, &named(&files.ca))?;
        Tls::new(id, chain, key, ca).map_err(|error| match error {
            TlsError::OwnCertificate { id, reason } => TlsError::OwnCertificate {
                id,
                reason: format!("{}: {reason}", files.cert.display()),
            },
            other => other,
        })
    }
}
