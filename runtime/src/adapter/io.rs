//! The [`Io`] a protocol sees behind the adapter: every word it hands the
//! driver goes through its check first.

use core::marker::PhantomData;

use crate::inject::outside::{self, Decoded};
use crate::node::{AlarmId, Discard, Env};
use crate::protocol::PlainOutput;
use crate::{Io, Output, Protocol, Word, payload};

/// `Io<W, P>` over an [`Env`].
pub(super) struct AdapterIo<'a, W: Word, P: Protocol<W>> {
    env: &'a mut dyn Env<PlainOutput<W, P>>,
    buf: &'a mut Vec<u8>,
    protocol: PhantomData<fn() -> (W, P)>,
}

impl<'a, W: Word, P: Protocol<W>> AdapterIo<'a, W, P> {
    pub(super) fn new(env: &'a mut dyn Env<PlainOutput<W, P>>, buf: &'a mut Vec<u8>) -> Self {
        Self {
            env,
            buf,
            protocol: PhantomData,
        }
    }

    /// Serializes `msg` into the buffer; false (counted) if it cannot be.
    fn serialize(&mut self, msg: &P::Msg) -> bool {
        match payload::encode(msg, self.buf) {
            Ok(()) => {
                outside::strike(Decoded::Payload(self.buf));
                true
            }
            Err(error) => {
                tracing::warn!(node = self.env.me(), %error, "outgoing message discarded");
                self.env.discard(Discard::Outgoing);
                false
            }
        }
    }

    /// Takes `bytes`, a message serialized already, as [`serialize`](Self::serialize) would have made it.
    fn serialized(&mut self, bytes: &[u8]) {
        self.buf.clear();
        self.buf.extend_from_slice(bytes);
        outside::strike(Decoded::Payload(self.buf));
    }

    /// [`Io::send`] of a message serialized already as `bytes`.
    pub(super) fn send_serialized(&mut self, dst: W, bytes: &[u8]) {
        match dst.checked() {
            Ok(mut dst) => {
                outside::strike(Decoded::Destination(&mut dst));
                self.serialized(bytes);
                self.env.send(dst, self.buf);
            }
            Err(bad) => discard(self.env, Discard::Destination, bad.word),
        }
    }

    /// [`Io::broadcast`] of a message serialized already as `bytes`.
    pub(super) fn broadcast_serialized(&mut self, bytes: &[u8]) {
        self.serialized(bytes);
        self.send_to_all();
    }

    /// The buffer's message to every other process.
    fn send_to_all(&mut self) {
        let (me, n) = (self.env.me(), self.env.n());
        for mut dst in (0..n).filter(|&dst| dst != me) {
            outside::strike(Decoded::Destination(&mut dst));
            self.env.send(dst, self.buf);
        }
    }
}

/// Drops something invalid: logs it and counts it.
#[cold]
pub(super) fn discard<O>(env: &mut dyn Env<O>, why: Discard, word: u64) {
    tracing::warn!(
        node = env.me(),
        what = why.name(),
        word = format_args!("{word:#018x}"),
        "invalid code word: discarded"
    );
    env.discard(why);
}

impl<W: Word, P: Protocol<W>> Io<W, P> for AdapterIo<'_, W, P> {
    fn send(&mut self, dst: W, msg: P::Msg) {
        let dst = match dst.checked() {
            Ok(mut dst) => {
                outside::strike(Decoded::Destination(&mut dst));
                dst
            }
            Err(bad) => return discard(self.env, Discard::Destination, bad.word),
        };
        if self.serialize(&msg) {
            self.env.send(dst, self.buf);
        }
    }

    /// Serializes `msg` once for all destinations.
    fn broadcast(&mut self, msg: P::Msg) {
        if self.serialize(&msg) {
            self.send_to_all();
        }
    }

    fn set_alarm(&mut self, id: W, at: W) {
        match (id.is_valid(), at.checked()) {
            (true, Ok(mut at)) => {
                outside::strike(Decoded::AlarmTime(&mut at));
                self.env.set_alarm(AlarmId::of(id), at);
            }
            (false, _) => discard(self.env, Discard::AlarmSet, id.to_bits()),
            (true, Err(bad)) => discard(self.env, Discard::AlarmSet, bad.word),
        }
    }

    fn cancel_alarm(&mut self, id: W) {
        if id.is_valid() {
            self.env.cancel_alarm(AlarmId::of(id));
        } else {
            discard(self.env, Discard::AlarmSet, id.to_bits());
        }
    }

    fn now(&self) -> W {
        W::from_u32(self.env.now_ms())
    }

    fn me(&self) -> W {
        W::from_u32(self.env.me())
    }

    fn n(&self) -> W {
        W::from_u32(self.env.n())
    }

    fn report(&mut self, output: P::Output) {
        match output.to_plain() {
            Ok(output) => self.env.report(output),
            Err(bad) => discard(self.env, Discard::Report, bad.word),
        }
    }

    fn reject(&mut self) {
        tracing::warn!(node = self.env.me(), "message rejected by the protocol");
        self.env.reject();
    }
}
