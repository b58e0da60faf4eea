//! The replica's event loop: one task owns the node; peers' messages,
//! clients' requests and alarms come in, and every batch of events ends in
//! one flush (sync, then outputs).

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::Duration;

use anguard::fault::Fault;
use anguard::node::{AlarmId, Discard, Env, Node};
use anguard::payload;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use tokio_util::bytes::Bytes;

use super::ServerError;
use super::session::ClientRequest;
use crate::kv::durable::{DurableNode, Output, Storage};
use crate::kv::{Effect, Reply};

/// Events handled before a flush, at most.
const BATCH: usize = 512;

/// The node's [`Env`] on the network.
pub(super) struct Driver {
    me: u32,
    n: u32,
    start: Instant,
    alarms: HashMap<AlarmId, Instant>,
    outboxes: Vec<Option<mpsc::Sender<Bytes>>>,
    /// Replies owed to clients, by (client, seq).
    owed: HashMap<(u64, u64), oneshot::Sender<Reply>>,
    buf: Vec<u8>,
}

impl Driver {
    pub(super) fn new(me: u32, n: u32, outboxes: Vec<Option<mpsc::Sender<Bytes>>>) -> Self {
        Self {
            me,
            n,
            start: Instant::now(),
            alarms: HashMap::new(),
            outboxes,
            owed: HashMap::new(),
            buf: Vec::new(),
        }
    }

    pub(super) async fn run<S: Storage + 'static>(
        mut self,
        mut node: DurableNode<S>,
        mut inbox: mpsc::Receiver<(u32, Bytes)>,
        mut requests: mpsc::Receiver<ClientRequest>,
        shutdown: impl Future<Output = ()>,
    ) -> Result<(), ServerError> {
        let mut shutdown = std::pin::pin!(shutdown);
        self.handle(&mut node, |n, env| n.start(env))?;
        let far = Duration::from_secs(86_400);
        loop {
            node.flush(&mut self);
            if node.failed() {
                return Err(ServerError::Storage);
            }
            let next = self.alarms.values().min().copied();
            tokio::select! {
                biased;
                () = &mut shutdown => return Ok(()),
                () = tokio::time::sleep_until(next.unwrap_or_else(|| Instant::now() + far)), if next.is_some() => {
                    self.fire_due(&mut node)?;
                }
                Some((from, payload)) = inbox.recv() => {
                    self.handle(&mut node, |n, env| n.on_payload(from, &payload, env))?;
                    for _ in 1..BATCH {
                        let Ok((from, payload)) = inbox.try_recv() else { break };
                        self.handle(&mut node, |n, env| n.on_payload(from, &payload, env))?;
                    }
                }
                Some(request) = requests.recv() => {
                    self.input(&mut node, request)?;
                    for _ in 1..BATCH {
                        let Ok(request) = requests.try_recv() else { break };
                        self.input(&mut node, request)?;
                    }
                }
            }
        }
    }

    /// Hands a client's request to the replica; its reply is owed.
    fn input<S: Storage + 'static>(
        &mut self,
        node: &mut DurableNode<S>,
        ClientRequest { request, reply }: ClientRequest,
    ) -> Result<(), ServerError> {
        if self.owed.len() > 1 << 16 {
            // Clients that gave up (their leader stepped down, say).
            self.owed.retain(|_, tx| !tx.is_closed());
        }
        self.owed.insert((request.client, request.seq), reply);
        let mut buf = std::mem::take(&mut self.buf);
        let result = match payload::encode(&request, &mut buf) {
            Ok(()) => self.handle(node, |n, env| n.on_input(&buf, env)),
            Err(error) => {
                tracing::warn!(%error, "request dropped");
                Ok(())
            }
        };
        self.buf = buf;
        result
    }

    fn fire_due<S: Storage + 'static>(
        &mut self,
        node: &mut DurableNode<S>,
    ) -> Result<(), ServerError> {
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
                self.handle(node, |n, env| n.on_alarm(id, env))?;
            }
        }
        Ok(())
    }

    /// Runs one handler; a [`Fault`] stops the replica.
    fn handle<S: Storage + 'static>(
        &mut self,
        node: &mut DurableNode<S>,
        f: impl FnOnce(&mut DurableNode<S>, &mut dyn Env<Output>),
    ) -> Result<(), ServerError> {
        match catch_unwind(AssertUnwindSafe(|| f(node, self))) {
            Ok(()) => Ok(()),
            Err(payload) => match payload.downcast::<Fault>() {
                Ok(fault) => {
                    tracing::error!(me = self.me, %fault, "fault detected: stopping");
                    Err(ServerError::Fault(*fault))
                }
                Err(other) => resume_unwind(other),
            },
        }
    }

    fn elapsed_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }
}

impl Env<Output> for Driver {
    fn send(&mut self, dst: u32, payload: &[u8]) {
        match self.outboxes.get(dst as usize) {
            Some(Some(tx)) => {
                if tx.try_send(Bytes::copy_from_slice(payload)).is_err() {
                    tracing::debug!(dst, "peer queue full: message dropped");
                }
            }
            _ => tracing::debug!(dst, "message to no peer dropped"),
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

    fn report(&mut self, output: Output) {
        if let Some(Effect::Reply { client, seq, reply }) = output
            && let Some(tx) = self.owed.remove(&(client, seq))
        {
            let _ = tx.send(reply);
        }
    }

    fn discard(&mut self, why: Discard) {
        tracing::warn!(me = self.me, what = why.name(), "discarded");
    }
}
