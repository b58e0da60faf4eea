//! The sans-IO protocol interface.
//!
//! A protocol is a state machine driven by its caller: it never blocks, never
//! reads a clock of its own and never touches a socket. It is generic over its
//! word type `W` so that one source, compiled twice by
//! [`an_encode`](crate::an_encode), is a `Protocol<u32>` in its `plain` build
//! and a `Protocol<AnU32>` in its `encoded` one. It declares the messages it
//! exchanges and the output it reports (an election reports the leader it
//! trusts, `Option<u32>`); the handlers reach the world through an [`Io`] of
//! the same protocol.
//!
//! ```
//! #[anguard::an_encode]
//! pub mod ping {
//!     use anguard::{Io, Protocol};
//!     use serde::{Deserialize, Serialize};
//!
//!     #[derive(Debug, Clone, Serialize, Deserialize)]
//!     pub struct Ping {
//!         pub hops: u32,
//!     }
//!
//!     #[derive(Debug, Default)]
//!     pub struct Pinger {
//!         pub heard: u32,
//!     }
//!
//!     impl Protocol<u32> for Pinger {
//!         type Msg = Ping;
//!         /// How many pings this process has heard.
//!         type Output = u32;
//!         fn start(&mut self, io: &mut dyn Io<u32, Self>) {
//!             io.broadcast(Ping { hops: 0 });
//!         }
//!         fn on_message(&mut self, _from: u32, _msg: Ping, io: &mut dyn Io<u32, Self>) {
//!             self.heard += 1;
//!             io.report(self.heard);
//!         }
//!         fn on_alarm(&mut self, _id: u32, _io: &mut dyn Io<u32, Self>) {}
//!     }
//! }
//!
//! fn assert_protocol<W: anguard::Word, P: anguard::Protocol<W>>() {}
//! assert_protocol::<u32, ping::plain::Pinger>();
//! assert_protocol::<anguard::AnU32, ping::encoded::Pinger>();
//! ```

use core::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Output, Word};

/// What protocol `P` may do, in its word type `W`. Times are readings of a
/// local, unsynchronized clock in milliseconds, wrapping like u32.
pub trait Io<W: Word, P: Protocol<W> + ?Sized> {
    /// Sends `msg` to process `dst`. Delivery is not guaranteed.
    fn send(&mut self, dst: W, msg: P::Msg);
    /// Sends `msg` to every other process, in order of id. Delivery is not
    /// guaranteed.
    fn broadcast(&mut self, msg: P::Msg) {
        let (me, n) = (self.me().to_u32(), self.n().to_u32());
        for dst in (0..n).filter(|&dst| dst != me) {
            self.send(W::from_u32(dst), msg.clone());
        }
    }
    /// Sets (or resets) alarm `id` to fire when the local clock reads `at`.
    fn set_alarm(&mut self, id: W, at: W);
    /// Cancels alarm `id`, if set.
    fn cancel_alarm(&mut self, id: W);
    /// The local clock, in ms.
    fn now(&self) -> W;
    /// This process's id, in `0..n`.
    fn me(&self) -> W;
    /// The number of processes.
    fn n(&self) -> W;
    /// The protocol's output from now on (an election: the leader this
    /// process trusts).
    fn report(&mut self, output: P::Output);
    /// Counts a message the protocol dropped as invalid (its payload names
    /// another sender than the one the transport authenticated, say): an
    /// omission, counted with the ones the runtime finds.
    fn reject(&mut self);
}

/// The output of protocol `P` over words `W` as its driver sees it: checked,
/// decoded, the same type for both builds.
pub type PlainOutput<W, P> = <<P as Protocol<W>>::Output as Output>::Plain;

/// A sans-IO protocol over word type `W`.
pub trait Protocol<W: Word> {
    /// The messages it sends and receives.
    type Msg: Serialize + DeserializeOwned + Clone + Debug;
    /// What it reports through [`Io::report`], in its own words: an
    /// election's `Option<u32>` is `Option<AnU32>` in the encoded build, and
    /// its driver sees the decoded, checked [`Output::Plain`].
    type Output: Output;

    /// Called once, when the process starts (or restarts, with fresh state).
    fn start(&mut self, io: &mut dyn Io<W, Self>);
    /// Called for every message delivered to this process. `from` is the
    /// sender as the transport authenticated it (the peer id bound by the
    /// handshake on TCP, the sending node in the simulator), not a claim of
    /// the payload.
    fn on_message(&mut self, from: W, msg: Self::Msg, io: &mut dyn Io<W, Self>);
    /// Called when alarm `id` fires.
    fn on_alarm(&mut self, id: W, io: &mut dyn Io<W, Self>);
}

/// A protocol that also takes inputs from outside its group of processes: a
/// client's request to a replicated service, say. The driver delivers them
/// as bytes, like messages, and the adapter decodes and checks them the same
/// way (an input that does not decode is an omission); a driver without
/// inputs never calls [`on_input`](Self::on_input).
///
/// ```
/// use anguard::{Adapter, Io, Node, Protocol, Service};
///
/// /// Counts the inputs it has been given.
/// struct Tally(u32);
/// impl Protocol<u32> for Tally {
///     type Msg = ();
///     type Output = u32;
///     fn start(&mut self, _io: &mut dyn Io<u32, Self>) {}
///     fn on_message(&mut self, _from: u32, _msg: (), _io: &mut dyn Io<u32, Self>) {}
///     fn on_alarm(&mut self, _id: u32, _io: &mut dyn Io<u32, Self>) {}
/// }
/// impl Service<u32> for Tally {
///     type Input = u32;
///     fn on_input(&mut self, add: u32, io: &mut dyn Io<u32, Self>) {
///         self.0 += add;
///         io.report(self.0);
///     }
/// }
///
/// let node = Adapter::<u32, _>::new(Tally(0)).with_inputs();
/// assert_eq!(node.protocol().0, 0);
/// ```
pub trait Service<W: Word>: Protocol<W> {
    /// What the driver delivers from outside.
    type Input: Serialize + DeserializeOwned + Clone + Debug;

    /// Called for every input the driver delivers.
    fn on_input(&mut self, input: Self::Input, io: &mut dyn Io<W, Self>);
}
