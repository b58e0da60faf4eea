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

use crate::node::Env;
use crate::protocol::PlainOutput;
use crate::state::{State, fingerprint};
use crate::{Io, Output, Protocol, Word, fault, payload};

use super::io::AdapterIo;

/// What a run did, held back until both runs agree.
enum Effect<W: Word, P: Protocol<W>> {
    Send(W, P::Msg),
    Broadcast(P::Msg),
    SetAlarm(W, W),
    CancelAlarm(W),
    Report(P::Output),
    Reject,
}

/// An [`Io`] that records a run's effects, and gives both runs the same
/// clock and identity: the driver's, read once before the first run (a real
/// clock moves between the two).
struct Recorder<W: Word, P: Protocol<W>> {
    now_ms: u32,
    me: u32,
    n: u32,
    effects: Vec<Effect<W, P>>,
}

impl<W: Word, P: Protocol<W>> Recorder<W, P> {
    fn new(env: &dyn Env<PlainOutput<W, P>>) -> Self {
        Self {
            now_ms: env.now_ms(),
            me: env.me(),
            n: env.n(),
            effects: Vec::new(),
        }
    }

    /// A recorder for another run, seeing the same clock and identity.
    fn again(&self) -> Self {
        Self {
            effects: Vec::new(),
            ..*self
        }
    }
}

impl<W: Word, P: Protocol<W>> Io<W, P> for Recorder<W, P> {
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
/// differ); otherwise passes the effects on
/// through `io`.
pub(super) fn run_twice<W, P>(
    protocol: &mut P,
    env: &mut dyn Env<PlainOutput<W, P>>,
    buf: &mut Vec<u8>,
    handler: &dyn Fn(&mut P, &mut dyn Io<W, P>),
) where
    W: Word,
    P: Protocol<W> + State + Clone,
    P::Output: Clone,
{
    let mut copy = protocol.clone();
    let mut first = Recorder::new(&*env);
    handler(&mut copy, &mut first);
    let mut second = first.again();
    handler(protocol, &mut second);
    let (first, second) = (first.effects, second.effects);
    let a = Trace::of(&first, &mut copy, buf);
    let b = Trace::of(&second, protocol, buf);
    if a != b {
        let at = a.words.iter().zip(&b.words).position(|(x, y)| x != y);
        let word = at.map_or(0, |i| b.words[i]);
        fault::invalid_word(word, "duplicated execution: the two runs differ");
    }
    let mut io = AdapterIo::<W, P>::new(env, buf);
    for effect in second {
        match effect {
            Effect::Send(dst, msg) => io.send(dst, msg),
            Effect::Broadcast(msg) => io.broadcast(msg),
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
/// [`fingerprint`].
#[derive(PartialEq)]
struct Trace<O> {
    words: Vec<u64>,
    bytes: Vec<u8>,
    outputs: Vec<Result<O, u64>>,
}

impl<O> Trace<O> {
    fn of<W, P>(effects: &[Effect<W, P>], state: &mut P, buf: &mut Vec<u8>) -> Self
    where
        W: Word,
        P: Protocol<W, Output: Output<Plain = O> + Clone> + State,
    {
        let mut trace = Trace {
            words: Vec::with_capacity(4 * effects.len()),
            bytes: Vec::new(),
            outputs: Vec::new(),
        };
        for effect in effects {
            trace.add(effect, buf);
        }
        trace.words.extend(fingerprint(state));
        trace
    }

    fn add<W, P>(&mut self, effect: &Effect<W, P>, buf: &mut Vec<u8>)
    where
        W: Word,
        P: Protocol<W, Output: Output<Plain = O> + Clone>,
    {
        let mut message = |msg: &P::Msg, words: &mut Vec<u64>| match payload::encode(msg, buf) {
            Ok(()) => {
                words.push(buf.len() as u64);
                self.bytes.extend_from_slice(buf);
            }
            // Either run's replay discards it alike.
            Err(_) => words.push(u64::MAX),
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
