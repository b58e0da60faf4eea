//! `anguard node`: one node of a cluster, on the network.

use std::io::Read;
use std::thread;
use std::time::Duration;

use anguard::net::config::{parse_peers, peers_from_file};
use anguard::net::{NetConfig, NetNode};
use anyhow::Context;

use super::NodeArgs;
use super::events::{Event, Printer};
use super::select::Config;

pub fn run(args: &NodeArgs) -> anyhow::Result<()> {
    let peers = match &args.peers_file {
        Some(path) => peers_from_file(path)
            .with_context(|| format!("cannot read the peer list {}", path.display()))?,
        None => parse_peers(&args.peers.join(",")).context("invalid --peers")?,
    };
    let n = peers.len() as u32;
    let config = Config::new(args.protocol.algo, n, args.protocol.period)?;
    let printer = Printer { json: args.json };
    let id = args.id;
    let mut net_config = NetConfig::new(args.id, peers);
    if args.start_gate_ms.is_some() {
        // Peers of a local cluster come up within milliseconds of each other:
        // retry quickly, so that all protocols start together.
        net_config.backoff_min = Duration::from_millis(2);
    }
    let mut net = NetNode::new(net_config, config.node(args.protocol.variant))
        .context("invalid node configuration")?
        .on_start(move || printer.emit(&Event::Start { node: id }))
        .on_report(move |report| {
            printer.emit(&Event::Leader {
                t_ms: u64::from(report.t_ms),
                node: report.node,
                leader: report.leader,
            })
        });
    if let Some(ms) = args.start_gate_ms {
        net = net.with_start_gate(Duration::from_millis(ms));
    }
    if args.exit_on_stdin_eof {
        let handle = net.handle();
        thread::spawn(move || {
            // Whatever arrives is ignored; the end of input means "stop".
            let _ = std::io::copy(
                &mut std::io::stdin().lock().take(u64::MAX),
                &mut std::io::sink(),
            );
            handle.shutdown();
        });
    }
    printer.note(format!(
        "node {} of {n}: {} ({}), period {} ms; Ctrl-C stops it",
        args.id,
        args.protocol.algo.name(),
        args.protocol.variant.name(),
        args.protocol.period
    ));
    let stats = net.run_blocking(None)?;
    printer.emit(&Event::Stats {
        node: args.id,
        sent: stats.sent,
        sent_bytes: stats.sent_bytes,
        received: stats.received,
        discarded: stats.discarded,
        dropped: stats.dropped,
        rejected: stats.rejected,
        faults: stats.faults,
    });
    Ok(())
}
