//! The tokio TCP event loop: one node per process, on a `current_thread`
//! runtime.
//!
//! A [`NetNode`] drives one [`Node`] over TCP: a static peer list (id →
//! address, see [`config`]), one outbound connection per peer with reconnect
//! and exponential backoff ([`peer`](self) task), inbound connections bound to
//! a peer id by a [`handshake`], length-delimited [`frame`]s with a maximum
//! size, alarms on tokio time, the clock as ms since start. A message to an
//! unreachable peer is dropped (an omission), never queued without bound.
//! Counters and shutdown go through a [`NodeHandle`]; output changes go to a
//! callback.
//!
//! ```no_run
//! use anguard::net::{NetConfig, NetNode, config::parse_peers};
//! use anguard::{Io, Protocol, node_for};
//!
//! struct Quiet;
//! impl Protocol<u32> for Quiet {
//!     type Msg = ();
//!     type Output = Option<u32>;
//!     fn start(&mut self, io: &mut dyn Io<u32, Self>) { io.report(Some(0)); }
//!     fn on_message(&mut self, _: u32, _: (), _: &mut dyn Io<u32, Self>) {}
//!     fn on_alarm(&mut self, _: u32, _: &mut dyn Io<u32, Self>) {}
//! }
//!
//! let peers = parse_peers("127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002")?;
//! let node = NetNode::new(NetConfig::new(0, peers), node_for(Quiet))?
//!     .on_report(|r| println!("{} ms: node {} trusts {:?}", r.t_ms, r.node, r.leader));
//! let handle = node.handle(); // stats(), shutdown()
//! let stats = node.run_blocking(None)?; // until SIGINT/SIGTERM or handle.shutdown()
//! println!("{stats:?}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod auth;
pub mod config;
mod counters;
pub mod frame;
pub mod handshake;
mod inbound;
mod peer;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::bytes::Bytes;
use tokio_util::codec::LengthDelimitedCodec;
use tokio_util::sync::CancellationToken;

pub use config::{ConfigError, NetConfig};
pub use counters::{NodeHandle, Stats};

use crate::fault::Fault;
use crate::node::{AlarmId, Discard, Env, Node};
use counters::Counters;
use frame::{Hello, VERSION};

/// An output change of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Local time, in ms since the node started.
    pub t_ms: u32,
    /// The node.
    pub node: u32,
    /// The leader it trusts now.
    pub leader: Option<u32>,
}

/// Why a node could not run, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    /// The configuration is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The listening address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The tokio runtime or a signal handler could not be set up.
    #[error("cannot set up the runtime: {0}")]
    Runtime(std::io::Error),
    /// A check found an invalid word: the node stopped instead of lying.
    #[error("node stopped: {0}")]
    Fault(Fault),
}

/// What the node's tasks share.
pub(crate) struct Shared {
    pub(crate) config: NetConfig,
    pub(crate) hello: Hello,
    pub(crate) counters: Arc<Counters>,
    pub(crate) shutdown: CancellationToken,
}

/// The frame codec: a 4-byte big-endian length, at most `max_frame` bytes.
pub(crate) fn codec(max_frame: usize) -> LengthDelimitedCodec {
    LengthDelimitedCodec::builder()
        .length_field_length(4)
        .max_frame_length(max_frame)
        .new_codec()
}

type ReportFn = Box<dyn FnMut(Report)>;

/// A node ready to run on the network. See the [module docs](self).
pub struct NetNode {
    config: NetConfig,
    node: Box<dyn Node>,
    handle: NodeHandle,
    on_report: Option<ReportFn>,
    signals: bool,
    start_gate: Option<Duration>,
    on_start: Option<Box<dyn FnOnce()>>,
}

impl std::fmt::Debug for NetNode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NetNode")
            .field("config", &self.config)
            .field("encoded", &self.node.encoded())
            .finish_non_exhaustive()
    }
}

impl NetNode {
    /// Node `config.id` running `node`; checks the configuration.
    pub fn new(config: NetConfig, node: Box<dyn Node>) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(Self {
            config,
            node,
            handle: NodeHandle::new(),
            on_report: None,
            signals: true,
            start_gate: None,
            on_start: None,
        })
    }

    /// Starts the protocol only once this node has a connection to every
    /// peer, or `timeout` has passed: experiments that time an election then
    /// time the protocol, not process start-up and reconnect backoff. The
    /// node's clock starts with the protocol.
    pub fn with_start_gate(mut self, timeout: Duration) -> Self {
        self.start_gate = Some(timeout);
        self
    }

    /// Calls `f` when the protocol starts.
    pub fn on_start(mut self, f: impl FnOnce() + 'static) -> Self {
        self.on_start = Some(Box::new(f));
        self
    }

    /// Uses `handle` (made beforehand, e.g. on another thread) as the node's.
    pub fn with_handle(mut self, handle: NodeHandle) -> Self {
        self.handle = handle;
        self
    }

    /// Calls `f` on every change of the node's output.
    pub fn on_report(mut self, f: impl FnMut(Report) + 'static) -> Self {
        self.on_report = Some(Box::new(f));
        self
    }

    /// Whether [`run_blocking`](Self::run_blocking) stops on SIGINT/SIGTERM
    /// (default: yes).
    pub fn with_signals(mut self, signals: bool) -> Self {
        self.signals = signals;
        self
    }

    /// The handle to read counters and stop the node.
    pub fn handle(&self) -> NodeHandle {
        self.handle.clone()
    }

    /// Runs on a fresh `current_thread` runtime until shutdown, on
    /// `listener` (bound beforehand, e.g. to port 0) or else on the
    /// configured address.
    pub fn run_blocking(self, listener: Option<std::net::TcpListener>) -> Result<Stats, NetError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(NetError::Runtime)?;
        runtime.block_on(async move {
            let listener = match listener {
                Some(l) => {
                    let addr = l.local_addr().map_err(NetError::Runtime)?;
                    let bind = |source| NetError::Bind { addr, source };
                    l.set_nonblocking(true).map_err(bind)?;
                    TcpListener::from_std(l).map_err(bind)?
                }
                None => bind(self.config.listen_addr()).await?,
            };
            if self.signals {
                tokio::spawn(shutdown_on_signals(self.handle.clone()));
            }
            self.run(listener).await
        })
    }

    /// Runs on the current runtime until shutdown. The future is not `Send`:
    /// drive it with `block_on` or on a `LocalSet`.
    pub async fn run(mut self, listener: TcpListener) -> Result<Stats, NetError> {
        let config = &self.config;
        let shared = Arc::new(Shared {
            config: config.clone(),
            hello: Hello {
                version: VERSION,
                protocol: config.protocol,
                encoded: self.node.encoded(),
                n: config.n(),
                sender: config.id,
            },
            counters: self.handle.counters.clone(),
            shutdown: self.handle.shutdown.clone(),
        });
        let (inbox_tx, mut inbox) = mpsc::channel(config.inbox);
        tokio::spawn(inbound::accept_loop(shared.clone(), listener, inbox_tx));
        let outboxes = (0..config.n())
            .map(|peer| {
                (peer != config.id).then(|| {
                    let (tx, rx) = mpsc::channel(config.queue);
                    tokio::spawn(peer::dial_loop(shared.clone(), peer, rx));
                    tx
                })
            })
            .collect();
        if let Some(timeout) = self.start_gate {
            let deadline = Instant::now() + timeout;
            let peers = u64::from(config.n().saturating_sub(1));
            while self
                .handle
                .counters
                .connected
                .load(std::sync::atomic::Ordering::Relaxed)
                < peers
                && Instant::now() < deadline
                && !shared.shutdown.is_cancelled()
            {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        if let Some(on_start) = self.on_start.take() {
            on_start();
        }
        let mut driver = Driver {
            me: config.id,
            n: config.n(),
            start: Instant::now(),
            max_payload: config.max_frame.saturating_sub(
                frame::Frame::message_len(0) + config.key.as_ref().map_or(0, |_| auth::MAC_LEN),
            ),
            self_limit: config.inbox,
            alarms: HashMap::new(),
            outboxes,
            local: VecDeque::new(),
            counters: self.handle.counters.clone(),
            output: None,
            on_report: self.on_report.take(),
        };
        let result = driver
            .run(&mut *self.node, &mut inbox, &shared.shutdown)
            .await;
        shared.shutdown.cancel();
        result.map(|()| self.handle.stats())
    }
}

/// Binds a listener.
pub async fn bind(addr: SocketAddr) -> Result<TcpListener, NetError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| NetError::Bind { addr, source })
}

/// Resolves on SIGINT or SIGTERM (or when the node stops), then stops the node.
pub async fn shutdown_on_signals(handle: NodeHandle) {
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT: shutting down"),
        _ = terminate => tracing::info!("SIGTERM: shutting down"),
        _ = handle.shut_down() => {}
    }
    handle.shutdown();
}

/// The event loop's state: the node's [`Env`].
struct Driver {
    me: u32,
    n: u32,
    start: Instant,
    max_payload: usize,
    self_limit: usize,
    alarms: HashMap<AlarmId, Instant>,
    outboxes: Vec<Option<mpsc::Sender<Bytes>>>,
    local: VecDeque<Bytes>,
    counters: Arc<Counters>,
    output: Option<u32>,
    on_report: Option<ReportFn>,
}

impl Driver {
    async fn run(
        &mut self,
        node: &mut dyn Node,
        inbox: &mut mpsc::Receiver<inbound::Inbound>,
        shutdown: &CancellationToken,
    ) -> Result<(), NetError> {
        self.handle(node, |n, env| n.start(env))?;
        let far = Duration::from_secs(86_400);
        loop {
            while let Some(payload) = self.local.pop_front() {
                Counters::bump(&self.counters.received);
                let me = self.me;
                self.handle(node, |n, env| n.on_payload(me, &payload, env))?;
            }
            let next = self.alarms.values().min().copied();
            tokio::select! {
                biased;
                _ = shutdown.cancelled() => return Ok(()),
                _ = tokio::time::sleep_until(next.unwrap_or_else(|| Instant::now() + far)), if next.is_some() => {
                    self.fire_due(node)?;
                }
                msg = inbox.recv() => match msg {
                    Some((from, payload)) => {
                        Counters::bump(&self.counters.received);
                        self.handle(node, |n, env| n.on_payload(from, &payload, env))?;
                    }
                    None => return Ok(()),
                },
            }
        }
    }

    /// Fires every alarm that is due, earliest first.
    fn fire_due(&mut self, node: &mut dyn Node) -> Result<(), NetError> {
        let now = Instant::now();
        let mut due: Vec<(Instant, AlarmId)> = self
            .alarms
            .iter()
            .filter(|&(_, &at)| at <= now)
            .map(|(&id, &at)| (at, id))
            .collect();
        due.sort_unstable();
        for (at, id) in due {
            // An earlier handler may have reset or cancelled it.
            if self.alarms.get(&id) == Some(&at) {
                self.alarms.remove(&id);
                Counters::bump(&self.counters.alarms_fired);
                self.handle(node, |n, env| n.on_alarm(id, env))?;
            }
        }
        Ok(())
    }

    /// Runs one handler; a [`Fault`] stops the node.
    fn handle(
        &mut self,
        node: &mut dyn Node,
        f: impl FnOnce(&mut dyn Node, &mut dyn Env),
    ) -> Result<(), NetError> {
        match catch_unwind(AssertUnwindSafe(|| f(node, self))) {
            Ok(()) => Ok(()),
            Err(payload) => match payload.downcast::<Fault>() {
                Ok(fault) => {
                    Counters::bump(&self.counters.faults);
                    tracing::error!(me = self.me, %fault, "fault detected: stopping");
                    Err(NetError::Fault(*fault))
                }
                Err(other) => resume_unwind(other),
            },
        }
    }

    fn elapsed_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }
}

impl Env for Driver {
    fn send(&mut self, dst: u32, payload: &[u8]) {
        if payload.len() > self.max_payload {
            tracing::warn!(
                me = self.me,
                len = payload.len(),
                "message over the frame limit dropped"
            );
            return Counters::bump(&self.counters.dropped);
        }
        if dst == self.me {
            if self.local.len() < self.self_limit {
                self.local.push_back(Bytes::copy_from_slice(payload));
            } else {
                Counters::bump(&self.counters.dropped);
            }
            return;
        }
        match self.outboxes.get(dst as usize) {
            Some(Some(tx)) => {
                if tx.try_send(Bytes::copy_from_slice(payload)).is_err() {
                    Counters::bump(&self.counters.dropped);
                }
            }
            _ => Counters::bump(&self.counters.dropped),
        }
    }

    fn set_alarm(&mut self, id: AlarmId, at_ms: u32) {
        let now = self.elapsed_ms();
        let ahead = at_ms.wrapping_sub(now as u32) as i32;
        let target = now + ahead.max(0) as u64;
        self.alarms
            .insert(id, self.start + Duration::from_millis(target));
    }

    fn cancel_alarm(&mut self, id: AlarmId) {
        self.alarms.remove(&id);
    }

    fn now_ms(&self) -> u32 {
        self.elapsed_ms() as u32
    }

    fn me(&self) -> u32 {
        self.me
    }

    fn n(&self) -> u32 {
        self.n
    }

    fn report(&mut self, leader: Option<u32>) {
        if self.output == leader {
            return;
        }
        self.output = leader;
        let raw = leader.map_or(u64::MAX, u64::from);
        self.counters
            .output
            .store(raw, std::sync::atomic::Ordering::Relaxed);
        let report = Report {
            t_ms: self.now_ms(),
            node: self.me,
            leader,
        };
        tracing::info!(me = self.me, ?leader, "output changed");
        if let Some(f) = self.on_report.as_mut() {
            f(report);
        }
    }

    fn discard(&mut self, _why: Discard) {
        Counters::bump(&self.counters.discarded);
    }
}
