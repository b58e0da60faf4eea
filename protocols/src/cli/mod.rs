//! The command line: argument types and dispatch.

mod bench;
mod cluster;
mod cpu;
mod election;
mod events;
mod inject;
mod node;
mod processes;
mod select;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use cluster::ClusterArgs;

/// Encoded leader election: hale and rotel4, plain and AN-encoded.
///
/// With no command, runs the demo: a 3-node encoded hale cluster on loopback
/// whose leader is killed midway.
#[derive(Debug, Parser)]
#[command(name = "anguard", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Log more (-v: info, -vv: debug, -vvv: trace) to stderr.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one node of a cluster (one per machine in a real deployment).
    Node(NodeArgs),
    /// Run N nodes as local processes and show who leads, over time.
    Cluster(ClusterArgs),
    /// Reproduce the seed paper's experiments: election time, CPU and
    /// message size, plain against encoded.
    Bench(bench::BenchArgs),
    /// Inject faults in the simulator and count what each build catches.
    Inject(inject::InjectArgs),
}

/// The election algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Algo {
    /// Strong leader election on majority leases (at most one leader at a time).
    Hale,
    /// The stable rotating Ω of Aguilera et al. (eventually one leader).
    Rotel4,
}

/// Which build of the protocol runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    /// The source as written, over u32.
    Plain,
    /// Every u32 AN-encoded; corrupted words stop the process.
    Encoded,
}

impl Variant {
    /// The build this binary runs unless told otherwise (feature `encoded`).
    pub const DEFAULT: Variant = if cfg!(feature = "encoded") {
        Variant::Encoded
    } else {
        Variant::Plain
    };
}

impl Algo {
    pub fn name(self) -> &'static str {
        match self {
            Algo::Hale => "hale",
            Algo::Rotel4 => "rotel4",
        }
    }
}

impl Variant {
    pub fn name(self) -> &'static str {
        match self {
            Variant::Plain => "plain",
            Variant::Encoded => "encoded",
        }
    }
}

/// What every node of a cluster must agree on.
#[derive(Debug, Clone, Args)]
pub struct ProtocolArgs {
    /// The election algorithm.
    #[arg(long, value_enum, default_value_t = Algo::Hale)]
    pub algo: Algo,
    /// The build to run.
    #[arg(long, value_enum, default_value_t = Variant::DEFAULT)]
    pub variant: Variant,
    /// The heartbeat period in ms (EP for hale, δ for rotel4).
    #[arg(long, value_name = "MS", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=60_000))]
    pub period: u32,
}

#[derive(Debug, Clone, Args)]
pub struct NodeArgs {
    #[command(flatten)]
    pub protocol: ProtocolArgs,
    /// This node's id: its index in the peer list.
    #[arg(long)]
    pub id: u32,
    /// Every node's address, in id order, comma-separated (host:port).
    #[arg(
        long,
        value_delimiter = ',',
        required_unless_present = "peers_file",
        conflicts_with = "peers_file"
    )]
    pub peers: Vec<String>,
    /// A TOML file listing the peers instead: `peers = ["10.0.0.1:7000", …]`.
    #[arg(long, value_name = "FILE")]
    pub peers_file: Option<PathBuf>,
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
}

pub fn init_logging(verbose: u8) {
    let default = match verbose {
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
        .init();
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => cluster::run(&ClusterArgs::demo()),
        Some(Command::Cluster(args)) => cluster::run(&args),
        Some(Command::Bench(args)) => bench::run(&args),
        Some(Command::Inject(args)) => inject::run(&args),
        Some(Command::Node(args)) => node::run(&args),
    }
}
