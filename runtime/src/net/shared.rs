//! What a node's tasks share: the configuration, the hello, the counters,
//! the shutdown token, the count of links up, which the start gate waits on,
//! and the kinds of rejection already logged.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use super::config::NetConfig;
use super::counters::Counters;
use super::frame::Hello;
use super::logged::LoggedKinds;

pub(crate) struct Shared {
    pub(crate) config: NetConfig,
    pub(crate) hello: Hello,
    pub(crate) counters: Arc<Counters>,
    pub(crate) shutdown: CancellationToken,
    /// Outbound connections established so far (reconnects included).
    links: watch::Sender<u64>,
    /// The kinds of rejection logged so far.
    logged: LoggedKinds,
}

impl Shared {
    pub(crate) fn new(
        config: NetConfig,
        hello: Hello,
        counters: Arc<Counters>,
        shutdown: CancellationToken,
    ) -> Self {
        Self {
            config,
            hello,
            counters,
            shutdown,
            links: watch::Sender::new(0),
            logged: LoggedKinds::default(),
        }
    }

    /// Whether this is the first rejection of its `kind` (each kind is
    /// logged once at warning level; the counter counts them all).
    pub(crate) fn first_of_kind(&self, kind: &'static str) -> bool {
        self.logged.first(kind)
    }

    /// Counts an outbound connection established, and wakes the start gate.
    pub(crate) fn link_up(&self) {
        Counters::bump(&self.counters.connected);
        self.links.send_modify(|links| *links += 1);
    }

    /// Waits until `count` outbound connections have been established, for
    /// at most `limit`, or until shutdown.
    pub(crate) async fn links_up(&self, count: u64, limit: Duration) {
        let mut links = self.links.subscribe();
        tokio::select! {
            _ = self.shutdown.cancelled() => {}
            _ = tokio::time::timeout(limit, links.wait_for(|&up| up >= count)) => {}
        }
    }
}
