//! `anguard kv`: the replicated key-value store, on loopback: the whole
//! cluster (one process per replica), or one replica of it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command};

use anguard_protocols::kv::KvConfig;
use anguard_protocols::kv::server::{self, ServerConfig, loopback};
use anyhow::{Context, bail};
use clap::Args;

use super::Variant;

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
    #[arg(long, value_name = "DIR", default_value = "anguard-kv")]
    pub data: PathBuf,
    /// The leader's heartbeat period; elections after 5 to 10 of them.
    #[arg(long, value_name = "MS", default_value_t = 50)]
    pub heartbeat: u32,
}

pub const KV_EXAMPLES: &str = "\
Examples:
  anguard kv                               3 encoded replicas; clients on 6380, 6381, 6382
  redis-cli -p 6380 SET greeting hello     a write, answered once committed
  redis-cli -p 6381 GET greeting           -MOVED names the leader's port if 6381 does not lead
  anguard kv --variant plain --data /tmp/kv --port 7000

The write-ahead logs in --data survive restarts: a cluster started again
recovers every acknowledged write.";

impl KvArgs {
    fn config(&self, id: u32) -> anyhow::Result<ServerConfig> {
        let kv = KvConfig::with_heartbeat(self.n, self.heartbeat).context("invalid --heartbeat")?;
        let peer_port = match self.peer_port {
            Some(port) => port,
            None => self
                .port
                .checked_add(1000)
                .context("--port + 1000 is past 65535: give --peer-port")?,
        };
        loopback::loopback(id, kv, self.port, peer_port, &self.data, self.variant)
            .map_err(anyhow::Error::msg)
    }
}

pub fn run(args: &KvArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.data)
        .with_context(|| format!("cannot create {}", args.data.display()))?;
    match args.id {
        Some(id) if id >= args.n => bail!("--id {id} is not in 0..{}", args.n),
        Some(id) => replica(args.config(id)?),
        None => cluster(args),
    }
}

fn replica(config: ServerConfig) -> anyhow::Result<()> {
    let client: SocketAddr = config.clients[config.id as usize];
    tracing::info!(id = config.id, %client, "replica starting");
    eprintln!("replica {} serves Redis clients on {client}", config.id);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    Ok(server::run_blocking(config, shutdown)?)
}

/// Starts every replica as a process of its own, and waits for them.
fn cluster(args: &KvArgs) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("cannot find this program")?;
    let mut children: Vec<Child> = Vec::new();
    for id in 0..args.n {
        args.config(id)?;
        let child = Command::new(&exe)
            .arg("kv")
            .args(["--id", &id.to_string(), "--n", &args.n.to_string()])
            .args(["--port", &args.port.to_string()])
            .args(args.peer_port.map(|p| format!("--peer-port={p}")))
            .args(["--variant", args.variant.name()])
            .arg("--data")
            .arg(&args.data)
            .args(["--heartbeat", &args.heartbeat.to_string()])
            .spawn()
            .with_context(|| format!("cannot start replica {id}"))?;
        children.push(child);
    }
    eprintln!(
        "{} {} replicas; Ctrl-C stops them",
        args.n,
        args.variant.name()
    );
    for (id, mut child) in children.into_iter().enumerate() {
        let status = child.wait()?;
        eprintln!("replica {id} exited: {status}");
    }
    Ok(())
}
