//! The driver-facing side of a protocol: object-safe, byte-level, and the
//! same for the simulator and the event loop.
//!
//! A driver (the simulator, `anguard::sim`, or the event loop, `anguard::net`)
//! holds a `Box<dyn Node>` and an [`Env`] of its own. It hands the node raw
//! payload bytes and fired alarms; the node hands back payload bytes to send,
//! alarms to set in plain milliseconds, and its election output. What sits
//! between the bytes and the protocol is [`PlainNode`](crate::PlainNode) for a
//! `Protocol<u32>` and [`EncodedNode`](crate::EncodedNode) — the checking
//! wrapper — for a `Protocol<AnU32>`. [`node_for`] picks the right one.
//!
//! ```
//! use anguard::node::{AlarmId, Discard, Env, node_for};
//! use anguard::{Io, Protocol};
//!
//! /// Sends its id to process 0 on start.
//! struct Hello;
//! impl Protocol<u32> for Hello {
//!     type Msg = u32;
//!     fn start(&mut self, io: &mut dyn Io<u32, u32>) {
//!         io.send(0, io.me());
//!     }
//!     fn on_message(&mut self, from: u32, io: &mut dyn Io<u32, u32>) {
//!         io.report(Some(from));
//!     }
//!     fn on_alarm(&mut self, _id: u32, _io: &mut dyn Io<u32, u32>) {}
//! }
//!
//! /// A driver that loops messages back and remembers the output.
//! #[derive(Default)]
//! struct Loopback {
//!     sent: Vec<Vec<u8>>,
//!     output: Option<u32>,
//! }
//! impl Env for Loopback {
//!     fn send(&mut self, _dst: u32, payload: &[u8]) {
//!         self.sent.push(payload.to_vec());
//!     }
//!     fn set_alarm(&mut self, _id: AlarmId, _at_ms: u32) {}
//!     fn cancel_alarm(&mut self, _id: AlarmId) {}
//!     fn now_ms(&self) -> u32 { 0 }
//!     fn me(&self) -> u32 { 7 }
//!     fn n(&self) -> u32 { 8 }
//!     fn report(&mut self, leader: Option<u32>) { self.output = leader; }
//!     fn discard(&mut self, _why: Discard) {}
//! }
//!
//! let mut node = node_for(Hello);
//! let mut env = Loopback::default();
//! node.start(&mut env);
//! let payload = env.sent.pop().unwrap();
//! node.on_payload(&payload, &mut env);
//! assert_eq!(env.output, Some(7));
//! ```

use core::any::Any;
use core::fmt;

use crate::inject::State;
use crate::{AnU32, Protocol, Word};

/// An alarm id as the protocol wrote it: the raw bits of its word. An encoded
/// id stays a code word in the driver and is checked when it comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AlarmId {
    /// The bits as stored: the code word, or the u32 widened.
    pub bits: u64,
    /// Whether `bits` is an AN code word.
    pub encoded: bool,
}

impl AlarmId {
    /// The id of a plain `u32` alarm.
    pub const fn plain(id: u32) -> Self {
        Self {
            bits: id as u64,
            encoded: false,
        }
    }

    /// The id of an encoded alarm, from its code word.
    pub const fn encoded(word: AnU32) -> Self {
        Self {
            bits: word.to_raw(),
            encoded: true,
        }
    }

    /// The id of a word of either build.
    pub fn of<W: Word>(id: W) -> Self {
        Self {
            bits: id.to_bits(),
            encoded: W::ENCODED,
        }
    }

    /// The id's value, if its bits are a valid word (for traces and logs).
    pub fn value(self) -> Option<u32> {
        if self.encoded {
            AnU32::from_raw(self.bits).ok().map(AnU32::decode)
        } else {
            u32::try_from(self.bits).ok()
        }
    }
}

impl fmt::Display for AlarmId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value() {
            Some(v) => write!(f, "{v}"),
            None => write!(f, "invalid({:#x})", self.bits),
        }
    }
}

/// Why a node dropped something instead of acting on it: an omission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Discard {
    /// An incoming payload did not parse, or held an invalid code word.
    Incoming,
    /// An outgoing message held an invalid code word.
    Outgoing,
    /// The destination of a send was an invalid code word.
    Destination,
    /// A fired alarm's id was an invalid code word.
    AlarmFired,
    /// The id or time of an alarm being set or cancelled was invalid.
    AlarmSet,
    /// A reported leader was an invalid code word.
    Report,
}

impl Discard {
    /// A short name, for logs and counters.
    pub const fn name(self) -> &'static str {
        match self {
            Discard::Incoming => "incoming message",
            Discard::Outgoing => "outgoing message",
            Discard::Destination => "destination",
            Discard::AlarmFired => "fired alarm",
            Discard::AlarmSet => "alarm set or cancel",
            Discard::Report => "report",
        }
    }
}

/// The driver's side, as a node sees it: plain numbers and bytes.
pub trait Env {
    /// Sends `payload` to process `dst`. Delivery is not guaranteed.
    fn send(&mut self, dst: u32, payload: &[u8]);
    /// Sets (or resets) alarm `id` to fire when the local clock reads `at_ms`.
    fn set_alarm(&mut self, id: AlarmId, at_ms: u32);
    /// Cancels alarm `id`, if set.
    fn cancel_alarm(&mut self, id: AlarmId);
    /// The local clock, in ms.
    fn now_ms(&self) -> u32;
    /// This process's id.
    fn me(&self) -> u32;
    /// The number of processes.
    fn n(&self) -> u32;
    /// The election output.
    fn report(&mut self, leader: Option<u32>);
    /// Counts (and records) an omission.
    fn discard(&mut self, why: Discard);
}

/// A protocol behind its adapter, driven by bytes.
pub trait Node {
    /// Starts the protocol (fresh state).
    fn start(&mut self, env: &mut dyn Env);
    /// Delivers one message payload.
    fn on_payload(&mut self, payload: &[u8], env: &mut dyn Env);
    /// Fires alarm `id`.
    fn on_alarm(&mut self, id: AlarmId, env: &mut dyn Env);
    /// Whether the protocol runs encoded.
    fn encoded(&self) -> bool;
    /// The protocol's state, for fault injection (downcast to the protocol type).
    fn state_mut(&mut self) -> &mut dyn Any;
}

/// A word type a driver can run protocols over: picks the adapter.
pub trait NodeWord: Word {
    /// Boxes `protocol` behind its adapter.
    fn boxed_node<P: Protocol<Self> + 'static>(protocol: P) -> Box<dyn Node>;
    /// Boxes `protocol` behind its adapter, which also checks the words of
    /// its state after every event where there is something to check.
    fn boxed_scrubbed_node<P: Protocol<Self> + State + 'static>(protocol: P) -> Box<dyn Node>;
}

impl NodeWord for u32 {
    fn boxed_node<P: Protocol<u32> + 'static>(protocol: P) -> Box<dyn Node> {
        Box::new(crate::PlainNode::new(protocol))
    }
    /// Plain words have no check: the same as [`boxed_node`](Self::boxed_node).
    fn boxed_scrubbed_node<P: Protocol<u32> + State + 'static>(protocol: P) -> Box<dyn Node> {
        Self::boxed_node(protocol)
    }
}

impl NodeWord for AnU32 {
    fn boxed_node<P: Protocol<AnU32> + 'static>(protocol: P) -> Box<dyn Node> {
        Box::new(crate::EncodedNode::new(protocol))
    }
    fn boxed_scrubbed_node<P: Protocol<AnU32> + State + 'static>(protocol: P) -> Box<dyn Node> {
        Box::new(crate::EncodedNode::scrubbing(protocol))
    }
}

/// The node of `protocol`, of either build: [`PlainNode`](crate::PlainNode)
/// for `u32`, the checking [`EncodedNode`](crate::EncodedNode) for `AnU32`.
pub fn node_for<W: NodeWord, P: Protocol<W> + 'static>(protocol: P) -> Box<dyn Node> {
    W::boxed_node(protocol)
}

/// Like [`node_for`], and for `AnU32` the wrapper also scrubs the protocol's
/// state after every event (see [`EncodedNode::scrubbing`](crate::EncodedNode::scrubbing)).
pub fn scrubbed_node_for<W: NodeWord, P: Protocol<W> + State + 'static>(
    protocol: P,
) -> Box<dyn Node> {
    W::boxed_scrubbed_node(protocol)
}
