//! The TLS flags of `node` and `cluster`.

use std::path::PathBuf;

use anguard::net::tls::{Tls, TlsFiles};
use anyhow::{Context, bail};
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

/// Node `id`'s TLS configuration from `files`, if any are given.
pub fn load(files: Option<&TlsFiles>, id: u32) -> anyhow::Result<Option<Tls>> {
    files
        .map(|files| files.load(id))
        .transpose()
        .context("invalid TLS configuration")
}

/// Checks that every node of a local cluster of `n` has its own valid
/// certificate among `files`.
pub fn check_cluster(files: &TlsFiles, n: u32) -> anyhow::Result<()> {
    if n > 1 && !files.names_each_node() {
        bail!(
            "each node needs its own certificate and key: put {{id}} in the --tls-cert \
             and --tls-key paths (e.g. certs/node-{{id}}/node.crt), which each node replaces with its id"
        );
    }
    for id in 0..n {
        files
            .load(id)
            .with_context(|| format!("invalid TLS configuration for node {id}"))?;
    }
    Ok(())
}

/// How a node's peers authenticate, for its start-up line.
pub fn describe(tls: Option<&Tls>) -> String {
    match tls {
        Some(tls) => format!(
            "peers authenticate with mutual TLS (this node is {})",
            anguard::net::tls::node_name(tls.id())
        ),
        None => "peers are unauthenticated (no --tls-cert/--tls-key/--tls-ca)".into(),
    }
}
