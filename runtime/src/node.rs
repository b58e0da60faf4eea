//! The driver-facing side of a protocol: object-safe, byte-level, and the
//! same for the simulator and the event loop.
//!
//! A driver (the simulator, `anguard::sim`, or the event loop, `anguard::net`)
//! holds a `Box<dyn Node<O>>` and an [`Env<O>`] of its own, where `O` is the
//! protocol's output in plain values. It hands the node raw payload bytes
//! with their authenticated sender, and fired alarms; the node hands back
//! payload bytes to send, alarms to set in plain milliseconds, and its
//! output. What sits between the bytes and the protocol is the
//! [`Adapter`](crate::Adapter): for a `Protocol<AnU32>`, the checking wrapper.
//! [`node_for`](crate::node_for) builds it.
//!
//! ```
//! use anguard::node::{AlarmId, Discard, Env};
//! use anguard::{Io, Protocol, node_for};
//!
//! /// Sends its id to process 0 on start; reports who it heard from.
//! struct Hello;
//! impl Protocol<u32> for Hello {
//!     type Msg = u32;
//!     type Output = Option<u32>;
//!     fn start(&mut self, io: &mut dyn Io<u32, Self>) {
//!         io.send(0, io.me());
//!     }
//!     fn on_message(&mut self, from: u32, claimed: u32, io: &mut dyn Io<u32, Self>) {
//!         if claimed == from {
//!             io.report(Some(from));
//!         } else {
//!             io.reject();
//!         }
//!     }
//!     fn on_alarm(&mut self, _id: u32, _io: &mut dyn Io<u32, Self>) {}
//! }
//!
//! /// A driver that loops messages back and remembers the output.
//! #[derive(Default)]
//! struct Loopback {
//!     sent: Vec<Vec<u8>>,
//!     output: Option<u32>,
//!     discarded: Vec<Discard>,
//! }
//! impl Env<Option<u32>> for Loopback {
//!     fn send(&mut self, _dst: u32, payload: &[u8]) {
//!         self.sent.push(payload.to_vec());
//!     }
//!     fn set_alarm(&mut self, _id: AlarmId, _at_ms: u32) {}
//!     fn cancel_alarm(&mut self, _id: AlarmId) {}
//!     fn now_ms(&self) -> u32 { 0 }
//!     fn me(&self) -> u32 { 7 }
//!     fn n(&self) -> u32 { 8 }
//!     fn report(&mut self, output: Option<u32>) { self.output = output; }
//!     fn discard(&mut self, why: Discard) { self.discarded.push(why); }
//! }
//!
//! let mut node = node_for(Hello);
//! let mut env = Loopback::default();
//! node.start(&mut env);
//! let payload = env.sent.pop().unwrap();
//! node.on_payload(7, &payload, &mut env);
//! assert_eq!(env.output, Some(7));
//! node.on_payload(3, &payload, &mut env);
//! assert_eq!(env.discarded, [Discard::Rejected], "7 claimed, 3 sent");
//! ```

use core::any::Any;
use core::fmt;

use crate::{AnU32, Word};

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
    /// A reported output held an invalid code word.
    Report,
    /// The protocol rejected an incoming message (see [`Io::reject`](crate::Io::reject)),
    /// for a driver that counts it with the others ([`Env::reject`]).
    Rejected,
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
            Discard::Rejected => "rejected message",
        }
    }
}

/// The driver's side, as a node sees it: plain numbers and bytes, and the
/// protocol's output in plain values, `O` (by default an election's: the
/// leader trusted, if any).
pub trait Env<O = Option<u32>> {
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
    /// The protocol's output from now on, checked and decoded.
    fn report(&mut self, output: O);
    /// Counts (and records) an omission.
    fn discard(&mut self, why: Discard);
    /// Counts (and records) a message the protocol rejected as invalid
    /// ([`Io::reject`](crate::Io::reject)): its own check, not the
    /// encoding's. By default, an omission like the others.
    fn reject(&mut self) {
        self.discard(Discard::Rejected);
    }
}

/// An environment that sends nothing, arms nothing and keeps nothing, with
/// the clock stopped at 0: for driving a node by hand in tests and
/// measurements.
///
/// ```
/// use anguard::{AlarmId, Env, node::Silent};
///
/// let mut env = Silent { me: 1, n: 3 };
/// Env::<()>::send(&mut env, 2, b"dropped");
/// Env::<()>::set_alarm(&mut env, AlarmId::plain(0), 10);
/// assert_eq!((Env::<()>::me(&env), Env::<()>::n(&env)), (1, 3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Silent {
    /// The id the node is told it has.
    pub me: u32,
    /// The number of processes the node is told there are.
    pub n: u32,
}

impl<O> Env<O> for Silent {
    fn send(&mut self, _: u32, _: &[u8]) {}
    fn set_alarm(&mut self, _: AlarmId, _: u32) {}
    fn cancel_alarm(&mut self, _: AlarmId) {}
    fn now_ms(&self) -> u32 {
        0
    }
    fn me(&self) -> u32 {
        self.me
    }
    fn n(&self) -> u32 {
        self.n
    }
    fn report(&mut self, output: O) {
        // Opaque, so that a measurement keeps the work that made it.
        std::hint::black_box(output);
    }
    fn discard(&mut self, why: Discard) {
        std::hint::black_box(why);
    }
}

/// A protocol behind its adapter, driven by bytes, whose output is `O` in
/// plain values.
pub trait Node<O = Option<u32>> {
    /// Starts the protocol (fresh state).
    fn start(&mut self, env: &mut dyn Env<O>);
    /// Delivers one message payload from process `from`, the sender the
    /// transport authenticated.
    fn on_payload(&mut self, from: u32, payload: &[u8], env: &mut dyn Env<O>);
    /// Fires alarm `id`.
    fn on_alarm(&mut self, id: AlarmId, env: &mut dyn Env<O>);
    /// Delivers one input payload from outside the group (see
    /// [`Service`](crate::Service)). A node that takes no inputs discards it.
    fn on_input(&mut self, payload: &[u8], env: &mut dyn Env<O>) {
        let _ = payload;
        env.discard(Discard::Incoming);
    }
    /// Checks the protocol's state now, if the node scrubs it and an event
    /// ran since the last check; an invalid word goes to the fault policy.
    /// A node built to scrub on demand
    /// ([`Adapter::scrub_on_demand`](crate::Adapter::scrub_on_demand))
    /// relies on its driver to call this before it lets out what those
    /// events sent or reported. Other nodes check after every event, and
    /// this does nothing.
    fn scrub(&mut self) {}
    /// Whether the protocol runs encoded.
    fn encoded(&self) -> bool;
    /// The protocol's state, for fault injection (downcast to the protocol
    /// type). A node that runs each handler twice keeps a copy of the
    /// state: a change made here is a difference its next event reports.
    fn state_mut(&mut self) -> &mut dyn Any;
}
