//! The wrapper between an encoded protocol and its driver.
//!
//! It decodes `dst` to route a message and an alarm's time to schedule it,
//! keeps alarm ids encoded, and checks every code word of every message and
//! alarm in both directions (serde checks each [`AnU32`] it touches). An invalid
//! word is an omission: the message or alarm is dropped, logged with `tracing`
//! and counted through [`Env::discard`].
//!
//! Built with [`EncodedNode::scrubbing`], it also checks every word of the
//! protocol's state (as its [`State`] shows them) after each event, and the
//! length of every vector the state declares sized by a word. A word
//! corrupted where the protocol does not read it again would otherwise sit in
//! memory undetected; the scrub hands it to the fault policy at the end of
//! the next event, for the price of one multiply and compare per word.

use core::any::Any;
use core::fmt;

use crate::inject::{Flip, State, Visitor};
use crate::node::{AlarmId, Discard, Env, Node};
use crate::{AnU32, Io, Protocol, fault, payload};

/// An encoded protocol behind the checking wrapper. See
/// [`node_for`](crate::node_for).
///
/// ```
/// use anguard::{AnU32, EncodedNode, Io, Node, Protocol};
///
/// struct Idle;
/// impl Protocol<AnU32> for Idle {
///     type Msg = AnU32;
///     fn start(&mut self, _io: &mut dyn Io<AnU32, AnU32>) {}
///     fn on_message(&mut self, _msg: AnU32, _io: &mut dyn Io<AnU32, AnU32>) {}
///     fn on_alarm(&mut self, _id: AnU32, _io: &mut dyn Io<AnU32, AnU32>) {}
/// }
/// let node = EncodedNode::new(Idle);
/// assert!(node.encoded());
/// ```
pub struct EncodedNode<P> {
    protocol: P,
    buf: Vec<u8>,
    scrub: Option<fn(&mut P)>,
}

impl<P> EncodedNode<P> {
    /// Wraps `protocol`.
    pub fn new(protocol: P) -> Self {
        Self {
            protocol,
            buf: Vec::with_capacity(128),
            scrub: None,
        }
    }

    /// Wraps `protocol`, and checks every word of its state after each event.
    pub fn scrubbing(protocol: P) -> Self
    where
        P: State,
    {
        Self {
            scrub: Some(scrub::<P>),
            ..Self::new(protocol)
        }
    }

    /// Runs the state scrub, if this node has one.
    fn after_event(&mut self) {
        if let Some(scrub) = self.scrub {
            scrub(&mut self.protocol);
        }
    }

    /// The protocol.
    pub fn protocol(&self) -> &P {
        &self.protocol
    }
}

impl<P> fmt::Debug for EncodedNode<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodedNode")
            .field("protocol", &core::any::type_name::<P>())
            .field("scrub", &self.scrub.is_some())
            .finish()
    }
}

/// Checks every encoded word of `state`; an invalid one goes to the fault policy.
fn scrub<P: State>(state: &mut P) {
    struct Scrub;
    impl Visitor for Scrub {
        fn word(&mut self, word: &mut dyn Flip) {
            let bits = word.bits();
            if !AnU32::is_valid_raw(bits) {
                fault::invalid_word(bits, "state scrub");
            }
        }
        fn uncovered(&mut self, _: &mut dyn Flip) {}
        fn sized(&mut self, vector: &mut dyn Flip, len: &dyn Flip) {
            let word = len.bits();
            let Ok(len) = AnU32::from_raw(word) else {
                fault::invalid_word(word, "state scrub");
            };
            if vector.bits() != u64::from(len.decode()) {
                // The vector's length disagrees with the (valid) word that
                // sizes it: report that word.
                fault::invalid_word(word, "state scrub: vector length");
            }
        }
    }
    state.visit(&mut Scrub);
}

/// Drops something invalid: logs it and counts it.
#[cold]
fn discard(env: &mut dyn Env, why: Discard, word: u64) {
    tracing::warn!(
        node = env.me(),
        what = why.name(),
        word = format_args!("{word:#018x}"),
        "invalid code word: discarded"
    );
    env.discard(why);
}

/// `Io<AnU32, M>` over an [`Env`], checking every word.
struct EncodedIo<'a> {
    env: &'a mut dyn Env,
    buf: &'a mut Vec<u8>,
}

impl<M: serde::Serialize> Io<AnU32, M> for EncodedIo<'_> {
    fn send(&mut self, dst: AnU32, msg: M) {
        let Ok(dst) = AnU32::from_raw(dst.to_raw()) else {
            return discard(self.env, Discard::Destination, dst.to_raw());
        };
        match payload::encode(&msg, self.buf) {
            Ok(()) => self.env.send(dst.decode(), self.buf),
            Err(error) => {
                tracing::warn!(node = self.env.me(), %error, "outgoing message discarded");
                self.env.discard(Discard::Outgoing);
            }
        }
    }

    fn set_alarm(&mut self, id: AnU32, at: AnU32) {
        match (id.is_valid(), AnU32::from_raw(at.to_raw())) {
            (true, Ok(at)) => self.env.set_alarm(AlarmId::encoded(id), at.decode()),
            (false, _) => discard(self.env, Discard::AlarmSet, id.to_raw()),
            (true, Err(_)) => discard(self.env, Discard::AlarmSet, at.to_raw()),
        }
    }

    fn cancel_alarm(&mut self, id: AnU32) {
        if id.is_valid() {
            self.env.cancel_alarm(AlarmId::encoded(id));
        } else {
            discard(self.env, Discard::AlarmSet, id.to_raw());
        }
    }

    fn now(&self) -> AnU32 {
        AnU32::encode(self.env.now_ms())
    }

    fn me(&self) -> AnU32 {
        AnU32::encode(self.env.me())
    }

    fn n(&self) -> AnU32 {
        AnU32::encode(self.env.n())
    }

    fn report(&mut self, leader: Option<AnU32>) {
        match leader.map(|w| AnU32::from_raw(w.to_raw())) {
            None => self.env.report(None),
            Some(Ok(w)) => self.env.report(Some(w.decode())),
            Some(Err(bad)) => discard(self.env, Discard::Report, bad.word),
        }
    }
}

impl<P: Protocol<AnU32> + 'static> Node for EncodedNode<P> {
    fn start(&mut self, env: &mut dyn Env) {
        let mut io = EncodedIo {
            env,
            buf: &mut self.buf,
        };
        self.protocol.start(&mut io);
        self.after_event();
    }

    fn on_payload(&mut self, bytes: &[u8], env: &mut dyn Env) {
        let msg = match payload::decode::<P::Msg>(bytes) {
            Ok(msg) => msg,
            Err(error) => {
                tracing::warn!(node = env.me(), %error, "incoming message discarded");
                env.discard(Discard::Incoming);
                return;
            }
        };
        let mut io = EncodedIo {
            env,
            buf: &mut self.buf,
        };
        self.protocol.on_message(msg, &mut io);
        self.after_event();
    }

    fn on_alarm(&mut self, id: AlarmId, env: &mut dyn Env) {
        let Ok(id) = AnU32::from_raw(id.bits) else {
            return discard(env, Discard::AlarmFired, id.bits);
        };
        let mut io = EncodedIo {
            env,
            buf: &mut self.buf,
        };
        self.protocol.on_alarm(id, &mut io);
        self.after_event();
    }

    fn encoded(&self) -> bool {
        true
    }

    fn state_mut(&mut self) -> &mut dyn Any {
        &mut self.protocol
    }
}
