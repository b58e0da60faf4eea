//! The demo (`anguard` alone): plain and encoded hale side by side, the
//! same fault struck into the same node of each, and what each build did.

use std::path::PathBuf;
use std::time::Duration;

use anguard_protocols::algo::{Algo, Config, Variant};
use anguard_protocols::cluster::{Observed, SideBySide};
use anyhow::Context;
use clap::Args;

use super::fault::FaultArgs;

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// The demo's fault: the seed that picks the word and the bit struck
    /// (another seed, another fault).
    #[arg(long, value_name = "S", default_value_t = DEMO_SEED)]
    pub seed: u64,
    /// Also draw the timeline of who each node follows into DIR/demo.svg.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The seed of the demo's fault: with hale's leader holding 17 state words
/// (16 if a peer was briefly not heard), it strikes the 9th, `promised` (whom
/// the leader supports: itself), at bit 8 of the plain value and bit 16 of
/// the code word. Plain then follows node 256, no process at all, in 10
/// runs of 10; encoded stops the node at the next check, in 10 of 10.
pub const DEMO_SEED: u64 = 127;

/// When the fault strikes, from the start of the protocols.
const INJECT_AT_S: f64 = 2.5;
/// How long each cluster runs.
const RUN: Duration = Duration::from_secs(6);
/// The leader of a fresh hale cluster: the lowest id.
const TARGET: u32 = 0;

pub fn run(args: &DemoArgs) -> anyhow::Result<()> {
    let config = Config::new(Algo::Hale, 3, 100)?;
    let fault = FaultArgs {
        inject_at: Some(INJECT_AT_S),
        target: TARGET,
        seed: args.seed,
        ..FaultArgs::default()
    };
    println!(
        "hale, 3 nodes of each build on loopback, {config}, for {} s.\n{INTRODUCTION}",
        RUN.as_secs()
    );
    println!(
        "At {INJECT_AT_S} s one fault strikes node {TARGET} (the leader) of each cluster: seed {}\n\
         picks one word of its protocol state and one bit to flip (--seed picks another).\n",
        args.seed
    );
    let exe = std::env::current_exe().context("cannot find the anguard executable")?;
    let demo = SideBySide {
        exe: &exe,
        config,
        flags: fault.node_flags().into_iter().map(Into::into).collect(),
        duration: RUN,
    };
    let sides = demo.run(|variant, observed| println!("{}", line(variant, observed)))?;
    println!();
    for side in &sides {
        println!(
            "{:<8} {}.",
            format!("{}:", side.variant.name()),
            side.verdict
        );
    }
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join("demo.svg");
        super::charts::timeline(&path, config.n(), RUN, &sides)?;
        println!("\nthe timeline: {}", path.display());
    }
    Ok(())
}

/// What the demo says first.
const INTRODUCTION: &str = "\
Each node is its own process. In the encoded build every u32 of a node's
protocol state and messages is an AN code word (value × 63877), checked when
it is used and after every event; a corrupted word stops the node instead of
letting it lie. hale lets a node lead only while a majority has promised to
support it; each line below is a change of what a node reports.
";

/// One line of the run: the time, the build, what happened.
fn line(variant: Variant, observed: &Observed) -> String {
    let what = match observed {
        Observed::Output { node, leader, .. } => match leader {
            Some(l) => format!("node {node} follows node {l}"),
            None => format!("node {node} follows nobody"),
        },
        Observed::FaultInjected { node, fault, .. } => {
            format!("node {node}: fault injected: {}", fault.what)
        }
        Observed::FaultDetected { node, what, .. } => {
            format!("fault detected: node {node} stopped ({what})")
        }
        Observed::Down { node, .. } => format!("node {node} is down"),
    };
    format!(
        "{:>8.3} s  {:<8} {what}",
        observed.t().as_secs_f64(),
        variant.name()
    )
}
