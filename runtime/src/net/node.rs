//! [`NetNode`]: a node's configuration, protocol and callbacks, and the code
//! that starts its tasks and runs it until shutdown.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::mpsc;

use super::config::{ConfigError, NetConfig};
use super::counters::{NodeHandle, Stats};
use super::driver::{Driver, Report, ReportFn, StateHook};
use super::error::NetError;
use super::frame::{Hello, VERSION};
use super::shared::Shared;
use super::{inbound, peer};
use crate::node::Node;

/// A future whose end stops the node.
type ShutdownSignal = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A node ready to run on the network. See the [module docs](super).
pub struct NetNode {
    config: NetConfig,
    node: Box<dyn Node>,
    handle: NodeHandle,
    on_report: Option<ReportFn>,
    shutdown: Option<ShutdownSignal>,
    start_gate: Option<Duration>,
    on_start: Option<Box<dyn FnOnce()>>,
    state_hook: Option<StateHook>,
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
            shutdown: None,
            start_gate: None,
            on_start: None,
            state_hook: None,
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

    /// Calls `f` on the protocol's state (what [`Node::state_mut`] gives)
    /// once `trigger` resolves, between two events: to inject a fault into
    /// a live node, say. `trigger` is polled from the protocol's start on,
    /// on the node's runtime (a timer, a signal).
    pub fn on_state(
        mut self,
        trigger: impl Future<Output = ()> + 'static,
        f: impl FnOnce(&mut dyn std::any::Any) + 'static,
    ) -> Self {
        self.state_hook = Some(StateHook {
            when: Box::pin(trigger),
            f: Box::new(f),
        });
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

    /// Stops the node when `signal` resolves, as [`NodeHandle::shutdown`]
    /// does. It is polled on the node's runtime, so it may wait on tokio
    /// resources, and first before the protocol starts, so that a handler it
    /// installs is in place by then (a binary passes its SIGINT/SIGTERM
    /// handling here; the library installs no signal handler of its own).
    pub fn with_shutdown(mut self, signal: impl Future<Output = ()> + Send + 'static) -> Self {
        self.shutdown = Some(Box::pin(signal));
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
            self.run(listener).await
        })
    }

    /// Runs on the current runtime until shutdown. The future is not `Send`:
    /// drive it with `block_on` or on a `LocalSet`.
    pub async fn run(mut self, listener: TcpListener) -> Result<Stats, NetError> {
        let config = &self.config;
        match &config.tls {
            Some(_) => tracing::info!(me = config.id, "peers authenticate with mutual TLS"),
            None => tracing::warn!(
                me = config.id,
                "no TLS: peers are unauthenticated (anyone who reaches this node can speak as any peer)"
            ),
        }
        let hello = Hello {
            version: VERSION,
            protocol: config.protocol,
            encoded: self.node.encoded(),
            n: config.n(),
            sender: config.id,
        };
        let shared = Arc::new(Shared::new(
            config.clone(),
            hello,
            self.handle.counters.clone(),
            self.handle.shutdown.clone(),
        ));
        if let Some(mut signal) = self.shutdown.take() {
            let token = self.handle.shutdown.clone();
            // Polled once here, so that what it sets up (a signal handler)
            // is in place before the protocol starts.
            let first = std::future::poll_fn(|cx| Poll::Ready(signal.as_mut().poll(cx))).await;
            if first.is_ready() {
                token.cancel();
            } else {
                tokio::spawn(async move {
                    tokio::select! {
                        () = signal => token.cancel(),
                        () = token.cancelled() => {}
                    }
                });
            }
        }
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
            let peers = u64::from(config.n().saturating_sub(1));
            shared.links_up(peers, timeout).await;
        }
        if let Some(on_start) = self.on_start.take() {
            on_start();
        }
        let mut driver = Driver::new(
            config,
            outboxes,
            self.handle.counters.clone(),
            self.on_report.take(),
        );
        let result = driver
            .run(
                &mut *self.node,
                &mut inbox,
                &shared.shutdown,
                self.state_hook.take(),
            )
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
