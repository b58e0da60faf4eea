//! What a running node counts, and the handle that reads the counters and
//! stops the node.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use tokio_util::sync::CancellationToken;

/// Live counters, shared by the node's tasks.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub sent: AtomicU64,
    pub sent_bytes: AtomicU64,
    pub received: AtomicU64,
    pub discarded: AtomicU64,
    pub dropped: AtomicU64,
    pub alarms_fired: AtomicU64,
    pub faults: AtomicU64,
    pub rejected: AtomicU64,
    pub connected: AtomicU64,
    /// The output: `u64::MAX` for none.
    pub output: AtomicU64,
}

impl Counters {
    pub(crate) fn new() -> Self {
        Self {
            output: AtomicU64::new(u64::MAX),
            ..Self::default()
        }
    }

    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Relaxed);
    }
}

/// A snapshot of a node's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Messages written to a peer's connection.
    pub sent: u64,
    /// Payload bytes of those messages (the protocol's serialized messages,
    /// without framing).
    pub sent_bytes: u64,
    /// Messages received and handed to the protocol.
    pub received: u64,
    /// Words the wrapper discarded as invalid (or payloads that did not parse).
    pub discarded: u64,
    /// Messages dropped by the network layer: peer unreachable, queue full,
    /// no such peer, too large.
    pub dropped: u64,
    /// Alarms fired.
    pub alarms_fired: u64,
    /// Faults detected by a check (the node stops on the first).
    pub faults: u64,
    /// Connections and frames rejected: bad frames, failed handshakes (TLS
    /// ones included: certificates refused, plain TCP, replays), connections
    /// over the limit.
    pub rejected: u64,
    /// Outbound connections established (reconnects included).
    pub connected: u64,
    /// The node's current output.
    pub output: Option<u32>,
}

/// Reads a running node's counters and stops it. Cheap to clone; usable from
/// any thread.
///
/// ```
/// use anguard::net::NodeHandle;
///
/// let handle = NodeHandle::new();
/// assert_eq!(handle.stats().sent, 0);
/// assert!(!handle.is_shut_down());
/// handle.shutdown();
/// assert!(handle.is_shut_down());
/// ```
#[derive(Debug, Clone)]
pub struct NodeHandle {
    pub(crate) counters: Arc<Counters>,
    pub(crate) shutdown: CancellationToken,
}

impl Default for NodeHandle {
    fn default() -> Self {
        Self::new()
    }
}

impl NodeHandle {
    /// A handle for a node not yet running.
    pub fn new() -> Self {
        Self {
            counters: Arc::new(Counters::new()),
            shutdown: CancellationToken::new(),
        }
    }

    /// The counters now.
    pub fn stats(&self) -> Stats {
        let c = &self.counters;
        let output = c.output.load(Relaxed);
        Stats {
            sent: c.sent.load(Relaxed),
            sent_bytes: c.sent_bytes.load(Relaxed),
            received: c.received.load(Relaxed),
            discarded: c.discarded.load(Relaxed),
            dropped: c.dropped.load(Relaxed),
            alarms_fired: c.alarms_fired.load(Relaxed),
            faults: c.faults.load(Relaxed),
            rejected: c.rejected.load(Relaxed),
            connected: c.connected.load(Relaxed),
            output: u32::try_from(output).ok(),
        }
    }

    /// Asks the node to stop; it returns from `run` soon after.
    pub fn shutdown(&self) {
        self.shutdown.cancel();
    }

    /// Whether a shutdown was asked for.
    pub fn is_shut_down(&self) -> bool {
        self.shutdown.is_cancelled()
    }

    /// Resolves when a shutdown is asked for.
    pub async fn shut_down(&self) {
        self.shutdown.cancelled().await;
    }
}
