//! The sans-IO protocol interface.
//!
//! A protocol is a state machine driven by its caller: it never blocks, never
//! reads a clock of its own and never touches a socket. It is generic over its
//! word type `W` so that one source, compiled twice by
//! [`an_encode`](crate::an_encode), is a `Protocol<u32>` in its `plain` build
//! and a `Protocol<AnU32>` in its `encoded` one.
//!
//! ```
//! use anguard::{Io, Protocol};
//! use serde::{Deserialize, Serialize};
//!
//! #[anguard::an_encode]
//! pub mod ping {
//!     use anguard::{Io, Protocol};
//!     use serde::{Deserialize, Serialize};
//!
//!     #[derive(Debug, Clone, Serialize, Deserialize)]
//!     pub struct Ping {
//!         pub from: u32,
//!     }
//!
//!     #[derive(Debug, Default)]
//!     pub struct Pinger {
//!         pub heard: u32,
//!     }
//!
//!     impl Protocol<u32> for Pinger {
//!         type Msg = Ping;
//!         fn start(&mut self, io: &mut dyn Io<u32, Ping>) {
//!             let next = (io.me() + 1) % io.n();
//!             io.send(next, Ping { from: io.me() });
//!         }
//!         fn on_message(&mut self, _msg: Ping, _io: &mut dyn Io<u32, Ping>) {
//!             self.heard += 1;
//!         }
//!         fn on_alarm(&mut self, _id: u32, _io: &mut dyn Io<u32, Ping>) {}
//!     }
//! }
//!
//! fn assert_protocol<W: anguard::Word, P: Protocol<W>>() {}
//! assert_protocol::<u32, ping::plain::Pinger>();
//! assert_protocol::<anguard::AnU32, ping::encoded::Pinger>();
//! ```

use core::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Word;

/// What a protocol may do, in its own word type. Times are readings of a
/// local, unsynchronized clock in milliseconds, wrapping like u32.
pub trait Io<W: Word, M> {
    /// Sends `msg` to process `dst`. Delivery is not guaranteed.
    fn send(&mut self, dst: W, msg: M);
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
    /// The election output: the leader this process trusts now, if any.
    fn report(&mut self, leader: Option<W>);
}

/// A sans-IO protocol over word type `W`.
pub trait Protocol<W: Word> {
    /// The messages it sends and receives.
    type Msg: Serialize + DeserializeOwned + Clone + Debug;

    /// Called once, when the process starts (or restarts, with fresh state).
    fn start(&mut self, io: &mut dyn Io<W, Self::Msg>);
    /// Called for every message delivered to this process.
    fn on_message(&mut self, msg: Self::Msg, io: &mut dyn Io<W, Self::Msg>);
    /// Called when alarm `id` fires.
    fn on_alarm(&mut self, id: W, io: &mut dyn Io<W, Self::Msg>);
}
