//! Instructions per SET or GET of a simulated 3-replica store, in either
//! build and at either hardening level, under valgrind's callgrind (the
//! same for the same binary, whatever else the machine is doing).
//!
//! ```sh
//! cargo build --release -p anguard-protocols --example kv_request_count
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*counted_region*' \
//!     target/release/examples/kv_request_count encoded an set 4000 [BATCH]
//! ```
//!
//! After an election and a first SET, `COUNT` SETs or GETs of its key (16
//! at a time, as `redis-benchmark -P 16` sends them) go to the leader over
//! links that keep messages in order, as TCP does; what is counted is
//! everything the three replicas and the simulator do until all are
//! answered. The simulator's share is the same in every build.
//!
//! By default each replica syncs and scrubs after every event, as in the
//! simulator. With `BATCH`, a replica flushes (scrubs, syncs, lets its
//! outputs out) after at most `BATCH` events, as the network driver does
//! after each batch of events ready at once.

use std::any::Any;
use std::hint::black_box;

use anguard::Hardening;
use anguard::node::{AlarmId, Env, Node};
use anguard::sim::{Event, LinkConfig, Sim, SimConfig, TraceLevel};
use anguard_protocols::algo::Variant;
use anguard_protocols::kv::durable::Output;
use anguard_protocols::kv::{
    Command, DurableNode, Effect, KvConfig, MemoryDisk, Reply, Request, replica,
};

/// A replica flushed after every `every` events, at every alarm, and at
/// the first event after the clock moved on (what a driver finds ready at
/// once is a batch).
struct Batched {
    node: DurableNode<MemoryDisk>,
    every: u32,
    events: u32,
    flushed_ms: u32,
}

impl Batched {
    fn then_flush(&mut self, env: &mut dyn Env<Output>, alarm: bool) {
        self.events += 1;
        if alarm || self.events >= self.every || env.now_ms() != self.flushed_ms {
            self.events = 0;
            self.flushed_ms = env.now_ms();
            self.node.flush(env);
        }
    }
}

impl Node<Output> for Batched {
    fn start(&mut self, env: &mut dyn Env<Output>) {
        self.node.start(env);
        self.then_flush(env, true);
    }
    fn on_payload(&mut self, from: u32, payload: &[u8], env: &mut dyn Env<Output>) {
        self.node.on_payload(from, payload, env);
        self.then_flush(env, false);
    }
    fn on_alarm(&mut self, id: AlarmId, env: &mut dyn Env<Output>) {
        self.node.on_alarm(id, env);
        self.then_flush(env, true);
    }
    fn on_input(&mut self, payload: &[u8], env: &mut dyn Env<Output>) {
        self.node.on_input(payload, env);
        self.then_flush(env, false);
    }
    fn encoded(&self) -> bool {
        self.node.encoded()
    }
    fn state_mut(&mut self) -> &mut dyn Any {
        self.node.state_mut()
    }
}

/// Everything executed in here, and only that, is counted.
#[inline(never)]
fn counted_region(work: &mut dyn FnMut()) {
    work();
}

const KEY: &[u8] = b"key:__rand_int__";

fn request(seq: u64, get: bool) -> Vec<u8> {
    let command = match get {
        true => Command::Get(KEY.to_vec()),
        false => Command::Set(KEY.to_vec(), b"xxx".to_vec()),
    };
    let request = Request {
        client: 1,
        seq,
        command,
    };
    let mut bytes = Vec::new();
    anguard::payload::encode(&request, &mut bytes).expect("a request serializes");
    bytes
}

fn answered(sim: &Sim<Output>) -> Vec<u32> {
    sim.trace()
        .records()
        .iter()
        .filter(|record| {
            matches!(
                record.event,
                Event::Report {
                    output: Some(Effect::Reply {
                        reply: Reply::Ok | Reply::Value(Some(_)),
                        ..
                    })
                }
            )
        })
        .map(|record| record.node)
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let variant = match args.next().as_deref().unwrap_or("encoded") {
        "plain" => Variant::Plain,
        "encoded" => Variant::Encoded,
        other => return Err(format!("no build {other}: plain or encoded").into()),
    };
    let hardening: Hardening = args.next().as_deref().unwrap_or("an").parse()?;
    let get = match args.next().as_deref().unwrap_or("set") {
        "set" => false,
        "get" => true,
        other => return Err(format!("no command {other}: set or get").into()),
    };
    let count: u64 = args.next().as_deref().unwrap_or("4000").parse()?;
    let batch: Option<u32> = args.next().map(|b| b.parse()).transpose()?;
    let config = KvConfig::with_heartbeat(3, 10)?;
    let disks: Vec<MemoryDisk> = (0..3).map(|_| MemoryDisk::default()).collect();
    // In order, as over TCP.
    let link = LinkConfig {
        reorder: false,
        ..LinkConfig::default()
    };
    let sim_config = SimConfig {
        seed: 1,
        link,
        trace: TraceLevel::Outputs,
        ..SimConfig::default()
    };
    let mut sim = Sim::new(sim_config, move |id| -> Box<dyn Node<Output>> {
        let disk = disks[id as usize].clone();
        match batch {
            None => replica::simulated(variant, hardening, &config, disk),
            Some(every) => Box::new(Batched {
                node: DurableNode::grouped(
                    replica::replica(variant, hardening, &config, disk.durable()),
                    disk,
                ),
                every,
                events: 0,
                flushed_ms: 0,
            }),
        }
    });
    sim.run_for(1_000_000);
    for node in 0..3 {
        sim.input(node, &request(0, false));
    }
    sim.run_for(100_000);
    let leader = *answered(&sim).first().ok_or("no leader")?;
    let requests: Vec<Vec<u8>> = (1..=count).map(|seq| request(seq, get)).collect();
    counted_region(&mut || {
        for batch in requests.chunks(16) {
            for request in batch {
                sim.input(leader, request);
            }
            sim.run_for(1_000);
        }
        sim.run_for(100_000);
    });
    let ok = answered(&sim).len() as u64;
    if ok != count + 1 {
        return Err(format!("{ok} of {} requests answered", count + 1).into());
    }
    black_box(&sim);
    Ok(())
}
