//! Event-loop throughput: messages per second from one node to another on
//! loopback, plain and encoded, with a window of unacknowledged messages so
//! that nothing is dropped.
//!
//! `cargo bench -p anguard --bench net`

use std::net::TcpListener;
use std::time::{Duration, Instant};

use anguard::net::{NetConfig, NetNode, NodeHandle};
use anguard::{AnU32, Io, Protocol, Word, node_for};
use serde::{Deserialize, Serialize};

const WINDOW: u32 = 1_000;
const ACK_EVERY: u32 = 100;

#[derive(Debug, Clone, Serialize, Deserialize)]
enum Msg<W> {
    /// A message of the flood: three words, as an election message has.
    Data { from: W, seq: W, round: W },
    /// The receiver has this many.
    Ack { count: W },
}

/// Node 0 keeps `WINDOW` messages in flight to node 1; node 1 acks every
/// `ACK_EVERY`.
struct Flood<W> {
    sent: u32,
    got: u32,
    _w: std::marker::PhantomData<W>,
}

impl<W: Word> Flood<W> {
    fn send_up_to(&mut self, limit: u32, io: &mut dyn Io<W, Self>) {
        while self.sent < limit {
            let msg = Msg::Data {
                from: io.me(),
                seq: W::from_u32(self.sent),
                round: W::from_u32(7),
            };
            io.send(W::from_u32(1), msg);
            self.sent += 1;
        }
    }
}

impl<W: Word> Protocol<W> for Flood<W> {
    type Msg = Msg<W>;
    type Output = Option<W>;
    fn start(&mut self, io: &mut dyn Io<W, Self>) {
        if io.me().to_u32() == 0 {
            self.send_up_to(WINDOW, io);
        }
    }
    fn on_message(&mut self, _from: W, msg: Msg<W>, io: &mut dyn Io<W, Self>) {
        match msg {
            Msg::Data { seq, .. } => {
                self.got += 1;
                let _ = seq.to_u32();
                if self.got.is_multiple_of(ACK_EVERY) {
                    io.send(
                        W::from_u32(0),
                        Msg::Ack {
                            count: W::from_u32(self.got),
                        },
                    );
                }
            }
            Msg::Ack { count } => self.send_up_to(count.to_u32() + WINDOW, io),
        }
    }
    fn on_alarm(&mut self, _: W, _: &mut dyn Io<W, Self>) {}
}

fn measure<W: Word>(seconds: u64) -> f64 {
    let listeners: Vec<TcpListener> = (0..2)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let peers: Vec<_> = listeners.iter().map(|l| l.local_addr().unwrap()).collect();
    let handles: Vec<NodeHandle> = (0..2).map(|_| NodeHandle::new()).collect();
    let threads: Vec<_> = listeners
        .into_iter()
        .enumerate()
        .map(|(id, listener)| {
            let config = NetConfig {
                queue: 2 * WINDOW as usize,
                inbox: 2 * WINDOW as usize,
                ..NetConfig::new(id as u32, peers.clone())
            };
            let handle = handles[id].clone();
            std::thread::spawn(move || {
                let node = node_for(Flood::<W> {
                    sent: 0,
                    got: 0,
                    _w: std::marker::PhantomData,
                });
                NetNode::new(config, node)
                    .unwrap()
                    .with_handle(handle)
                    .run_blocking(Some(listener))
                    .unwrap()
            })
        })
        .collect();
    // Warm up until the flood runs, then count.
    while handles[1].stats().received < 10 * u64::from(WINDOW) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let (t0, r0) = (Instant::now(), handles[1].stats().received);
    std::thread::sleep(Duration::from_secs(seconds));
    let (t1, r1) = (Instant::now(), handles[1].stats().received);
    for h in &handles {
        h.shutdown();
    }
    for t in threads {
        let stats = t.join().unwrap();
        assert_eq!(stats.dropped, 0, "{stats:?}");
    }
    (r1 - r0) as f64 / (t1 - t0).as_secs_f64()
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: keep it short.
    let seconds = if std::env::args().any(|a| a == "--bench") {
        3
    } else {
        1
    };
    let plain = measure::<u32>(seconds);
    let encoded = measure::<AnU32>(seconds);
    println!("net: node 0 → node 1 on loopback, {seconds} s each");
    println!("plain    {plain:>12.0} messages/s");
    println!(
        "encoded  {encoded:>12.0} messages/s  ({:.2} of plain)",
        encoded / plain
    );
}
