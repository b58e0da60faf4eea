//! Duplicated execution: a handler run twice, on a copy of the state and on
//! the state, and the two runs compared before any of their effects leaves.
//!
//! An AN code sees a word that is not a code word. A fault that leaves valid
//! words behind (a branch taken the wrong way, a store skipped, the wrong
//! operand or operator) passes it; struck in one of two runs, it makes the
//! runs differ. Both runs see the same clock and identity, read from the
//! driver once;
//! their effects are held back, compared, and only then handed to the
//! driver, through the same checks as a single run's.
//!
//! The copy is made once, not per event: after an event whose runs agreed,
//! the copy's fingerprint (every word of its state) equals the state's, so
//! the copy is the state the next event's first run needs. It is made
//! again only after runs that differed or did not finish. The state is thus
//! held twice, and a change to either copy between events (a word
//! corrupted in memory, or set through
//! [`Node::state_mut`](crate::Node::state_mut)) makes the next event's
//! runs differ, even where every word is valid.

use crate::node::Env;
use crate::protocol::PlainOutput;
use crate::state::{State, fingerprint_into};
use crate::{Io, Output, Protocol, Word, fault, payload};

use super::io::AdapterIo;

/// What a run did, held back until both runs agree.
pub(super) enum Effect<W: Word, P: Protocol<W>> {
    Send(W, P::Msg),
    Broadcast(P::Msg),
    SetAlarm(W, W),
    CancelAlarm(W),
    Report(P::Output),
    Reject,
}

/// What duplicated execution keeps from one event to the next, so that an
/// event copies and allocates nothing it need not: the copy of the state,
/// and each run's effects and trace buffers.
pub(super) struct Scratch<W: Word, P: Protocol<W>> {
    /// Equal to the state, word for word, when `Some`.
    copy: Option<P>,
    effects: [Vec<Effect<W, P>>; 2],
    traces: [Trace<PlainOutput<W, P>>; 2],
}

impl<W: Word, P: Protocol<W>> Scratch<W, P> {
    /// For a node that does not duplicate: nothing allocated.
    pub(super) fn none() -> Self {
        Self {
            copy: None,
            effects: [Vec::new(), Vec::new()],
            traces: [Trace::default(), Trace::default()],
        }
    }

    /// For a node that duplicates: buffers for the effects and traces of a
    /// typical event, allocated once with the node.
    pub(super) fn sized() -> Self {
        Self {
            copy: None,
            effects: [Vec::with_capacity(8), Vec::with_capacity(8)],
            traces: [Trace::with_capacity(), Trace::with_capacity()],
        }
    }
}

/// An [`Io`] that records a run's effects, and gives both runs the same
/// clock and identity: the driver's, read once before the first run (a real
/// clock moves between the two).
struct Recorder<'a, W: Word, P: Protocol<W>> {
    now_ms: u32,
    me: u32,
    n: u32,
    effects: &'a mut Vec<Effect<W, P>>,
}

impl<W: Word, P: Protocol<W>> Io<W, P> for Recorder<'_, W, P> {
    fn send(&mut self, dst: W, msg: P::Msg) {
        self.effects.push(Effect::Send(dst, msg));
    }
    fn broadcast(&mut self, msg: P::Msg) {
        self.effects.push(Effect::Broadcast(msg));
    }
    fn set_alarm(&mut self, id: W, at: W) {
        self.effects.push(Effect::SetAlarm(id, at));
    }
    fn cancel_alarm(&mut self, id: W) {
        self.effects.push(Effect::CancelAlarm(id));
    }
    fn now(&self) -> W {
        W::from_u32(self.now_ms)
    }
    fn me(&self) -> W {
        W::from_u32(self.me)
    }
    fn n(&self) -> W {
        W::from_u32(self.n)
    }
    fn report(&mut self, output: P::Output) {
        self.effects.push(Effect::Report(output));
    }
    fn reject(&mut self) {
        self.effects.push(Effect::Reject);
    }
}

/// Runs `handler` on a copy of `protocol`, then on `protocol`; if the two
/// runs' effects or resulting states differ, hands the fault policy the
/// second run's first differing word (0 if only message bytes or outputs
/// differ); otherwise keeps the copy for the next event and passes the
/// effects on through `io`.
pub(super) fn run_twice<W, P>(
    protocol: &mut P,
    env: &mut dyn Env<PlainOutput<W, P>>,
    buf: &mut Vec<u8>,
    scratch: &mut Scratch<W, P>,
    handler: &dyn Fn(&mut P, &mut dyn Io<W, P>),
) where
    W: Word,
    P: Protocol<W> + State + Clone,
    P::Output: Clone,
{
    // Taken out: runs that differ, or a run that unwinds, leave none.
    let mut copy = scratch.copy.take().unwrap_or_else(|| protocol.clone());
    let (now_ms, me, n) = (env.now_ms(), env.me(), env.n());
    let [first, second] = &mut scratch.effects;
    let [a, b] = &mut scratch.traces;
    let recorder = |effects| Recorder {
        now_ms,
        me,
        n,
        effects,
    };
    handler(&mut copy, &mut recorder(&mut *first));
    handler(protocol, &mut recorder(&mut *second));
    a.record(first, &mut copy, buf);
    b.record(second, protocol, buf);
    first.clear();
    if a != b {
        let at = a.words.iter().zip(&b.words).position(|(x, y)| x != y);
        let word = at.map_or(0, |i| b.words[i]);
        second.clear();
        fault::invalid_word(word, "duplicated execution: the two runs differ");
    }
    scratch.copy = Some(copy);
    // The second run's messages, as its trace serialized them: not again
    // (one that could not be is handed on to be discarded as usual).
    let b = &*b;
    let mut messages = b
        .messages
        .iter()
        .map(|range| Some(&b.bytes[range.clone()?]));
    let mut io = AdapterIo::<W, P>::new(env, buf);
    for effect in second.drain(..) {
        match effect {
            Effect::Send(dst, msg) => match messages.next().flatten() {
                Some(bytes) => io.send_serialized(dst, bytes),
                None => io.send(dst, msg),
            },
            Effect::Broadcast(msg) => match messages.next().flatten() {
                Some(bytes) => io.broadcast_serialized(bytes),
                None => io.broadcast(msg),
            },
            Effect::SetAlarm(id, at) => io.set_alarm(id, at),
            Effect::CancelAlarm(id) => io.cancel_alarm(id),
            Effect::Report(output) => io.report(output),
            Effect::Reject => io.reject(),
        }
    }
}

/// What two runs are compared by: each effect as a tag and its words as
/// stored, with a message's length (its serialized bytes apart), an output
/// checked and decoded (or its invalid word); then the resulting state's
/// [`fingerprint`](crate::state::fingerprint).
#[derive(PartialEq)]
struct Trace<O> {
    words: Vec<u64>,
    bytes: Vec<u8>,
    outputs: Vec<Result<O, u64>>,
    /// Where each message's bytes are (`None`: it could not be serialized).
    messages: Vec<Option<core::ops::Range<usize>>>,
}

impl<O> Default for Trace<O> {
    fn default() -> Self {
        Self {
            words: Vec::new(),
            bytes: Vec::new(),
            outputs: Vec::new(),
            messages: Vec::new(),
        }
    }
}

impl<O> Trace<O> {
    /// Room for a typical event's effects, messages and state.
    fn with_capacity() -> Self {
        Self {
            words: Vec::with_capacity(64),
            bytes: Vec::with_capacity(256),
            outputs: Vec::with_capacity(2),
            messages: Vec::with_capacity(4),
        }
    }
}

impl<O> Trace<O> {
    /// This trace, of a run with `effects` that left `state`; the buffers
    /// of the last one reused.
    fn record<W, P>(&mut self, effects: &[Effect<W, P>], state: &mut P, buf: &mut Vec<u8>)
    where
        W: Word,
        P: Protocol<W, Output: Output<Plain = O> + Clone> + State,
    {
        self.words.clear();
        self.bytes.clear();
        self.outputs.clear();
        self.messages.clear();
        for effect in effects {
            self.add(effect, buf);
        }
        fingerprint_into(state, &mut self.words);
    }

    fn add<W, P>(&mut self, effect: &Effect<W, P>, buf: &mut Vec<u8>)
    where
        W: Word,
        P: Protocol<W, Output: Output<Plain = O> + Clone>,
    {
        let mut message = |msg: &P::Msg, words: &mut Vec<u64>| match payload::encode(msg, buf) {
            Ok(()) => {
                words.push(buf.len() as u64);
                let start = self.bytes.len();
                self.bytes.extend_from_slice(buf);
                self.messages.push(Some(start..self.bytes.len()));
            }
            // Either run's replay discards it alike.
            Err(_) => {
                words.push(u64::MAX);
                self.messages.push(None);
            }
        };
        let words = &mut self.words;
        match effect {
            Effect::Send(dst, msg) => {
                words.extend([0, dst.to_bits()]);
                message(msg, words);
            }
            Effect::Broadcast(msg) => {
                words.push(1);
                message(msg, words);
            }
            Effect::SetAlarm(id, at) => words.extend([2, id.to_bits(), at.to_bits()]),
            Effect::CancelAlarm(id) => words.extend([3, id.to_bits()]),
            Effect::Report(output) => {
                words.push(4);
                let output = output.clone().to_plain().map_err(|bad| bad.word);
                self.outputs.push(output);
            }
            Effect::Reject => words.push(5),
        }
    }
}
