//! The event loop: runs the node's handlers on messages, alarms and the
//! clock, and is the node's [`Env`]: sends go to the peers' outboxes (or
//! back to the node itself), alarms to tokio time, output changes to the
//! report callback.

use std::collections::{HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::bytes::Bytes;
use tokio_util::sync::CancellationToken;

use super::config::NetConfig;
use super::counters::Counters;
use super::error::NetError;
use super::frame::Frame;
use super::inbound::Inbound;
use crate::fault::Fault;
use crate::node::{AlarmId, Discard, Env, Node};

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

/// Called on every change of the node's output.
pub(crate) type ReportFn = Box<dyn FnMut(Report)>;

/// Called on the protocol's state (what `Node::state_mut` gives).
pub(crate) type StateFn = Box<dyn FnOnce(&mut dyn std::any::Any)>;

/// A function to call on the protocol's state, and the future that says when.
pub(crate) struct StateHook {
    pub(crate) when: std::pin::Pin<Box<dyn Future<Output = ()>>>,
    pub(crate) f: StateFn,
}

/// The event loop's state: the node's [`Env`].
pub(crate) struct Driver {
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
    /// The loop of node `config.id`, sending through `outboxes` (by peer id;
    /// none for itself); its clock starts now.
    pub(crate) fn new(
        config: &NetConfig,
        outboxes: Vec<Option<mpsc::Sender<Bytes>>>,
        counters: Arc<Counters>,
        on_report: Option<ReportFn>,
    ) -> Self {
        Self {
            me: config.id,
            n: config.n(),
            start: Instant::now(),
            max_payload: config.max_frame.saturating_sub(Frame::message_len(0)),
            self_limit: config.inbox,
            alarms: HashMap::new(),
            outboxes,
            local: VecDeque::new(),
            counters,
            output: None,
            on_report,
        }
    }

    /// Starts the node and runs its handlers until shutdown or a fault.
    pub(crate) async fn run(
        &mut self,
        node: &mut dyn Node,
        inbox: &mut mpsc::Receiver<Inbound>,
        shutdown: &CancellationToken,
        state_hook: Option<StateHook>,
    ) -> Result<(), NetError> {
        self.handle(node, |n, env| n.start(env))?;
        let (mut when, mut on_state) = match state_hook {
            Some(StateHook { when, f }) => (when, Some(f)),
            None => (Box::pin(std::future::pending()) as _, None),
        };
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
                () = &mut when, if on_state.is_some() => {
                    if let Some(f) = on_state.take() {
                        f(node.state_mut());
                    }
                }
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
