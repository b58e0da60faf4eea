//! `anguard cluster` (and the demo): N node processes on loopback, their
//! outputs merged into one timeline, the leader killed on request.

use std::time::{Duration, Instant};

use anguard_protocols::cluster::{
    Happening, Processes, Timeline, loopback_addresses, node_flags, tls_flags,
};
use anguard_protocols::election::{Milestones, Outputs};
use anyhow::{Context, bail};
use clap::Args;

use super::events::{Event, Printer};
use super::fault::FaultArgs;
use super::node::protocol_config;
use super::tls::TlsArgs;
use super::{Algo, HaleArgs, ProtocolArgs};

#[derive(Debug, Clone, Args)]
pub struct ClusterArgs {
    /// The election algorithm.
    #[arg(long, value_enum, default_value_t = Algo::Hale)]
    pub algo: Algo,
    #[command(flatten)]
    pub protocol: ProtocolArgs,
    /// How many nodes.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub n: u32,
    /// How long to run, in seconds.
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub duration: f64,
    /// Kill the leader (SIGKILL) this many seconds after the start.
    #[arg(long, value_name = "S")]
    pub crash_leader_at: Option<f64>,
    /// Node i listens on 127.0.0.1:P+i (default: free ports picked at random).
    #[arg(long, value_name = "P")]
    pub base_port: Option<u16>,
    /// Print one JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub tls: TlsArgs,
    #[command(flatten)]
    pub hale: HaleArgs,
    #[command(flatten)]
    pub fault: FaultArgs,
}

impl ClusterArgs {
    fn validate(&self) -> anyhow::Result<()> {
        if !(self.duration.is_finite() && self.duration > 0.0) {
            bail!("--duration must be a positive number of seconds");
        }
        // `follow` adds it to the start of the run.
        if Duration::try_from_secs_f64(self.duration)
            .ok()
            .and_then(|d| Instant::now().checked_add(d))
            .is_none()
        {
            bail!("--duration is too long");
        }
        if let Some(at) = self.crash_leader_at
            && !(at.is_finite() && at >= 0.0 && at < self.duration)
        {
            bail!("--crash-leader-at must lie within the run (0 ≤ S < --duration)");
        }
        if let Some(base) = self.base_port
            && u32::from(base) + self.n > 65_536
        {
            bail!("--base-port {base} + {} nodes runs past port 65535", self.n);
        }
        Ok(())
    }
}

/// Runs the cluster to the end of `--duration` and prints the timeline.
pub fn run(args: &ClusterArgs) -> anyhow::Result<()> {
    args.validate()?;
    // Check here what every node would refuse, so that it is said once.
    let config = protocol_config(args.algo, &args.protocol, &args.hale, args.n)?;
    let mut flags = node_flags(&config, args.protocol.variant);
    flags.extend(["--hardening".into(), args.protocol.hardening.name().into()]);
    let tls_files = args.tls.files()?;
    if let Some(files) = &tls_files {
        super::tls::check_cluster(files, args.n)?;
        flags.extend(tls_flags(files));
    }
    args.fault.fault(args.n)?;
    flags.extend(args.fault.node_flags().into_iter().map(Into::into));
    let printer = Printer { json: args.json };
    let addresses = loopback_addresses(args.n, args.base_port)?;
    printer.note(format!(
        "{} ({}), {} nodes on {}, {}{}, for {} s{}\n",
        args.algo.name(),
        args.protocol.variant.name(),
        args.n,
        addresses.join(" "),
        config,
        if tls_files.is_some() {
            ", mutual TLS"
        } else {
            ", peers unauthenticated"
        },
        args.duration,
        args.crash_leader_at
            .map(|at| format!("; the leader is killed at {at} s"))
            .unwrap_or_default(),
    ));
    let exe = std::env::current_exe().context("cannot find the anguard executable")?;
    let mut cluster = Processes::spawn(&exe, &flags, &addresses)?;
    let milestones = follow(args, &printer, &mut cluster);
    let leader = cluster.outputs().agreed();
    let mut stats = cluster.shutdown();
    stats.sort_by_key(|(node, _)| *node);
    for (node, s) in &stats {
        printer.note(format!(
            "node {node}: sent {} messages ({:.1} bytes each), discarded {} invalid words, detected {} faults",
            s.sent,
            s.sent_bytes as f64 / s.sent.max(1) as f64,
            s.discarded,
            s.faults
        ));
    }
    printer.emit(&Event::Summary {
        algo: args.algo,
        variant: args.protocol.variant,
        n: args.n,
        elected: leader.is_some(),
        leader,
        election_ms: milestones.election_ms(),
        reelection_ms: milestones.reelection_ms(),
    });
    Ok(())
}

/// How often a person watching sees a summary line, when nothing changes.
const STATUS_EVERY: Duration = Duration::from_secs(1);

/// Prints every change of output until the end of the run, and a status
/// line every second for people.
fn follow(args: &ClusterArgs, printer: &Printer, cluster: &mut Processes) -> Milestones {
    let timeline = Timeline {
        duration: Duration::from_secs_f64(args.duration),
        crash_leader_at: args.crash_leader_at.map(Duration::from_secs_f64),
        status_every: (!printer.json).then_some(STATUS_EVERY),
    };
    timeline.follow(cluster, |happening| match happening {
        Happening::Output { t, node, leader } => printer.emit(&Event::Leader {
            t_ms: millis(t),
            node,
            leader,
        }),
        Happening::Killed { t, node } => printer.emit(&Event::Crash {
            t_ms: millis(t),
            node,
            cause: "killed: it was the leader".into(),
        }),
        Happening::Exited { t, node } => printer.emit(&Event::Crash {
            t_ms: millis(t),
            node,
            cause: "exited by itself".into(),
        }),
        Happening::FaultInjected { t, node, fault } => printer.emit(&Event::FaultInjected {
            t_ms: millis(t),
            node,
            fault: fault.clone(),
        }),
        Happening::FaultDetected { t, node, what } => printer.emit(&Event::FaultDetected {
            t_ms: millis(t),
            node,
            what: what.to_string(),
        }),
        Happening::Status { t, outputs } => printer.note(status(t, outputs)),
    })
}

/// A line for people: who leads at `t`.
fn status(t: Duration, outputs: &Outputs) -> String {
    let up = outputs.up_count();
    let what = match outputs.agreed() {
        Some(leader) => format!("node {leader} leads; all {up} nodes that are up follow it"),
        None => format!("no leader all {up} nodes that are up agree on (yet)"),
    };
    format!("{:>8.3} s  · {what}", t.as_secs_f64())
}

fn millis(d: Duration) -> u64 {
    d.as_millis() as u64
}
