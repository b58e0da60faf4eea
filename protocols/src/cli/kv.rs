//! `anguard kv`: the replicated key-value store, on loopback: the whole
//! cluster (one process per replica), or one replica of it. And
//! `anguard node --algo kv`: one replica of a real deployment.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command};

use anguard::Hardening;
use anguard::net::config::parse_peers;
use anguard::net::tls::TlsFiles;
use anguard_protocols::cluster::tls_flags;
use anguard_protocols::kv::config::SNAPSHOT_EVERY;
use anguard_protocols::kv::server::deployment::{ClientAddrs, deployment};
use anguard_protocols::kv::server::{self, ServerConfig, loopback};
use anguard_protocols::kv::{KvConfig, Reads};
use anyhow::{Context, bail};
use clap::Args;

use super::tls::{self, TlsArgs};
use super::{NodeArgs, Variant};

/// The replicated key-value store.
#[derive(Debug, Clone, Args)]
pub struct KvArgs {
    /// Replicas.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=255))]
    pub n: u32,
    /// Replica i serves Redis clients on PORT + i.
    #[arg(long, default_value_t = 6380)]
    pub port: u16,
    /// Replica i talks to its peers on PEER_PORT + i [default: PORT + 1000].
    #[arg(long)]
    pub peer_port: Option<u16>,
    /// Run only replica ID (the command starts all of them otherwise).
    #[arg(long)]
    pub id: Option<u32>,
    /// Which build runs.
    #[arg(long, value_enum, default_value_t = Variant::DEFAULT)]
    pub variant: Variant,
    /// Where the write-ahead logs live.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_DATA)]
    pub data: PathBuf,
    /// The leader's heartbeat period; elections after 5 to 10 of them.
    #[arg(long, value_name = "MS", default_value_t = 50)]
    pub heartbeat: u32,
    /// Every N applied entries (or as many as its store holds keys, if
    /// more) a replica snapshots its store and cuts its log; a follower
    /// that lacks what its leader cut is sent the leader's snapshot, in
    /// chunks.
    #[arg(long, value_name = "N", default_value_t = SNAPSHOT_EVERY)]
    pub snapshot_every: u32,
    /// How hard each replica checks itself: `an` (the AN code, the seals
    /// and the state scrub) or `an-dup` (also every handler run twice and
    /// compared).
    #[arg(long, value_name = "LEVEL", default_value_t = Hardening::An)]
    pub hardening: Hardening,
    #[command(flatten)]
    pub redirect: RedirectArgs,
    #[command(flatten)]
    pub reads: ReadsArgs,
    #[command(flatten)]
    pub tls: TlsArgs,
}

/// How a leader answers a GET.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct ReadsArgs {
    /// How a leader answers a GET; both are linearizable [default: index].
    #[arg(long = "reads", value_name = "PATH", value_enum)]
    pub given: Option<Reads>,
}

impl ReadsArgs {
    /// The path given, or the default.
    pub fn path(self) -> Reads {
        self.given.unwrap_or_default()
    }
}

/// What a replica that does not lead does with a client's command.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct RedirectArgs {
    /// A replica that does not lead answers `-MOVED 0 <leader's address>`
    /// instead of forwarding the command to the leader.
    #[arg(long)]
    pub moved: bool,
}

/// Where the write-ahead logs live unless `--data` says otherwise.
const DEFAULT_DATA: &str = "anguard-kv";

pub const KV_EXAMPLES: &str = "\
Examples:
  anguard kv                               3 encoded replicas; clients on 6380, 6381, 6382
  redis-cli -p 6380 SET greeting hello     a write, answered once committed
  redis-cli -p 6381 GET greeting           any replica answers: a follower forwards to the leader
  anguard kv --moved                       a follower answers -MOVED naming the leader's port instead
  anguard kv --reads log                   GETs through the log, like writes (default: ReadIndex)
  anguard kv --variant plain --data /tmp/kv --port 7000
  anguard certs --n 3 --out certs && anguard kv --tls-cert 'certs/node-{id}/node.crt' \
      --tls-key 'certs/node-{id}/node.key' --tls-ca certs/ca.crt
                                           mutual TLS between the replicas

The write-ahead logs in --data survive restarts: a cluster started again
recovers every acknowledged write.";

impl KvArgs {
    fn config(&self, id: u32) -> anyhow::Result<ServerConfig> {
        let kv = store_config(self.n, self.heartbeat, "--heartbeat", self.snapshot_every)?
            .with_reads(self.reads.path());
        let peer_port = match self.peer_port {
            Some(port) => port,
            None => self
                .port
                .checked_add(1000)
                .context("--port + 1000 is past 65535: give --peer-port")?,
        };
        let config = loopback::loopback(id, kv, self.port, peer_port, &self.data, self.variant)
            .map_err(anyhow::Error::msg)?;
        Ok(ServerConfig {
            hardening: self.hardening,
            forward: !self.redirect.moved,
            tls: tls::load(self.tls.files()?.as_ref(), id)?,
            ..config
        })
    }
}

pub fn run(args: &KvArgs) -> anyhow::Result<()> {
    match args.id {
        Some(id) if id >= args.n => bail!("--id {id} is not in 0..{}", args.n),
        Some(id) => {
            let config = args.config(id)?;
            create_data(&args.data)?;
            replica(config)
        }
        None => cluster(args),
    }
}

/// Creates the directory of the write-ahead logs, once the flags are valid.
fn create_data(data: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(data).with_context(|| format!("cannot create {}", data.display()))
}

fn replica(config: ServerConfig) -> anyhow::Result<()> {
    let client: SocketAddr = config.clients[config.id as usize];
    tracing::info!(id = config.id, %client, "replica starting");
    eprintln!(
        "replica {} serves Redis clients on {client}; {}",
        config.id,
        tls::describe(config.tls.as_ref())
    );
    Ok(server::run_blocking(config, super::signals::terminated())?)
}

/// The flags of `node --algo kv`.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "kv replica (--algo kv)")]
pub struct KvNodeArgs {
    /// Every replica serves Redis clients on this port of its host in the
    /// peer list [default: 6380].
    #[arg(long, value_name = "PORT", conflicts_with = "clients")]
    pub client_port: Option<u16>,
    /// Every replica's Redis client address instead, in id order,
    /// comma-separated (for several replicas on one host).
    #[arg(long, value_name = "ADDRS", value_delimiter = ',')]
    pub clients: Vec<String>,
    /// Where the write-ahead log lives: DIR/replica-ID.wal [default: anguard-kv].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Every N applied entries (or as many as its store holds keys, if
    /// more) the replica snapshots its store and cuts its log; a follower
    /// that lacks what its leader cut is sent the leader's snapshot, in
    /// chunks [default: 1024].
    #[arg(long, value_name = "N")]
    pub snapshot_every: Option<u32>,
    #[command(flatten)]
    pub redirect: RedirectArgs,
    #[command(flatten)]
    pub reads: ReadsArgs,
}

impl KvNodeArgs {
    /// The first flag given, if any: the elections take none of them.
    pub fn given(&self) -> Option<&'static str> {
        [
            (self.client_port.is_some(), "--client-port"),
            (!self.clients.is_empty(), "--clients"),
            (self.data.is_some(), "--data"),
            (self.snapshot_every.is_some(), "--snapshot-every"),
            (self.redirect.moved, "--moved"),
            (self.reads.given.is_some(), "--reads"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }

    fn client_addrs(&self) -> anyhow::Result<ClientAddrs> {
        Ok(if self.clients.is_empty() {
            ClientAddrs::Port(self.client_port.unwrap_or(ClientAddrs::DEFAULT_PORT))
        } else {
            ClientAddrs::List(parse_peers(&self.clients.join(",")).context("invalid --clients")?)
        })
    }
}

/// `node --algo kv`: replica `args.id` of the replicas at `peers`.
/// The TLS files are the flags', else the peer file's (`peers_file_tls`).
pub fn node(
    args: &NodeArgs,
    peers: Vec<SocketAddr>,
    peers_file_tls: Option<TlsFiles>,
) -> anyhow::Result<()> {
    let election_only = [
        (args.listen.is_some(), "--listen"),
        (args.json, "--json"),
        (args.hale.any(), "--lease, --delta and --drift-ppm"),
        (args.fault.inject_at.is_some(), "--inject-at"),
        (args.start_gate_ms.is_some(), "--start-gate-ms"),
        (args.exit_on_stdin_eof, "--exit-on-stdin-eof"),
    ];
    if let Some((_, what)) = election_only.iter().find(|(given, _)| *given) {
        bail!("--algo kv does not take {what}: a flag of the elections");
    }
    let n = peers.len() as u32;
    let snapshot_every = args.kv.snapshot_every.unwrap_or(SNAPSHOT_EVERY);
    let kv = store_config(n, args.protocol.period, "--period", snapshot_every)?
        .with_reads(args.kv.reads.path());
    let data = args
        .kv
        .data
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA));
    let tls_files = args.tls.files()?.or(peers_file_tls);
    let config = ServerConfig {
        hardening: args.protocol.hardening,
        forward: !args.kv.redirect.moved,
        tls: tls::load(tls_files.as_ref(), args.id)?,
        ..deployment(
            args.id,
            peers,
            args.kv.client_addrs()?,
            &data,
            kv,
            args.protocol.variant,
        )?
    };
    create_data(&data)?;
    replica(config)
}

/// The store's configuration for `n` replicas, a heartbeat every
/// `heartbeat_ms` (given by the flag `heartbeat_flag`) and a snapshot every
/// `snapshot_every` applied entries.
fn store_config(
    n: u32,
    heartbeat_ms: u32,
    heartbeat_flag: &str,
    snapshot_every: u32,
) -> anyhow::Result<KvConfig> {
    KvConfig::with_heartbeat(n, heartbeat_ms)
        .with_context(|| format!("invalid {heartbeat_flag}"))?
        .with_snapshot_every(snapshot_every)
        .context("invalid --snapshot-every")
}

/// Starts every replica as a process of its own, and waits for them.
fn cluster(args: &KvArgs) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("cannot find this program")?;
    let tls_files = args.tls.files()?;
    if let Some(files) = &tls_files {
        tls::check_cluster(files, args.n)?;
    }
    for id in 0..args.n {
        args.config(id)?;
    }
    create_data(&args.data)?;
    let mut children: Vec<Child> = Vec::new();
    for id in 0..args.n {
        let child = Command::new(&exe)
            .arg("kv")
            .args(["--id", &id.to_string(), "--n", &args.n.to_string()])
            .args(["--port", &args.port.to_string()])
            .args(args.peer_port.map(|p| format!("--peer-port={p}")))
            .args(["--variant", args.variant.name()])
            .arg("--data")
            .arg(&args.data)
            .args(["--heartbeat", &args.heartbeat.to_string()])
            .args(["--snapshot-every", &args.snapshot_every.to_string()])
            .args(["--hardening", args.hardening.name()])
            .args(args.redirect.moved.then_some("--moved"))
            .args(["--reads", args.reads.path().name()])
            .args(tls_files.iter().flat_map(tls_flags))
            .spawn()
            .with_context(|| format!("cannot start replica {id}"))?;
        children.push(child);
    }
    eprintln!(
        "{} {} replicas at {}{}; Ctrl-C stops them",
        args.n,
        args.variant.name(),
        args.hardening,
        if tls_files.is_some() {
            ", mutual TLS between them"
        } else {
            ""
        }
    );
    for (id, mut child) in children.into_iter().enumerate() {
        let status = child.wait()?;
        eprintln!("replica {id} exited: {status}");
    }
    Ok(())
}
