//! The plain adapter: a `Protocol<u32>` talks to the driver directly. It only
//! (de)serializes messages; numbers pass through unchanged, nothing is checked.

use core::any::Any;
use core::fmt;

use crate::node::{AlarmId, Discard, Env, Node};
use crate::{Io, Protocol, payload};

/// A plain protocol as a [`Node`]. See [`node_for`](crate::node_for).
///
/// ```
/// use anguard::{Io, Node, PlainNode, Protocol};
///
/// struct Idle;
/// impl Protocol<u32> for Idle {
///     type Msg = ();
///     fn start(&mut self, _io: &mut dyn Io<u32, ()>) {}
///     fn on_message(&mut self, _msg: (), _io: &mut dyn Io<u32, ()>) {}
///     fn on_alarm(&mut self, _id: u32, _io: &mut dyn Io<u32, ()>) {}
/// }
/// let node = PlainNode::new(Idle);
/// assert!(!node.encoded());
/// ```
pub struct PlainNode<P> {
    protocol: P,
    buf: Vec<u8>,
}

impl<P> PlainNode<P> {
    /// Wraps `protocol`.
    pub fn new(protocol: P) -> Self {
        Self {
            protocol,
            buf: Vec::with_capacity(64),
        }
    }

    /// The protocol.
    pub fn protocol(&self) -> &P {
        &self.protocol
    }
}

impl<P> fmt::Debug for PlainNode<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlainNode")
            .field("protocol", &core::any::type_name::<P>())
            .finish()
    }
}

/// `Io<u32, M>` over an [`Env`].
struct PlainIo<'a> {
    env: &'a mut dyn Env,
    buf: &'a mut Vec<u8>,
}

impl<M: serde::Serialize> Io<u32, M> for PlainIo<'_> {
    fn send(&mut self, dst: u32, msg: M) {
        match payload::encode(&msg, self.buf) {
            Ok(()) => self.env.send(dst, self.buf),
            Err(error) => {
                tracing::warn!(node = self.env.me(), %error, "plain node: outgoing message discarded");
                self.env.discard(Discard::Outgoing);
            }
        }
    }
    fn set_alarm(&mut self, id: u32, at: u32) {
        self.env.set_alarm(AlarmId::plain(id), at);
    }
    fn cancel_alarm(&mut self, id: u32) {
        self.env.cancel_alarm(AlarmId::plain(id));
    }
    fn now(&self) -> u32 {
        self.env.now_ms()
    }
    fn me(&self) -> u32 {
        self.env.me()
    }
    fn n(&self) -> u32 {
        self.env.n()
    }
    fn report(&mut self, leader: Option<u32>) {
        self.env.report(leader);
    }
}

impl<P: Protocol<u32> + 'static> Node for PlainNode<P> {
    fn start(&mut self, env: &mut dyn Env) {
        let mut io = PlainIo {
            env,
            buf: &mut self.buf,
        };
        self.protocol.start(&mut io);
    }

    fn on_payload(&mut self, bytes: &[u8], env: &mut dyn Env) {
        let msg = match payload::decode::<P::Msg>(bytes) {
            Ok(msg) => msg,
            Err(error) => {
                tracing::warn!(node = env.me(), %error, "plain node: incoming message discarded");
                env.discard(Discard::Incoming);
                return;
            }
        };
        let mut io = PlainIo {
            env,
            buf: &mut self.buf,
        };
        self.protocol.on_message(msg, &mut io);
    }

    fn on_alarm(&mut self, id: AlarmId, env: &mut dyn Env) {
        // A plain id is whatever bits come back; keep the low 32 as u32 would.
        let id = id.bits as u32;
        let mut io = PlainIo {
            env,
            buf: &mut self.buf,
        };
        self.protocol.on_alarm(id, &mut io);
    }

    fn encoded(&self) -> bool {
        false
    }

    fn state_mut(&mut self) -> &mut dyn Any {
        &mut self.protocol
    }
}
