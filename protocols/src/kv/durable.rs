//! The driver's side of durability: a replica's [`Effect::Persist`] records
//! go to [`Storage`], and nothing else the replica did in the same handler
//! (messages, replies) leaves before they are durable.

use core::any::Any;
use std::sync::{Arc, Mutex, PoisonError};

use anguard::node::{AlarmId, Discard, Env, Node};

use super::{Durable, Effect, Record};

/// The plain output of a replica, as its driver sees it.
pub type Output = Option<Effect>;

/// Where a replica's records go.
pub trait Storage {
    /// Appends a record (not yet durable).
    fn append(&mut self, record: &Record) -> std::io::Result<()>;
    /// Makes every record appended so far durable.
    fn sync(&mut self) -> std::io::Result<()>;
}

/// A disk that survives its replica in memory: for the simulator, whose
/// crashes fall between handlers, so what a handler appended is durable.
#[derive(Debug, Clone, Default)]
pub struct MemoryDisk(Arc<Mutex<Durable>>);

impl MemoryDisk {
    /// The durable state the records replay into.
    pub fn durable(&self) -> Durable {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Storage for MemoryDisk {
    fn append(&mut self, record: &Record) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .apply(record.clone());
        Ok(())
    }

    fn sync(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Something a replica did that waits for its records to be durable.
#[derive(Debug)]
enum Held {
    Send(u32, Vec<u8>),
    Report(Output),
}

/// A replica's node behind durable storage `S`: each handler's records are
/// appended, and synced before its messages and replies are let out; an
/// inner node that scrubs on demand is scrubbed before that. A
/// storage error stops the replica (it can no longer promise anything); it
/// then drops every event, as a crashed process would.
///
/// Built with [`grouped`](Self::grouped), it lets outputs out only on
/// [`flush`](Self::flush): a driver that handles every event ready, then
/// flushes, syncs once for all of them (group commit).
pub struct DurableNode<S> {
    inner: Box<dyn Node<Output>>,
    storage: S,
    held: Vec<Held>,
    unsynced: bool,
    grouped: bool,
    failed: bool,
}

impl<S: Storage> DurableNode<S> {
    /// `inner` (a replica behind its adapter), persisting to `storage`,
    /// synced after every handler that appended.
    pub fn new(inner: Box<dyn Node<Output>>, storage: S) -> Self {
        Self {
            inner,
            storage,
            held: Vec::new(),
            unsynced: false,
            grouped: false,
            failed: false,
        }
    }

    /// Like [`new`](Self::new), but outputs wait for [`flush`](Self::flush).
    pub fn grouped(inner: Box<dyn Node<Output>>, storage: S) -> Self {
        Self {
            grouped: true,
            ..Self::new(inner, storage)
        }
    }

    /// Runs one handler of the replica, then (unless grouped) lets its
    /// outputs out.
    fn run(
        &mut self,
        env: &mut dyn Env<Output>,
        handler: impl FnOnce(&mut dyn Node<Output>, &mut dyn Env<Output>),
    ) {
        if self.failed {
            return;
        }
        let mut holding = Holding {
            env,
            storage: &mut self.storage,
            held: &mut self.held,
            appended: false,
            error: None,
        };
        handler(&mut *self.inner, &mut holding);
        self.unsynced |= holding.appended;
        if let Some(error) = holding.error.take() {
            return self.fail(env, error);
        }
        if !self.grouped {
            self.flush(env);
        }
    }

    /// Scrubs the replica's state (see [`Node::scrub`]), syncs what was
    /// appended, then lets out every message and reply held. A corruption
    /// the scrub finds goes to the fault policy before anything leaves.
    pub fn flush(&mut self, env: &mut dyn Env<Output>) {
        if self.failed {
            return;
        }
        self.inner.scrub();
        if self.unsynced {
            if let Err(error) = self.storage.sync() {
                return self.fail(env, error);
            }
            self.unsynced = false;
        }
        for held in self.held.drain(..) {
            match held {
                Held::Send(dst, payload) => env.send(dst, &payload),
                Held::Report(output) => env.report(output),
            }
        }
    }

    fn fail(&mut self, env: &mut dyn Env<Output>, error: std::io::Error) {
        tracing::error!(node = env.me(), %error, "storage failed: the replica stops");
        self.failed = true;
        self.held.clear();
    }

    /// Whether a storage error stopped the replica.
    pub fn failed(&self) -> bool {
        self.failed
    }
}

impl<S> core::fmt::Debug for DurableNode<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DurableNode")
            .field("encoded", &self.inner.encoded())
            .field("held", &self.held.len())
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

impl<S: Storage + 'static> Node<Output> for DurableNode<S> {
    fn start(&mut self, env: &mut dyn Env<Output>) {
        self.run(env, |node, env| node.start(env));
    }

    fn on_payload(&mut self, from: u32, payload: &[u8], env: &mut dyn Env<Output>) {
        self.run(env, |node, env| node.on_payload(from, payload, env));
    }

    fn on_alarm(&mut self, id: AlarmId, env: &mut dyn Env<Output>) {
        self.run(env, |node, env| node.on_alarm(id, env));
    }

    fn on_input(&mut self, payload: &[u8], env: &mut dyn Env<Output>) {
        self.run(env, |node, env| node.on_input(payload, env));
    }

    fn encoded(&self) -> bool {
        self.inner.encoded()
    }

    fn state_mut(&mut self) -> &mut dyn Any {
        self.inner.state_mut()
    }
}

/// The [`Env`] of one handler: records to storage, the rest held back.
struct Holding<'a, S> {
    env: &'a mut dyn Env<Output>,
    storage: &'a mut S,
    held: &'a mut Vec<Held>,
    appended: bool,
    error: Option<std::io::Error>,
}

impl<S: Storage> Env<Output> for Holding<'_, S> {
    fn send(&mut self, dst: u32, payload: &[u8]) {
        self.held.push(Held::Send(dst, payload.to_vec()));
    }

    fn set_alarm(&mut self, id: AlarmId, at_ms: u32) {
        self.env.set_alarm(id, at_ms);
    }

    fn cancel_alarm(&mut self, id: AlarmId) {
        self.env.cancel_alarm(id);
    }

    fn now_ms(&self) -> u32 {
        self.env.now_ms()
    }

    fn me(&self) -> u32 {
        self.env.me()
    }

    fn n(&self) -> u32 {
        self.env.n()
    }

    fn report(&mut self, output: Output) {
        match output {
            Some(Effect::Persist(record)) => {
                if self.error.is_none()
                    && let Err(error) = self.storage.append(&record)
                {
                    self.error = Some(error);
                }
                self.appended = true;
            }
            other => self.held.push(Held::Report(other)),
        }
    }

    fn discard(&mut self, why: Discard) {
        self.env.discard(why);
    }
}
