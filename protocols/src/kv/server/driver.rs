//! The replica's event loop: one task owns the node; peers' messages,
//! clients' requests and alarms come in, and every batch of events ends in
//! one flush (scrub, sync, then outputs).

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use anguard::fault::Fault;
use anguard::net::Alarms;
use anguard::node::{AlarmId, Discard, Env, Node};
use anguard::payload;
use tokio::sync::{mpsc, oneshot};
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
    alarms: Alarms,
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
            alarms: Alarms::new(),
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
        loop {
            self.handle(&mut node, |n, env| n.flush(env))?;
            if node.failed() {
                return Err(ServerError::Storage);
            }
            tokio::select! {
                biased;
                () = &mut shutdown => return Ok(()),
                () = self.alarms.next_due() => {
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
        let mut due = self.alarms.due();
        while let Some(id) = due.next(&mut self.alarms) {
            self.handle(node, |n, env| n.on_alarm(id, env))?;
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
        self.alarms.set(id, at_ms);
    }

    fn cancel_alarm(&mut self, id: AlarmId) {
        self.alarms.cancel(id);
    }

    fn now_ms(&self) -> u32 {
        self.alarms.now_ms()
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
