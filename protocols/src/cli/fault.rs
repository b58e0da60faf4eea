//! The fault flags of `node` and `cluster`: a fault struck into a live
//! node's protocol state.

use std::time::Duration;

use anguard::campaign::{Fault, Kind, Site};
use anyhow::bail;
use clap::Args;

#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Fault injection (into a node's protocol state, as `inject` does)")]
pub struct FaultArgs {
    /// Strike a fault this many seconds after the protocol starts (or on
    /// SIGUSR1, whichever comes first).
    #[arg(long, value_name = "SECS")]
    pub inject_at: Option<f64>,
    /// Where: `state-word` (a word the encoding covers) or `uncovered`
    /// (flags, Option tags, vector lengths).
    #[arg(long, value_name = "S", default_value_t = Site::StateWord, requires = "inject_at")]
    pub site: Site,
    /// What: 1-bit, 2-bit, 3-bit, random-byte or random-word.
    #[arg(long, value_name = "K", default_value_t = Kind::OneBit, value_parser = parse_kind, requires = "inject_at")]
    pub kind: Kind,
    /// The node struck (every node may be given the same flags).
    #[arg(long, value_name = "I", default_value_t = 0, requires = "inject_at")]
    pub target: u32,
    /// Picks the target and its bits, as in a campaign: the same seed strikes
    /// the same way.
    #[arg(long, value_name = "S", default_value_t = 1, requires = "inject_at")]
    pub seed: u64,
}

impl Default for FaultArgs {
    /// No fault.
    fn default() -> Self {
        Self {
            inject_at: None,
            site: Site::StateWord,
            kind: Kind::OneBit,
            target: 0,
            seed: 1,
        }
    }
}

impl FaultArgs {
    /// The fault asked for in a cluster of `n`, if any.
    pub fn fault(&self, n: u32) -> anyhow::Result<Option<Fault>> {
        let Some(at) = self.inject_at else {
            return Ok(None);
        };
        if !(at.is_finite() && (0.0..1e6).contains(&at)) {
            bail!("--inject-at must be a number of seconds from 0 to 1000000");
        }
        if !matches!(self.site, Site::StateWord | Site::Uncovered) {
            bail!(
                "--site {}: a live node takes faults in its state only (state-word or uncovered); \
                 `anguard inject` strikes the other sites in the simulator",
                self.site
            );
        }
        if self.target >= n {
            bail!(
                "--target {} is no node: the {n} nodes have ids 0..{}",
                self.target,
                n - 1
            );
        }
        Ok(Some(Fault {
            site: self.site,
            kind: self.kind,
            at_us: (at * 1e6) as u64,
            node: self.target,
            detail: self.seed,
        }))
    }

    /// The flags that ask an `anguard node` for the same fault.
    pub fn node_flags(&self) -> Vec<String> {
        let Some(at) = self.inject_at else {
            return Vec::new();
        };
        vec![
            "--inject-at".into(),
            at.to_string(),
            "--site".into(),
            self.site.name().into(),
            "--kind".into(),
            self.kind.name().into(),
            "--target".into(),
            self.target.to_string(),
            "--seed".into(),
            self.seed.to_string(),
        ]
    }

    /// Resolves `at_us` after it is first polled (from the protocol's
    /// start), or on SIGUSR1.
    pub async fn trigger(at_us: u64) {
        let timer = tokio::time::sleep(Duration::from_micros(at_us));
        tokio::select! {
            () = timer => {}
            () = super::signals::user1() => tracing::info!("SIGUSR1: striking the fault now"),
        }
    }
}

fn parse_kind(name: &str) -> Result<Kind, String> {
    Kind::ALL
        .into_iter()
        .find(|kind| kind.name() == name)
        .ok_or_else(|| {
            format!(
                "unknown fault kind {name:?} (kinds: 1-bit, 2-bit, 3-bit, random-byte, random-word)"
            )
        })
}
