//! The TLS flags of `node` and `cluster`.

use std::path::PathBuf;

use anguard::net::tls::TlsFiles;
use anyhow::bail;
use clap::Args;

/// Mutual TLS with every peer; `{id}` in a path stands for the node's id.
#[derive(Debug, Clone, Default, Args)]
#[command(
    next_help_heading = "mutual TLS (`anguard certs` makes the files; `{id}` in a path is the node's id)"
)]
pub struct TlsArgs {
    /// This node's certificate (PEM), signed by the CA, naming node-<id>.anguard.
    #[arg(long, value_name = "FILE", requires_all = ["tls_key", "tls_ca"])]
    pub tls_cert: Option<PathBuf>,
    /// This node's private key (PEM).
    #[arg(long, value_name = "FILE", requires_all = ["tls_cert", "tls_ca"])]
    pub tls_key: Option<PathBuf>,
    /// The CA certificate (PEM) that every peer's certificate must chain to.
    #[arg(long, value_name = "FILE", requires_all = ["tls_cert", "tls_key"])]
    pub tls_ca: Option<PathBuf>,
    /// Gone: the pre-shared-key mode gave way to mutual TLS.
    #[arg(long, value_name = "FILE", hide = true)]
    pub key_file: Option<PathBuf>,
}

impl TlsArgs {
    /// The files given, if any.
    pub fn files(&self) -> anyhow::Result<Option<TlsFiles>> {
        if self.key_file.is_some() {
            bail!(
                "--key-file is no longer supported: the pre-shared-key mode gave way to \
                 mutual TLS. Give every node --tls-cert, --tls-key and --tls-ca \
                 (`anguard certs --n N --out DIR` makes them; see docs/tls.md)"
            );
        }
        Ok(match (&self.tls_cert, &self.tls_key, &self.tls_ca) {
            (Some(cert), Some(key), Some(ca)) => Some(TlsFiles::new(cert, key, ca)),
            _ => None,
        })
    }
}
