//! Test protocols, written by hand for both word types (no `#[an_encode]`).
#![allow(dead_code)]

use anguard::{Io, Protocol, Word};
use serde::{Deserialize, Serialize};

/// A heartbeat election: every `period` ms each node broadcasts `Alive`; the
/// leader is the lowest id heard within the last three periods (itself included).
#[derive(Debug, Clone)]
pub struct Beacon<W> {
    pub period: W,
    /// Local time each node was last heard, as a word.
    pub heard: Vec<Option<W>>,
    pub received: u32,
}

impl<W: Word> Beacon<W> {
    pub fn new(period: u32) -> Self {
        Self {
            period: W::from_u32(period),
            heard: Vec::new(),
            received: 0,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Alive<W> {
    pub from: W,
    pub seq: W,
}

pub const TICK: u32 = 0;

impl<W: Word> Beacon<W> {
    fn leader(&self, now: u32) -> Option<u32> {
        let timeout = 3 * self.period.to_u32();
        self.heard.iter().enumerate().find_map(|(id, t)| {
            // Signed: a reading taken after `now` counts as fresh.
            t.filter(|t| now.wrapping_sub(t.to_u32()) as i32 <= timeout as i32)
                .map(|_| id as u32)
        })
    }
}

impl<W: Word> Protocol<W> for Beacon<W> {
    type Msg = Alive<W>;
    type Output = Option<W>;

    fn start(&mut self, io: &mut dyn Io<W, Self>) {
        self.heard = vec![None; io.n().to_u32() as usize];
        let at = io.now().to_u32().wrapping_add(self.period.to_u32());
        io.set_alarm(W::from_u32(TICK), W::from_u32(at));
    }

    fn on_message(&mut self, _from: W, msg: Alive<W>, io: &mut dyn Io<W, Self>) {
        self.received += 1;
        let from = msg.from.to_u32() as usize;
        if let Some(slot) = self.heard.get_mut(from) {
            *slot = Some(io.now());
        }
    }

    fn on_alarm(&mut self, id: W, io: &mut dyn Io<W, Self>) {
        let (me, n, now) = (io.me().to_u32(), io.n().to_u32(), io.now().to_u32());
        for dst in (0..n).filter(|&d| d != me) {
            io.send(
                W::from_u32(dst),
                Alive {
                    from: io.me(),
                    seq: W::from_u32(self.received),
                },
            );
        }
        self.heard[me as usize] = Some(W::from_u32(now));
        io.report(self.leader(now).map(W::from_u32));
        io.set_alarm(id, W::from_u32(now.wrapping_add(self.period.to_u32())));
    }
}

/// Node 0 sends numbered messages to node 1 every ms; node 1 keeps the
/// sequence it received.
#[derive(Debug, Clone, Default)]
pub struct Counter {
    pub next: u32,
    pub got: Vec<u32>,
}

impl Protocol<u32> for Counter {
    type Msg = u32;
    type Output = Option<u32>;

    fn start(&mut self, io: &mut dyn Io<u32, Self>) {
        if io.me() == 0 {
            io.set_alarm(0, io.now() + 1);
        }
    }

    fn on_message(&mut self, _from: u32, seq: u32, _io: &mut dyn Io<u32, Self>) {
        self.got.push(seq);
    }

    fn on_alarm(&mut self, id: u32, io: &mut dyn Io<u32, Self>) {
        io.send(1, self.next);
        self.next += 1;
        io.set_alarm(id, io.now() + 1);
    }
}
