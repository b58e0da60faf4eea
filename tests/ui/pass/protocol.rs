// A sans-IO protocol: `impl Protocol<u32>` and `&mut dyn Io<u32, Self>` in signatures.
use anguard::an::Tag;
use anguard::{AnU32, Io, Protocol, Word};

#[anguard::an_encode]
pub mod echo {
    use anguard::{Io, Protocol};
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, Serialize, Deserialize)]
    pub enum Msg {
        Ping { from: u32, seq: u32 },
        Pong { seq: u32 },
    }

    #[derive(Debug, Default)]
    pub struct Echo {
        pub seq: u32,
        pub pongs: u32,
    }

    impl Protocol<u32> for Echo {
        type Msg = Msg;
        type Output = Option<u32>;
        fn start(&mut self, io: &mut dyn Io<u32, Self>) {
            io.set_alarm(0, io.now() + 100);
        }
        fn on_message(&mut self, _from: u32, msg: Msg, io: &mut dyn Io<u32, Self>) {
            match msg {
                Msg::Ping { from, seq } => io.send(from, Msg::Pong { seq }),
                Msg::Pong { seq } if seq == self.seq => self.pongs += 1,
                Msg::Pong { .. } => {}
            }
        }
        fn on_alarm(&mut self, id: u32, io: &mut dyn Io<u32, Self>) {
            self.seq += 1;
            let next = (io.me() + 1) % io.n();
            io.send(
                next,
                Msg::Ping {
                    from: io.me(),
                    seq: self.seq,
                },
            );
            io.set_alarm(id, io.now() + 100);
            io.report(Some(io.me()));
        }
    }
}

/// Records what a protocol does, in plain words.
struct Recorder<M> {
    sent: Vec<(u32, M)>,
    alarms: Vec<(u32, u32)>,
}

impl<M> Default for Recorder<M> {
    fn default() -> Self {
        Recorder {
            sent: Vec::new(),
            alarms: Vec::new(),
        }
    }
}

impl<W: Word, P: Protocol<W, Output = Option<W>>> Io<W, P> for Recorder<P::Msg> {
    fn send(&mut self, dst: W, msg: P::Msg) {
        self.sent.push((dst.to_u32(), msg));
    }
    fn set_alarm(&mut self, id: W, at: W) {
        self.alarms.push((id.to_u32(), at.to_u32()));
    }
    fn cancel_alarm(&mut self, _id: W) {}
    fn now(&self) -> W {
        W::from_u32(1_000)
    }
    fn me(&self) -> W {
        W::from_u32(2)
    }
    fn n(&self) -> W {
        W::from_u32(3)
    }
    fn report(&mut self, _leader: Option<W>) {}
    fn reject(&mut self) {}
}

fn main() {
    let mut plain = echo::plain::Echo::default();
    let mut plain_io = Recorder::default();
    Protocol::<u32>::start(&mut plain, &mut plain_io);
    Protocol::<u32>::on_alarm(&mut plain, 0, &mut plain_io);
    plain.on_message(0, echo::plain::Msg::Pong {
            seq: 1,
            __tag: Tag::NEW,
        }, &mut plain_io);

    let mut encoded = echo::encoded::Echo::default();
    let mut encoded_io = Recorder::default();
    Protocol::<AnU32>::start(&mut encoded, &mut encoded_io);
    Protocol::<AnU32>::on_alarm(&mut encoded, AnU32::ZERO, &mut encoded_io);
    encoded.on_message(
        AnU32::ZERO,
        echo::encoded::Msg::Pong {
            seq: AnU32::ONE,
            __tag: Tag::NEW,
        },
        &mut encoded_io,
    );

    assert_eq!(plain_io.alarms, encoded_io.alarms);
    assert_eq!(plain_io.sent.len(), encoded_io.sent.len());
    assert_eq!(plain.pongs, encoded.pongs.decode());
}
