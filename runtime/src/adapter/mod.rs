//! The adapter between a protocol and its driver: one for both builds.
//!
//! It (de)serializes messages, hands the protocol the sender the transport
//! authenticated, and reads every word the protocol gives the driver through
//! its check: `dst` to route a message, an alarm's time to schedule it, every
//! word of an output before the driver sees it, and (serde checks each
//! [`AnU32`](crate::AnU32) it touches) every word of every message in both
//! directions. Alarm ids stay as stored: an encoded id is checked when it
//! comes back. An invalid word is an omission: the message, alarm or output
//! is dropped, logged with `tracing` and counted through [`Env::discard`].
//! For plain words every check passes, so a plain protocol talks to the
//! driver unchanged.
//!
//! Built with [`Adapter::scrubbing`], an encoded node also checks every word
//! of the protocol's [`State`] after each event (see [`scrub`]), or, with
//! [`Adapter::scrub_on_demand`], when its driver asks. Built with
//! [`Adapter::hardened`], it runs at the [`Hardening`] level chosen: with
//! [`Hardening::AnDup`], each handler runs twice and the runs are compared
//! before any effect leaves (see [`duplicate`]). With
//! [`Adapter::with_inputs`], a [`Service`]'s inputs are decoded and checked
//! like messages.

mod duplicate;
mod hardening;
mod io;
mod scrub;

pub use hardening::{Hardening, UnknownHardening};

use core::any::Any;
use core::fmt;
use core::marker::PhantomData;

use crate::node::{AlarmId, Discard, Env, Node};
use crate::payload::PayloadError;
use crate::protocol::PlainOutput;
use crate::state::State;
use crate::{AnU32, Io, Protocol, Service, Word, payload};
use io::AdapterIo;

/// Protocol `P`, over words `W`, as a [`Node`]. See [`node_for`].
///
/// ```
/// use anguard::{Adapter, AnU32, Io, Node, Protocol};
///
/// struct Idle;
/// impl<W: anguard::Word> Protocol<W> for Idle {
///     type Msg = ();
///     type Output = ();
///     fn start(&mut self, _io: &mut dyn Io<W, Self>) {}
///     fn on_message(&mut self, _from: W, _msg: (), _io: &mut dyn Io<W, Self>) {}
///     fn on_alarm(&mut self, _id: W, _io: &mut dyn Io<W, Self>) {}
/// }
/// assert!(!Adapter::<u32, _>::new(Idle).encoded());
/// assert!(Adapter::<AnU32, _>::new(Idle).encoded());
/// ```
pub struct Adapter<W: Word, P: Protocol<W>> {
    protocol: P,
    buf: Vec<u8>,
    scrub: Option<fn(&mut P)>,
    /// When the scrub runs: after every event, or when the driver asks.
    scrub_at: ScrubAt,
    twice: Option<RunTwice<W, P>>,
    scratch: duplicate::Scratch<W, P>,
    input: Option<InputFn<W, P>>,
    word: PhantomData<fn() -> W>,
}

/// When a scrubbing adapter checks the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScrubAt {
    /// After every event.
    EveryEvent,
    /// On [`Node::scrub`]; `due` once an event ran since the last scrub.
    OnDemand { due: bool },
}

/// [`duplicate::run_twice`] for one protocol type.
type RunTwice<W, P> = fn(
    &mut P,
    &mut dyn Env<PlainOutput<W, P>>,
    &mut Vec<u8>,
    &mut duplicate::Scratch<W, P>,
    &dyn Fn(&mut P, &mut dyn Io<W, P>),
);

/// Decodes one input payload and hands it to the protocol.
type InputFn<W, P> = fn(&mut P, &[u8], &mut dyn Io<W, P>) -> Result<(), PayloadError>;

/// A plain protocol behind its adapter: nothing to check.
pub type PlainNode<P> = Adapter<u32, P>;

/// An encoded protocol behind the checking wrapper.
pub type EncodedNode<P> = Adapter<AnU32, P>;

impl<W: Word, P: Protocol<W>> Adapter<W, P> {
    /// Wraps `protocol`.
    pub fn new(protocol: P) -> Self {
        Self {
            protocol,
            buf: Vec::with_capacity(if W::ENCODED { 128 } else { 64 }),
            scrub: None,
            scrub_at: ScrubAt::EveryEvent,
            twice: None,
            scratch: duplicate::Scratch::none(),
            input: None,
            word: PhantomData,
        }
    }

    /// Wraps `protocol`, and, if its words are encoded, checks every word of
    /// its state after each event (plain words have no check).
    pub fn scrubbing(protocol: P) -> Self
    where
        P: State,
    {
        Self {
            scrub: W::ENCODED.then_some(scrub::scrub::<P> as fn(&mut P)),
            ..Self::new(protocol)
        }
    }

    /// Wraps `protocol` at `hardening`: [`scrubbing`](Self::scrubbing), and
    /// for [`Hardening::AnDup`] every handler run twice, on a copy of the
    /// state and on the state, the runs compared before any effect leaves.
    ///
    /// ```
    /// use anguard::{Adapter, AnU32, Hardening, Io, Protocol};
    ///
    /// #[derive(Clone)]
    /// struct Idle;
    /// impl<W: anguard::Word> Protocol<W> for Idle {
    ///     type Msg = ();
    ///     type Output = ();
    ///     fn start(&mut self, _io: &mut dyn Io<W, Self>) {}
    ///     fn on_message(&mut self, _from: W, _msg: (), _io: &mut dyn Io<W, Self>) {}
    ///     fn on_alarm(&mut self, _id: W, _io: &mut dyn Io<W, Self>) {}
    /// }
    /// impl anguard::state::State for Idle {
    ///     fn visit(&mut self, _v: &mut dyn anguard::state::Visitor) {}
    /// }
    /// let node = Adapter::<AnU32, _>::hardened(Idle, Hardening::AnDup);
    /// assert_eq!(node.hardening(), Hardening::AnDup);
    /// ```
    pub fn hardened(protocol: P, hardening: Hardening) -> Self
    where
        P: State + Clone,
        P::Output: Clone,
    {
        let twice = hardening.duplicates();
        Self {
            twice: twice.then_some(duplicate::run_twice::<W, P> as RunTwice<W, P>),
            scratch: match twice {
                true => duplicate::Scratch::sized(),
                false => duplicate::Scratch::none(),
            },
            ..Self::scrubbing(protocol)
        }
    }

    /// The level it runs at ([`Hardening::An`] unless built
    /// [`hardened`](Self::hardened) higher).
    pub fn hardening(&self) -> Hardening {
        match self.twice {
            Some(_) => Hardening::AnDup,
            None => Hardening::An,
        }
    }

    /// Scrubs only when the driver calls [`Node::scrub`], not after every
    /// event: a driver that handles a batch of events and holds their
    /// outputs back until the batch is done (as a group commit does) checks
    /// the state once per batch, before anything leaves. A corruption the
    /// scrub finds then stops the node before the batch's outputs leave, as
    /// a check after each event would; what the events read is checked
    /// where it is read either way. Of [`Windowed`](crate::state::Windowed)
    /// state, a window is checked per scrub.
    ///
    /// ```
    /// use anguard::{Adapter, AnU32, Io, Node, Protocol};
    /// # #[derive(Clone)]
    /// # struct Idle;
    /// # impl<W: anguard::Word> Protocol<W> for Idle {
    /// #     type Msg = ();
    /// #     type Output = ();
    /// #     fn start(&mut self, _io: &mut dyn Io<W, Self>) {}
    /// #     fn on_message(&mut self, _from: W, _msg: (), _io: &mut dyn Io<W, Self>) {}
    /// #     fn on_alarm(&mut self, _id: W, _io: &mut dyn Io<W, Self>) {}
    /// # }
    /// # impl anguard::state::State for Idle {
    /// #     fn visit(&mut self, _v: &mut dyn anguard::state::Visitor) {}
    /// # }
    /// let mut node = Adapter::<AnU32, _>::scrubbing(Idle).scrub_on_demand();
    /// node.start(&mut anguard::node::Silent { me: 0, n: 1 });
    /// // ... more events, their outputs held back ...
    /// node.scrub(); // then let the outputs out
    /// ```
    #[must_use]
    pub fn scrub_on_demand(self) -> Self {
        Self {
            scrub_at: ScrubAt::OnDemand { due: false },
            ..self
        }
    }

    /// Also delivers the [`Service`]'s inputs ([`Node::on_input`]), decoded
    /// and checked like messages.
    #[must_use]
    pub fn with_inputs(self) -> Self
    where
        P: Service<W>,
    {
        Self {
            input: Some(|protocol, bytes, io| {
                let input = payload::decode::<P::Input>(bytes)?;
                protocol.on_input(input, io);
                Ok(())
            }),
            ..self
        }
    }

    /// The protocol.
    pub fn protocol(&self) -> &P {
        &self.protocol
    }

    /// Runs `handler` with an [`Io`] over `env` (twice, if the node
    /// duplicates), then the scrub.
    fn run(
        &mut self,
        env: &mut dyn Env<PlainOutput<W, P>>,
        handler: impl Fn(&mut P, &mut dyn Io<W, P>),
    ) {
        #[cfg(feature = "inject")]
        {
            crate::inject::alu::enter_node(env.me());
            crate::inject::exchange::enter_handler();
        }
        match self.twice {
            Some(twice) => twice(
                &mut self.protocol,
                env,
                &mut self.buf,
                &mut self.scratch,
                &handler,
            ),
            None => handler(&mut self.protocol, &mut AdapterIo::new(env, &mut self.buf)),
        }
        match &mut self.scrub_at {
            ScrubAt::EveryEvent => self.scrub_now(),
            ScrubAt::OnDemand { due } => *due = true,
        }
    }

    fn scrub_now(&mut self) {
        if let Some(scrub) = self.scrub {
            scrub(&mut self.protocol);
        }
    }
}

impl<W: Word, P: Protocol<W>> fmt::Debug for Adapter<W, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Adapter")
            .field("word", &core::any::type_name::<W>())
            .field("protocol", &core::any::type_name::<P>())
            .field("scrub", &self.scrub.is_some())
            .field("scrub_at", &self.scrub_at)
            .field("hardening", &self.hardening())
            .field("inputs", &self.input.is_some())
            .finish()
    }
}

impl<W: Word, P: Protocol<W> + 'static> Node<PlainOutput<W, P>> for Adapter<W, P> {
    fn start(&mut self, env: &mut dyn Env<PlainOutput<W, P>>) {
        self.run(env, |protocol, io| protocol.start(io));
    }

    fn on_payload(&mut self, from: u32, bytes: &[u8], env: &mut dyn Env<PlainOutput<W, P>>) {
        let msg = match payload::decode::<P::Msg>(bytes) {
            Ok(msg) => msg,
            Err(error) => {
                tracing::warn!(node = env.me(), from, %error, "incoming message discarded");
                env.discard(Discard::Incoming);
                return;
            }
        };
        self.run(env, |protocol, io| {
            protocol.on_message(W::from_u32(from), msg.clone(), io);
        });
    }

    fn on_alarm(&mut self, id: AlarmId, env: &mut dyn Env<PlainOutput<W, P>>) {
        let Ok(id) = W::from_bits(id.bits) else {
            return io::discard(env, Discard::AlarmFired, id.bits);
        };
        self.run(env, |protocol, io| protocol.on_alarm(id, io));
    }

    fn on_input(&mut self, bytes: &[u8], env: &mut dyn Env<PlainOutput<W, P>>) {
        let Some(deliver) = self.input else {
            tracing::warn!(node = env.me(), "input to a node that takes none discarded");
            return env.discard(Discard::Incoming);
        };
        // Both runs of a duplicating node decode alike: the error is kept once.
        let failed = core::cell::Cell::new(None);
        self.run(env, |protocol, io| {
            if let Err(error) = deliver(protocol, bytes, io) {
                failed.set(Some(error));
            }
        });
        if let Some(error) = failed.take() {
            tracing::warn!(node = env.me(), %error, "input discarded");
            env.discard(Discard::Incoming);
        }
    }

    fn scrub(&mut self) {
        if let ScrubAt::OnDemand { due: true } = self.scrub_at {
            self.scrub_at = ScrubAt::OnDemand { due: false };
            self.scrub_now();
        }
    }

    fn encoded(&self) -> bool {
        W::ENCODED
    }

    fn state_mut(&mut self) -> &mut dyn Any {
        &mut self.protocol
    }
}

/// The node of `protocol`, of either build: for `AnU32` words, the checking
/// wrapper.
///
/// ```
/// use anguard::{AnU32, Io, Protocol, node_for};
///
/// struct Idle;
/// impl<W: anguard::Word> Protocol<W> for Idle {
///     type Msg = ();
///     type Output = Option<W>;
///     fn start(&mut self, _io: &mut dyn Io<W, Self>) {}
///     fn on_message(&mut self, _from: W, _msg: (), _io: &mut dyn Io<W, Self>) {}
///     fn on_alarm(&mut self, _id: W, _io: &mut dyn Io<W, Self>) {}
/// }
/// // Both drive as a `Node<Option<u32>>`: the driver sees plain outputs.
/// let nodes: [Box<dyn anguard::Node<Option<u32>>>; 2] =
///     [node_for::<u32, _>(Idle), node_for::<AnU32, _>(Idle)];
/// assert!(!nodes[0].encoded() && nodes[1].encoded());
/// ```
pub fn node_for<W: Word, P: Protocol<W> + 'static>(
    protocol: P,
) -> Box<dyn Node<PlainOutput<W, P>>> {
    Box::new(Adapter::<W, P>::new(protocol))
}

/// Like [`node_for`], and for `AnU32` words the wrapper also scrubs the
/// protocol's state after every event (see [`Adapter::scrubbing`]).
pub fn scrubbed_node_for<W: Word, P: Protocol<W> + State + 'static>(
    protocol: P,
) -> Box<dyn Node<PlainOutput<W, P>>> {
    Box::new(Adapter::<W, P>::scrubbing(protocol))
}

/// Like [`scrubbed_node_for`], at `hardening` (see [`Adapter::hardened`]).
pub fn hardened_node_for<W, P>(
    protocol: P,
    hardening: Hardening,
) -> Box<dyn Node<PlainOutput<W, P>>>
where
    W: Word,
    P: Protocol<W> + State + Clone + 'static,
    P::Output: Clone,
{
    Box::new(Adapter::<W, P>::hardened(protocol, hardening))
}
