//! `anguard bench --tls`: every configuration also runs with mutual TLS,
//! on throwaway certificates, and the cost of TLS is reported beside the
//! cost of the encoding, from the same run.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io;
use std::path::PathBuf;

use anguard::net::tls::TlsFiles;
use anguard::net::tls::certs::write_cluster;
use serde::Serialize;

use super::report::{Report, Row};
use crate::cluster::tls_flags;

/// Certificates for the nodes of every run, in a temporary folder removed
/// on drop.
#[derive(Debug)]
pub struct ThrowawayCerts {
    dir: PathBuf,
    flags: Vec<OsString>,
}

impl ThrowawayCerts {
    /// A CA and certificates for nodes `0..n`.
    pub fn new(n: u32) -> io::Result<Self> {
        let dir = std::env::temp_dir().join(format!("anguard-bench-tls-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write_cluster(n, &dir, 1).map_err(io::Error::other)?;
        let files = TlsFiles::new(
            dir.join("node-{id}/node.crt"),
            dir.join("node-{id}/node.key"),
            dir.join("ca.crt"),
        );
        Ok(Self {
            flags: tls_flags(&files),
            dir,
        })
    }

    /// The `node` flags that use them.
    pub fn flags(&self) -> &[OsString] {
        &self.flags
    }
}

impl Drop for ThrowawayCerts {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// TLS against no TLS, per build, and encoded against plain under TLS, for
/// one algorithm and period.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TlsRow {
    /// Always `"tls"`: a JSON line's tag.
    pub event: &'static str,
    pub algo: &'static str,
    pub period_ms: u32,
    /// Mean election time with TLS / without, plain build.
    pub election_ratio_plain: f64,
    /// The same, encoded build.
    pub election_ratio_encoded: f64,
    /// Mean CPU with TLS / without, plain build.
    pub cpu_ratio_plain: f64,
    /// The same, encoded build.
    pub cpu_ratio_encoded: f64,
    /// Encoded / plain election time, both with TLS (paired by run).
    pub election_ratio_encoded_vs_plain: f64,
    /// Encoded / plain CPU, both with TLS.
    pub cpu_ratio_encoded_vs_plain: f64,
}

impl TlsRow {
    /// The six ratios, in the order of the table's columns.
    pub fn ratios(&self) -> [f64; 6] {
        [
            self.election_ratio_plain,
            self.election_ratio_encoded,
            self.cpu_ratio_plain,
            self.cpu_ratio_encoded,
            self.election_ratio_encoded_vs_plain,
            self.cpu_ratio_encoded_vs_plain,
        ]
    }

    /// The row, for people.
    pub fn line(&self) -> String {
        let [ep, ee, cp, ce, e, c] = self.ratios();
        format!(
            "{:<6} {:>4} ms  TLS/none: election ×{ep:.3} plain, ×{ee:.3} encoded; CPU ×{cp:.2} plain, ×{ce:.2} encoded  |  with TLS, encoded/plain: election ×{e:.3}, CPU ×{c:.2}",
            self.algo, self.period_ms,
        )
    }
}

/// The rows of `with_tls` against `without` (the same configurations).
pub fn rows(without: &Report, with_tls: &Report) -> Vec<TlsRow> {
    without
        .rows()
        .iter()
        .zip(with_tls.rows())
        .map(|(plain_tcp, tls): (&Row, Row)| {
            let ratio = |a: f64, b: f64| a / b;
            TlsRow {
                event: "tls",
                algo: tls.algo,
                period_ms: tls.period_ms,
                election_ratio_plain: ratio(tls.election_ms[0].mean, plain_tcp.election_ms[0].mean),
                election_ratio_encoded: ratio(
                    tls.election_ms[1].mean,
                    plain_tcp.election_ms[1].mean,
                ),
                cpu_ratio_plain: ratio(tls.cpu_percent[0].mean, plain_tcp.cpu_percent[0].mean),
                cpu_ratio_encoded: ratio(tls.cpu_percent[1].mean, plain_tcp.cpu_percent[1].mean),
                election_ratio_encoded_vs_plain: tls.election_ratio.mean,
                cpu_ratio_encoded_vs_plain: tls.cpu_ratio,
            }
        })
        .collect()
}

/// `tls.md`: the table of `rows`.
pub fn markdown(rows: &[TlsRow]) -> String {
    let mut md = String::from(
        "# The cost of mutual TLS\n\n\
         Each configuration ran with and without TLS in the same `anguard bench --tls` run.\n\n\
         | algo | period | election TLS/none plain | election TLS/none encoded | CPU TLS/none plain | \
         CPU TLS/none encoded | election encoded/plain with TLS | CPU encoded/plain with TLS |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let [ep, ee, cp, ce, e, c] = r.ratios();
        let _ = writeln!(
            md,
            "| {} | {} ms | {ep:.3} | {ee:.3} | {cp:.2} | {ce:.2} | {e:.3} | {c:.2} |",
            r.algo, r.period_ms,
        );
    }
    md
}
