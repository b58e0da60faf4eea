//! The command line: argument types and dispatch.

mod bench;
mod certs;
mod charts;
mod cluster;
mod demo;
mod events;
mod fault;
mod inject;
mod kv;
mod kv_bench;
mod kv_inject;
mod node;
mod progress;
mod signals;
mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;

pub use anguard_protocols::algo::{Algo, Variant};
use clap::{Args, Parser, Subcommand};

pub use cluster::ClusterArgs;
pub use node::StoppedByFault;

/// Encoded leader election: hale and rotel4, plain and AN-encoded.
///
/// With no command, runs the demo: plain and encoded hale clusters of 3
/// processes each on loopback, side by side; the same fault strikes the
/// leader of each, and the demo shows what each build does.
#[derive(Debug, Parser)]
#[command(name = "anguard", version, about, long_about, after_help = MAIN_EXAMPLES, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub demo: demo::DemoArgs,
    /// Log more (-v: info, -vv: debug, -vvv: trace) to stderr.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
}

const MAIN_EXAMPLES: &str = "\
Examples:
  anguard                                      the demo: plain and encoded hale, one fault in each leader
  anguard --seed 3 --out out/demo              the demo with another fault, and its timeline as SVG
  anguard cluster --algo rotel4 --period 20    3 local rotel4 nodes for 10 s
  anguard node --id 0 --peers 10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000 --listen 0.0.0.0:7000
  anguard bench --quick                        the election experiments, briefly
  anguard inject --runs 200                    a small fault-injection campaign

`anguard help COMMAND` or `anguard COMMAND --help` explains each command.";

const NODE_EXAMPLES: &str = "\
Examples:
  # three machines; run this on each with its own --id (0, 1, 2):
  anguard node --id 0 --peers 10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000 --listen 0.0.0.0:7000

  # the same peers in a file, with mutual TLS (see `anguard certs`):
  anguard node --id 1 --peers-file peers.toml --json

  # flip one bit of node 0's protocol state 3 s after the start (give every
  # node the same flags; only --target strikes, also on SIGUSR1):
  anguard node --id 0 --peers-file peers.toml --inject-at 3 --target 0 --seed 127

  # a replica of the key-value store on each machine, Redis clients on 6380:
  anguard node --algo kv --id 0 --peers 10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000 --data /var/lib/anguard
  redis-cli -h 10.0.0.1 -p 6380 SET greeting hello   answered once committed; a follower
                                                     forwards it to the leader (with --moved,
                                                     answers -MOVED 0 <leader>:6380 instead)

peers.toml lists every node by id (ids 0..n, each once), and may name the
TLS files (relative to the file; `{id}` is the node's id):
  tls-cert = \"node-{id}/node.crt\"
  tls-key = \"node-{id}/node.key\"
  tls-ca = \"node-{id}/ca.crt\"
  [[peer]]
  id = 0
  addr = \"10.0.0.1:7000\"
  [[peer]]
  id = 1
  addr = \"10.0.0.2:7000\"
  [[peer]]
  id = 2
  addr = \"10.0.0.3:7000\"

Without TLS, peers are unauthenticated: anyone who reaches a node can speak
as any peer. docs/tls.md shows a deployment with mutual TLS.

Every node of a cluster must be given the same --algo, --variant, --period
and hale parameters: a node refuses peers that differ. The node listens on its
own address from the peer list unless --listen says otherwise. A kv replica
listens for peers on its address in the list, for Redis clients on
--client-port of the same host (or its address in --clients), and keeps its
write-ahead log in --data.";

const CLUSTER_EXAMPLES: &str = "\
Examples:
  anguard cluster                                   3 encoded hale nodes for 10 s
  anguard cluster --n 5 --crash-leader-at 4         kill the leader after 4 s
  anguard cluster --algo rotel4 --variant plain --period 20 --duration 3 --json
  anguard cluster --period 50 --lease 400 --drift-ppm 1000
  anguard cluster --variant plain --inject-at 2 --seed 127 --json
                                                    a fault in node 0's state after 2 s

Nodes listen on 127.0.0.1 only.";

const BENCH_EXAMPLES: &str = "\
Examples:
  anguard bench --quick                  fewer, shorter runs: a smoke check
  anguard bench --out docs/bench         the full run: 5 runs of everything
  anguard bench --periods 10,20 --runs 10 --json";

const CERTS_EXAMPLES: &str = "\
Examples:
  anguard certs --n 3 --out certs        a CA and certificates for nodes 0, 1, 2
  anguard cluster --tls-cert certs/node-{id}/node.crt --tls-key certs/node-{id}/node.key --tls-ca certs/ca.crt";

const INJECT_EXAMPLES: &str = "\
Examples:
  anguard inject --runs 200                     a quick campaign
  anguard inject --sites message,alarm --json   only faults on the wire and in alarms
  anguard inject --seed 7 --out out/inject-7    another campaign, reproducibly";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one node of a cluster (one per machine in a real deployment).
    #[command(after_help = NODE_EXAMPLES)]
    Node(NodeArgs),
    /// Run N nodes as local processes and show who leads, over time.
    #[command(after_help = CLUSTER_EXAMPLES)]
    Cluster(ClusterArgs),
    /// Measure what the encoding costs: election time, CPU and message
    /// size of 3-node clusters, plain against encoded.
    #[command(after_help = BENCH_EXAMPLES)]
    Bench(bench::BenchArgs),
    /// Inject faults in the simulator and count what each build catches.
    #[command(after_help = INJECT_EXAMPLES)]
    Inject(inject::InjectArgs),
    /// Make a CA and node certificates for mutual TLS between peers.
    #[command(after_help = CERTS_EXAMPLES)]
    Certs(certs::CertsArgs),
    /// A replicated key-value store that Redis clients talk to.
    #[command(after_help = kv::KV_EXAMPLES)]
    Kv(kv::KvArgs),
    /// redis-benchmark against the store, plain and encoded, and real Redis.
    #[command(name = "kv-bench", after_help = kv_bench::KV_BENCH_EXAMPLES)]
    KvBench(kv_bench::KvBenchArgs),
    /// The fault campaign on the store: what each build lets through.
    #[command(name = "kv-inject")]
    KvInject(kv_inject::KvInjectArgs),
}

/// What every node of a cluster must agree on, beyond its algorithm.
#[derive(Debug, Clone, Args)]
pub struct ProtocolArgs {
    /// The build to run.
    #[arg(long, value_enum, default_value_t = Variant::DEFAULT)]
    pub variant: Variant,
    /// The heartbeat period in ms (EP for hale, δ for rotel4, the leader's
    /// heartbeat for kv).
    #[arg(long, value_name = "MS", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=60_000))]
    pub period: u32,
    /// How hard each node checks itself: `an` (the AN code and the state
    /// scrub) or `an-dup` (also every handler run twice and compared).
    #[arg(long, value_name = "LEVEL", default_value_t = anguard::Hardening::An)]
    pub hardening: anguard::Hardening,
}

/// hale's timing parameters beyond the period. Unset, they take
/// `HaleConfig::for_period`'s choices.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "hale parameters (must satisfy EP + 2δ < L(1−ρ)/(1+ρ))")]
pub struct HaleArgs {
    /// The lease L in ms: how long a promise of support lasts [default: 2·(EP + 2δ) + 1].
    #[arg(long, value_name = "MS")]
    pub lease: Option<u32>,
    /// The bound δ on message delay, in ms [default: EP/5, at least 1].
    #[arg(long, value_name = "MS")]
    pub delta: Option<u32>,
    /// The bound ρ on clock drift, in parts per million [default: 100].
    #[arg(long, value_name = "PPM")]
    pub drift_ppm: Option<u32>,
}

impl HaleArgs {
    /// Whether any was given.
    pub fn any(&self) -> bool {
        self.lease.is_some() || self.delta.is_some() || self.drift_ppm.is_some()
    }
}

/// What `node` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NodeAlgo {
    /// Strong leader election on majority leases (at most one leader at a time).
    Hale,
    /// The stable rotating Ω of Aguilera et al. (eventually one leader).
    Rotel4,
    /// A replica of the key-value store (Raft; Redis clients).
    Kv,
}

impl NodeAlgo {
    /// The election it runs, if it runs one.
    pub fn election(self) -> Option<Algo> {
        match self {
            NodeAlgo::Hale => Some(Algo::Hale),
            NodeAlgo::Rotel4 => Some(Algo::Rotel4),
            NodeAlgo::Kv => None,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct NodeArgs {
    /// What the node runs.
    #[arg(long, value_enum, default_value_t = NodeAlgo::Hale)]
    pub algo: NodeAlgo,
    #[command(flatten)]
    pub protocol: ProtocolArgs,
    /// This node's id: its index in the peer list.
    #[arg(long)]
    pub id: u32,
    /// Every node's address, in id order, comma-separated (host:port).
    #[arg(
        long,
        value_name = "ADDRS",
        value_delimiter = ',',
        required_unless_present = "peers_file",
        conflicts_with = "peers_file"
    )]
    pub peers: Vec<String>,
    /// A TOML file listing the peers instead: `[[peer]]` tables of `id` and
    /// `addr` (see below).
    #[arg(long, value_name = "FILE")]
    pub peers_file: Option<PathBuf>,
    /// Where to listen [default: this node's address in the peer list].
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Print one JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
    /// Exit when standard input closes (set by `cluster`, so that no node
    /// outlives the command that started it).
    #[arg(long, hide = true)]
    pub exit_on_stdin_eof: bool,
    /// Start the protocol only once connected to every peer, or after this
    /// many ms (set by `cluster` and `bench`, to time elections, not start-up).
    #[arg(long, hide = true, value_name = "MS")]
    pub start_gate_ms: Option<u64>,
    #[command(flatten)]
    pub tls: tls::TlsArgs,
    #[command(flatten)]
    pub hale: HaleArgs,
    #[command(flatten)]
    pub fault: fault::FaultArgs,
    #[command(flatten)]
    pub kv: kv::KvNodeArgs,
}

/// Logs to stderr at the level `-v` asks for, or `RUST_LOG`. Without either,
/// warnings, except under `inject`: there every injected fault the wrapper
/// discards would log one, thousands per campaign, so errors only.
pub fn init_logging(verbose: u8, command: Option<&Command>) {
    let default = match verbose {
        0 if matches!(command, Some(Command::Inject(_) | Command::KvInject(_))) => "error",
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour for a terminal only: a log file gets no escape codes.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => demo::run(&cli.demo),
        Some(Command::Cluster(args)) => cluster::run(&args),
        Some(Command::Bench(args)) => bench::run(&args),
        Some(Command::Inject(args)) => inject::run(&args),
        Some(Command::Node(args)) => node::run(&args),
        Some(Command::Certs(args)) => certs::run(&args),
        Some(Command::Kv(args)) => kv::run(&args),
        Some(Command::KvBench(args)) => kv_bench::run(&args),
        Some(Command::KvInject(args)) => kv_inject::run(&args),
    }
}
