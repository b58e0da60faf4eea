//! One replica on the network: peers over TCP, clients over RESP2, the
//! write-ahead log on disk.
//!
//! The driver runs the replica behind [`DurableNode::grouped`]: it handles
//! every event ready (peer messages, client requests, alarms), then flushes
//! once: one `fdatasync` for all the records they appended, then the
//! messages and replies they produced (group commit). A client's write is
//! answered once it is committed and applied; a read once the leader
//! confirmed its lead and applied what was committed when the read came
//! (ReadIndex), or, with [`Reads::Log`](crate::kv::Reads), once applied
//! like a write.
//! A replica that does not lead forwards its clients' commands to the
//! leader and relays the replies ([`forward`]); with
//! [`ServerConfig::forward`] off, it answers `-MOVED 0 <leader's client
//! address>` instead, or `-CLUSTERDOWN` when it knows no leader.
//!
//! A check that finds an invalid code word stops the replica (the process
//! exits with an error): a crash, which the others tolerate.

pub mod client;
pub mod commands;
pub mod deployment;
mod driver;
pub mod forward;
pub mod loopback;
pub mod peers;
pub mod reply;
pub mod resp;
pub mod session;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anguard::Hardening;
use anguard::fault::Fault;
use anguard::net::frame::{Hello, VERSION};
use anguard::net::tls::Tls;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use super::durable::DurableNode;
use super::wal::Wal;
use super::{KvConfig, replica};
use crate::algo::Variant;

/// The tag replicas exchange in their hello: peers must run the store.
pub const PROTOCOL_TAG: u32 = u32::from_be_bytes(*b"ANKV");

/// One replica's setup.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Its id, in `0..n`.
    pub id: u32,
    /// Every replica's peer address, by id.
    pub peers: Vec<SocketAddr>,
    /// Every replica's client (RESP) address, by id.
    pub clients: Vec<SocketAddr>,
    /// Its write-ahead log.
    pub wal: PathBuf,
    /// The store's parameters (`n` must be the number of peers).
    pub kv: KvConfig,
    /// Which build runs.
    pub variant: Variant,
    /// How hard it checks itself.
    pub hardening: Hardening,
    /// Its certificate, key and CA for mutual TLS with its peers (of id
    /// `id`), or `None`: unauthenticated peer links.
    pub tls: Option<Tls>,
    /// Whether a replica that does not lead forwards a client's command to
    /// the leader (else it answers `-MOVED`).
    pub forward: bool,
}

/// Why a replica could not run, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The setup is inconsistent.
    #[error("invalid setup: {0}")]
    Config(String),
    /// The write-ahead log could not be opened.
    #[error("cannot open the write-ahead log {path}: {source}")]
    Wal {
        /// Its path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The tokio runtime could not be built.
    #[error("cannot set up the runtime: {0}")]
    Runtime(std::io::Error),
    /// A check found an invalid word: the replica stopped instead of lying.
    #[error("replica stopped: {0}")]
    Fault(Fault),
    /// Its storage failed: the replica stopped.
    #[error("replica stopped: its write-ahead log failed")]
    Storage,
}

impl ServerConfig {
    fn validate(&self) -> Result<(), ServerError> {
        let n = self.peers.len();
        if n != self.clients.len() || n != self.kv.n() as usize {
            return Err(ServerError::Config(format!(
                "{n} peer addresses, {} client addresses and n = {} must agree",
                self.clients.len(),
                self.kv.n()
            )));
        }
        if self.id as usize >= n {
            return Err(ServerError::Config(format!(
                "id {} is not in 0..{n}",
                self.id
            )));
        }
        if let Some(tls) = &self.tls
            && tls.id() != self.id
        {
            return Err(ServerError::Config(format!(
                "replica {} was given the TLS certificate of node {}",
                self.id,
                tls.id()
            )));
        }
        let addrs: Vec<_> = self.peers.iter().chain(&self.clients).collect();
        if let Some(addr) = addrs
            .iter()
            .enumerate()
            .find_map(|(j, b)| addrs[..j].contains(b).then_some(b))
        {
            return Err(ServerError::Config(format!(
                "{addr} is given twice: every peer and client address must differ"
            )));
        }
        Ok(())
    }
}

async fn bind(addr: SocketAddr) -> Result<TcpListener, ServerError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })
}

/// Runs the replica on a fresh `current_thread` runtime until `shutdown`
/// resolves (or a fault or a storage error stops it).
pub fn run_blocking(
    config: ServerConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Runtime)?;
    runtime.block_on(serve(config, shutdown))
}

/// Runs the replica on the current runtime until `shutdown` resolves.
pub async fn serve(
    config: ServerConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServerError> {
    config.validate()?;
    let (wal, durable) = Wal::open(&config.wal).map_err(|source| ServerError::Wal {
        path: config.wal.clone(),
        source,
    })?;
    tracing::info!(
        id = config.id,
        term = durable.term,
        entries = durable.log.len(),
        variant = config.variant.name(),
        hardening = config.hardening.name(),
        "replica recovered its write-ahead log"
    );
    let node = DurableNode::grouped(
        replica::replica(config.variant, config.hardening, &config.kv, durable),
        wal,
    );
    let me = config.id;
    let n = config.kv.n();
    let hello = Hello {
        version: VERSION,
        protocol: PROTOCOL_TAG,
        encoded: config.variant == Variant::Encoded,
        n,
        sender: me,
    };
    let peer_listener = bind(config.peers[me as usize]).await?;
    let client_listener = bind(config.clients[me as usize]).await?;
    let (inbox_tx, inbox) = mpsc::channel(16 * 1024);
    tokio::spawn(peers::accept(
        peer_listener,
        hello,
        config.tls.clone(),
        inbox_tx,
    ));
    let outboxes = (0..n)
        .map(|peer| {
            (peer != me).then(|| {
                let (tx, rx) = mpsc::channel(16 * 1024);
                let addr = config.peers[peer as usize];
                tokio::spawn(peers::dial(addr, peer, hello, config.tls.clone(), rx));
                tx
            })
        })
        .collect();
    let (requests_tx, requests) = mpsc::channel(16 * 1024);
    let clients: Arc<[SocketAddr]> = config.clients.clone().into();
    let pause = Duration::from_millis(u64::from(config.kv.heartbeat_ms()));
    let sessions = session::Sessions {
        requests: requests_tx,
        forwarder: config
            .forward
            .then(|| forward::Forwarder::spawn(me, clients.clone(), pause)),
        clients,
    };
    tokio::spawn(session::accept(client_listener, sessions));
    driver::Driver::new(me, n, outboxes)
        .run(node, inbox, requests, shutdown)
        .await
}
