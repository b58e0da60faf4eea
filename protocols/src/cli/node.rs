//! `anguard node`: one node of a cluster, on the network.

use std::cell::Cell;
use std::rc::Rc;
use std::thread;
use std::time::{Duration, Instant};

use anguard::fault::{self, Policy};

use anguard::net::config::{PeerList, parse_peers, peer_list_from_file};
use anguard::net::{NetConfig, NetError, NetNode};
use anguard_protocols::algo::Config;
use anguard_protocols::hale::HaleConfig;
use anyhow::{Context, bail};

use super::events::{Event, Printer};
use super::fault::FaultArgs;
use super::{Algo, HaleArgs, NodeArgs, ProtocolArgs};

/// The protocol configuration of `n` nodes, with the hale parameters given
/// (the others as `HaleConfig::for_period` picks them, from `--delta` if given).
pub fn protocol_config(
    algo: Algo,
    protocol: &ProtocolArgs,
    hale: &HaleArgs,
    n: u32,
) -> anyhow::Result<Config> {
    match algo {
        Algo::Rotel4 if hale.any() => bail!(
            "--lease, --delta and --drift-ppm are hale's parameters; rotel4 has only --period (its δ)"
        ),
        Algo::Rotel4 => Ok(Config::new(algo, n, protocol.period)?),
        Algo::Hale => {
            let period = protocol.period;
            let delta = hale
                .delta
                .unwrap_or_else(|| HaleConfig::default_delta(period));
            let lease = hale
                .lease
                .unwrap_or_else(|| HaleConfig::default_lease(period, delta));
            let drift_ppm = hale.drift_ppm.unwrap_or(HaleConfig::DEFAULT_DRIFT_PPM);
            let config =
                HaleConfig::new(n, period, lease, delta, drift_ppm).with_context(|| {
                    format!(
                        "invalid hale configuration (--period {period} --lease {lease} \
                     --delta {delta} --drift-ppm {drift_ppm})"
                    )
                })?;
            Ok(Config::Hale(config))
        }
    }
}

pub fn run(args: &NodeArgs) -> anyhow::Result<()> {
    let list = match &args.peers_file {
        Some(path) => peer_list_from_file(path)
            .with_context(|| format!("invalid peer list {}", path.display()))?,
        None => PeerList {
            peers: parse_peers(&args.peers.join(",")).context("invalid --peers")?,
            tls: None,
        },
    };
    let peers = list.peers;
    let n = peers.len() as u32;
    if args.id >= n {
        bail!(
            "--id {} is outside the peer list: {n} peers have ids 0..{}",
            args.id,
            n - 1
        );
    }
    if let Some((i, j)) = duplicate(&peers) {
        bail!(
            "invalid peer list: peers {i} and {j} have the same address {}",
            peers[i]
        );
    }
    let Some(algo) = args.algo.election() else {
        return super::kv::node(args, peers, list.tls);
    };
    let config = protocol_config(algo, &args.protocol, &args.hale, n)?;
    if let Some(flag) = args.kv.given() {
        bail!("{flag} is a flag of --algo kv");
    }
    // The flags, else the peer file's fields.
    let tls_files = args.tls.files()?.or(list.tls);
    let tls = super::tls::load(tls_files.as_ref(), args.id)?;
    let authentication = super::tls::describe(tls.as_ref());
    let printer = Printer { json: args.json };
    let id = args.id;
    let mut net_config = NetConfig::new(args.id, peers);
    net_config.listen = args.listen;
    net_config.protocol = config.wire_tag();
    net_config.tls = tls;
    if args.start_gate_ms.is_some() {
        // Peers of a local cluster come up within milliseconds of each other:
        // retry quickly, so that all protocols start together.
        net_config.backoff_min = Duration::from_millis(2);
    }
    let listen = net_config.listen_addr();
    let fault = args.fault.fault(n)?.filter(|fault| fault.node == id);
    // The protocol's start: time zero of the node's clock.
    let started = Rc::new(Cell::new(None::<Instant>));
    let start = started.clone();
    let node = config.hardened_node(args.protocol.variant, args.protocol.hardening);
    let mut net = NetNode::new(net_config, node)
        .context("invalid node configuration")?
        .with_shutdown(super::signals::terminated())
        .on_start(move || {
            start.set(Some(Instant::now()));
            printer.emit(&Event::Start { node: id });
        })
        .on_report(move |report| {
            printer.emit(&Event::Leader {
                t_ms: u64::from(report.t_ms),
                node: report.node,
                leader: report.leader,
            })
        });
    let since_start = move || {
        started
            .get()
            .map_or(0, |at| at.elapsed().as_millis() as u64)
    };
    if let Some(fault) = fault {
        let variant = args.protocol.variant;
        let since_start = since_start.clone();
        net = net.on_state(FaultArgs::trigger(fault.at_us), move |state| {
            match config.strike(variant, &fault, state) {
                Ok(injected) => printer.emit(&Event::FaultInjected {
                    t_ms: since_start(),
                    node: id,
                    fault: (&injected).into(),
                }),
                Err(why) => tracing::error!(me = id, %why, "cannot inject the fault"),
            }
        });
    }
    if let Some(ms) = args.start_gate_ms {
        net = net.with_start_gate(Duration::from_millis(ms));
    }
    if args.exit_on_stdin_eof {
        let handle = net.handle();
        thread::spawn(move || {
            // Whatever arrives is ignored; the end of input means "stop".
            let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
            handle.shutdown();
        });
    }
    printer.note(format!(
        "node {} of {n}: {} ({}), {}, listening on {listen}; {authentication}; Ctrl-C stops it",
        args.id,
        algo.name(),
        args.protocol.variant.name(),
        config,
    ));
    let handle = net.handle();
    // A detected fault unwinds to the event loop, which stops the node: it
    // says so below, the panic hook need not.
    let _policy = fault::scoped(Policy::Panic);
    quiet_fault_panics();
    let (stats, stopped) = match net.run_blocking(None) {
        Err(error @ NetError::Bind { .. }) => bail!(
            "{error} (is another process using it? --listen ADDR sets where this node listens)"
        ),
        Err(NetError::Fault(fault)) => {
            printer.emit(&Event::FaultDetected {
                t_ms: since_start(),
                node: id,
                what: format!("invalid code word {:#x} in {}", fault.word, fault.operation),
            });
            (handle.stats(), Some(fault))
        }
        result => (result?, None),
    };
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
    match stopped {
        Some(fault) => Err(StoppedByFault { node: id, fault }.into()),
        None => Ok(()),
    }
}

/// A node stopped by a fault its checks found, which it has reported on
/// its output: the command exits with failure without saying it again.
#[derive(Debug, thiserror::Error)]
#[error("node {node} stopped: {fault}")]
pub struct StoppedByFault {
    node: u32,
    fault: fault::Fault,
}

/// Leaves panics that carry a detected [`fault::Fault`] to the event loop,
/// which reports them; others reach the default hook.
fn quiet_fault_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.payload().downcast_ref::<fault::Fault>().is_none() {
            default(info);
        }
    }));
}

/// Two peers at one address, if any.
fn duplicate(peers: &[std::net::SocketAddr]) -> Option<(usize, usize)> {
    peers
        .iter()
        .enumerate()
        .find_map(|(j, b)| peers[..j].iter().position(|a| a == b).map(|i| (i, j)))
}
