//! A CA and node certificates for a cluster, made with rcgen: what
//! `anguard certs` writes, for quick starts and tests. For production, any
//! CA will do whose node certificates name `node-<id>.anguard` and allow
//! both server and client authentication.
//!
//! ```
//! use anguard::net::tls::certs::write_cluster;
//!
//! let dir = std::env::temp_dir().join(format!("anguard-certs-doc-{}", std::process::id()));
//! let written = write_cluster(3, &dir, 365)?;
//! assert!(dir.join("node-2/node.crt").is_file() && dir.join("ca.key").is_file());
//! assert_eq!(written.len(), 2 + 3 * 3);
//! // The CA key is never overwritten.
//! assert!(write_cluster(3, &dir, 365).is_err());
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::CertificateDer;

use super::node_name;

/// Why certificates could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum CertError {
    /// rcgen failed.
    #[error("cannot make a certificate: {0}")]
    Generate(#[from] rcgen::Error),
    /// A file is there already (a CA key is never overwritten).
    #[error("{0} exists already; choose another --out, or remove it")]
    Exists(String),
    /// A file or folder could not be written.
    #[error("cannot write {path}: {reason}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
}

/// When a certificate is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    /// From.
    pub not_before: SystemTime,
    /// Until.
    pub not_after: SystemTime,
}

impl Validity {
    /// From an hour ago (clocks differ a little) for `days` days.
    pub fn days_from_now(days: u32) -> Validity {
        let now = SystemTime::now();
        Validity {
            not_before: now - Duration::from_secs(3600),
            not_after: now + Duration::from_secs(86_400 * u64::from(days)),
        }
    }

    fn apply(&self, params: &mut CertificateParams) {
        params.not_before = self.not_before.into();
        params.not_after = self.not_after.into();
    }
}

/// A node's certificate and key, in PEM.
#[derive(Debug, Clone)]
pub struct NodeCert {
    /// The node.
    pub id: u32,
    /// Its certificate, signed by the CA.
    pub cert_pem: String,
    /// Its private key (PKCS#8).
    pub key_pem: String,
    der: CertificateDer<'static>,
}

impl NodeCert {
    /// The certificate in DER.
    pub fn cert_der(&self) -> CertificateDer<'static> {
        self.der.clone()
    }
}

/// A certificate authority: a self-signed CA certificate and its key.
#[derive(Debug)]
pub struct Authority {
    issuer: CertifiedIssuer<'static, KeyPair>,
    validity: Validity,
}

impl Authority {
    /// A new CA named after `cluster`, valid for ten years.
    pub fn new(cluster: &str) -> Result<Authority, CertError> {
        let validity = Validity::days_from_now(3650);
        let mut params = CertificateParams::default();
        params
            .distinguished_name
            .push(DnType::CommonName, format!("{cluster} CA"));
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        validity.apply(&mut params);
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate()?)?;
        Ok(Authority { issuer, validity })
    }

    /// When the CA's certificate is valid.
    pub fn validity(&self) -> Validity {
        self.validity
    }

    /// The CA certificate, which every node trusts.
    pub fn cert_pem(&self) -> String {
        self.issuer.pem()
    }

    /// The CA's private key: keep it off the nodes.
    pub fn key_pem(&self) -> String {
        self.issuer.key().serialize_pem()
    }

    /// A certificate and key for node `id`: it names `node-<id>.anguard`
    /// and serves for both ends of a connection.
    pub fn issue(&self, id: u32, validity: Validity) -> Result<NodeCert, CertError> {
        let name = node_name(id);
        let mut params = CertificateParams::new(vec![name.clone()])?;
        params.distinguished_name = rcgen::DistinguishedName::new();
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ];
        params.use_authority_key_identifier_extension = true;
        validity.apply(&mut params);
        let key = KeyPair::generate()?;
        let cert = params.signed_by(&key, &self.issuer)?;
        Ok(NodeCert {
            id,
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            der: cert.der().clone(),
        })
    }
}

/// Makes a CA and certificates for nodes `0..n`, valid for `days`, and
/// writes them under `dir`:
///
/// ```text
/// dir/ca.crt, dir/ca.key                   the CA (keep ca.key off the nodes)
/// dir/node-<i>/node.crt, node.key, ca.crt  what node i needs, to copy to its machine
/// ```
///
/// Keys are written readable by their owner only. Nothing is overwritten.
/// Returns the files written.
pub fn write_cluster(n: u32, dir: &Path, days: u32) -> Result<Vec<PathBuf>, CertError> {
    let ca = Authority::new("anguard cluster")?;
    let validity = Validity::days_from_now(days);
    let nodes = (0..n)
        .map(|id| ca.issue(id, validity))
        .collect::<Result<Vec<_>, _>>()?;
    let mut written = Vec::new();
    let mut write = |path: PathBuf, text: &str, secret: bool| -> Result<(), CertError> {
        write_new(&path, text, secret)?;
        written.push(path);
        Ok(())
    };
    create_dir(dir)?;
    write(dir.join("ca.key"), &ca.key_pem(), true)?;
    write(dir.join("ca.crt"), &ca.cert_pem(), false)?;
    for node in &nodes {
        let folder = dir.join(format!("node-{}", node.id));
        create_dir(&folder)?;
        write(folder.join("node.key"), &node.key_pem, true)?;
        write(folder.join("node.crt"), &node.cert_pem, false)?;
        write(folder.join("ca.crt"), &ca.cert_pem(), false)?;
    }
    Ok(written)
}

fn create_dir(dir: &Path) -> Result<(), CertError> {
    std::fs::create_dir_all(dir).map_err(|e| CertError::Write {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })
}

/// Writes a file that must not exist yet; a secret one with mode 0600.
fn write_new(path: &Path, text: &str, secret: bool) -> Result<(), CertError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let error = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::AlreadyExists => CertError::Exists(path.display().to_string()),
        _ => CertError::Write {
            path: path.display().to_string(),
            reason: e.to_string(),
        },
    };
    let mut file = options.open(path).map_err(error)?;
    file.write_all(text.as_bytes()).map_err(error)
}
