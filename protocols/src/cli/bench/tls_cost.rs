//! `anguard bench --tls`: every configuration also runs with mutual TLS,
//! on throwaway certificates, and the cost of TLS is reported beside the
//! cost of the encoding, from the same run.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anguard::net::tls::TlsFiles;
use anguard::net::tls::certs::write_cluster;
use anyhow::Context;
use serde::Serialize;

use super::super::tls::flags;
use super::report::{Report, Row};

/// Certificates for the nodes of every run, in a temporary folder removed
/// on drop.
#[derive(Debug)]
pub struct ThrowawayCerts {
    dir: PathBuf,
    flags: Vec<OsString>,
}

impl ThrowawayCerts {
    pub fn new(n: u32) -> anyhow::Result<Self> {
        let dir = std::env::temp_dir().join(format!("anguard-bench-tls-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write_cluster(n, &dir, 1).context("cannot make throwaway certificates")?;
        let files = TlsFiles::new(
            dir.join("node-{id}/node.crt"),
            dir.join("node-{id}/node.key"),
            dir.join("ca.crt"),
        );
        Ok(Self {
            flags: flags(&files),
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
    event: &'static str,
    algo: &'static str,
    period_ms: u32,
    /// Mean election time with TLS / without, plain build.
    election_ratio_plain: f64,
    /// The same, encoded build.
    election_ratio_encoded: f64,
    /// Mean CPU with TLS / without, plain build.
    cpu_ratio_plain: f64,
    /// The same, encoded build.
    cpu_ratio_encoded: f64,
    /// Encoded / plain election time, both with TLS (paired by run).
    election_ratio_encoded_vs_plain: f64,
    /// Encoded / plain CPU, both with TLS.
    cpu_ratio_encoded_vs_plain: f64,
}

impl TlsRow {
    /// The six ratios, in the order of the table's columns.
    fn ratios(&self) -> [f64; 6] {
        [
            self.election_ratio_plain,
            self.election_ratio_encoded,
            self.cpu_ratio_plain,
            self.cpu_ratio_encoded,
            self.election_ratio_encoded_vs_plain,
            self.cpu_ratio_encoded_vs_plain,
        ]
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

/// Prints the rows: JSON lines (event `tls`), or a line each for people.
pub fn print(rows: &[TlsRow], json: bool) {
    for r in rows {
        if json {
            println!("{}", serde_json::to_string(r).expect("rows serialize"));
        } else {
            let [ep, ee, cp, ce, e, c] = r.ratios();
            println!(
                "{:<6} {:>4} ms  TLS/none: election ×{ep:.3} plain, ×{ee:.3} encoded; CPU ×{cp:.2} plain, ×{ce:.2} encoded  |  with TLS, encoded/plain: election ×{e:.3}, CPU ×{c:.2}",
                r.algo, r.period_ms,
            );
        }
    }
}

/// `tls.md` in `dir`: the table.
pub fn write(rows: &[TlsRow], dir: &Path) -> anyhow::Result<()> {
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
    let path = dir.join("tls.md");
    std::fs::write(&path, md).with_context(|| format!("cannot write {}", path.display()))
}
