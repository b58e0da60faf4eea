//! Appends batch what a leader takes while one is unanswered: writes that
//! come together go to each follower in a few appends, not one each, and
//! every one is still answered; large ones go in as many appends as keep
//! each within a message's limit. Both builds alike.

use anguard::Hardening;
use anguard::sim::{Event, LinkConfig, Sim, SimConfig};
use anguard_protocols::algo::Variant;
use anguard_protocols::kv::durable::Output;
use anguard_protocols::kv::{Command, Effect, KvConfig, MemoryDisk, Reply, Request, replica};

fn request(seq: u64) -> Vec<u8> {
    request_of(seq, b"value".to_vec())
}

fn request_of(seq: u64, value: Vec<u8>) -> Vec<u8> {
    let request = Request {
        client: 1,
        seq,
        command: Command::Set(format!("key-{seq}").into_bytes(), value),
    };
    let mut bytes = Vec::new();
    anguard::payload::encode(&request, &mut bytes).expect("a request serializes");
    bytes
}

/// Who answered `Ok` since trace record `from`.
fn acknowledged(sim: &Sim<Output>, from: usize) -> Vec<u32> {
    sim.trace().records()[from..]
        .iter()
        .filter_map(|record| match &record.event {
            Event::Report {
                output:
                    Some(Effect::Reply {
                        reply: Reply::Ok, ..
                    }),
            } => Some(record.node),
            _ => None,
        })
        .collect()
}

/// Runs `sim` until `count` writes were acknowledged since trace record
/// `from`, for at most `ms` ms of simulated time; how many were.
fn run_until_acknowledged(sim: &mut Sim<Output>, from: usize, count: usize, ms: u32) -> usize {
    for _ in 0..ms {
        if acknowledged(sim, from).len() >= count {
            break;
        }
        sim.run_for(1_000);
    }
    acknowledged(sim, from).len()
}

/// A 3-replica cluster of `variant` over `links` that elected a leader and
/// committed a first write through it; the cluster and its leader.
fn cluster_with_a_leader(variant: Variant, links: LinkConfig) -> (Sim<Output>, u32) {
    let config = KvConfig::with_heartbeat(3, 10).expect("a valid configuration");
    let disks: Vec<MemoryDisk> = (0..3).map(|_| MemoryDisk::default()).collect();
    let sim = SimConfig {
        link: links,
        ..SimConfig::default()
    };
    let mut sim = Sim::new(sim, move |id| {
        replica::simulated(variant, Hardening::An, &config, disks[id as usize].clone())
    });
    sim.run_for(1_000_000);
    let from = sim.trace().records().len();
    for node in 0..3 {
        sim.input(node, &request(0));
    }
    sim.run_for(100_000);
    let [leader] = acknowledged(&sim, from)[..] else {
        panic!("{variant:?}: no single leader acknowledged the first write");
    };
    (sim, leader)
}

#[test]
fn writes_that_come_together_share_appends() {
    for variant in Variant::ALL {
        let (mut sim, leader) = cluster_with_a_leader(variant, LinkConfig::default());
        let appends = std::rc::Rc::new(std::cell::Cell::new(0u32));
        let counted = std::rc::Rc::clone(&appends);
        sim.set_message_hook(move |info, bytes| {
            if info.from == leader && replica::is_append(bytes) {
                counted.set(counted.get() + 1);
            }
        });
        let from = sim.trace().records().len();
        for seq in 1..=200 {
            sim.input(leader, &request(seq));
        }
        assert_eq!(
            run_until_acknowledged(&mut sim, from, 200, 200),
            200,
            "{variant:?}: every write answered within 200 ms"
        );
        // One append per write and follower would be 400 (before appends
        // waited, this took 1,697 over links that reorder); the first write
        // goes alone, the rest wait for its answer and go in batches of up
        // to 64 (39 here, heartbeats and resent batches included).
        assert!(
            appends.get() <= 60,
            "{variant:?}: {} appends for 200 writes",
            appends.get()
        );
    }
}

#[test]
fn large_writes_go_in_appends_within_a_message() {
    const WRITES: u64 = 12;
    for variant in Variant::ALL {
        let (mut sim, leader) = cluster_with_a_leader(variant, LinkConfig::default());
        let largest = std::rc::Rc::new(std::cell::Cell::new(0usize));
        let seen = std::rc::Rc::clone(&largest);
        sim.set_message_hook(move |info, bytes| {
            if info.from == leader && replica::is_append(bytes) {
                seen.set(seen.get().max(bytes.len()));
            }
        });
        let from = sim.trace().records().len();
        // 12 writes of 200 KB, 2.4 MB in all: more than two messages hold.
        for seq in 1..=WRITES {
            sim.input(leader, &request_of(seq, vec![b'v'; 200_000]));
        }
        let answered = run_until_acknowledged(&mut sim, from, WRITES as usize, 500);
        let discards = sim.trace().records()[from..]
            .iter()
            .filter(|record| matches!(record.event, Event::Discard(_)))
            .count();
        assert_eq!(discards, 0, "{variant:?}: nothing discarded");
        assert_eq!(
            answered, WRITES as usize,
            "{variant:?}: every write answered within 500 ms"
        );
        assert!(
            (200_000..=anguard::payload::MAX_PAYLOAD).contains(&largest.get()),
            "{variant:?}: the largest append took {} bytes",
            largest.get()
        );
    }
}

#[test]
fn large_writes_keep_the_pipeline_to_its_bytes() {
    const WRITES: u64 = 100;
    for variant in Variant::ALL {
        // Links that keep messages in order, as TCP does: no append is
        // refused for coming early, so none goes again.
        let in_order = LinkConfig {
            reorder: false,
            ..LinkConfig::default()
        };
        let (mut sim, leader) = cluster_with_a_leader(variant, in_order);
        // Per follower: appends delivered to it and not yet answered, and
        // the most there were.
        let unanswered = std::rc::Rc::new(std::cell::RefCell::new([(0u32, 0u32); 3]));
        let seen = std::rc::Rc::clone(&unanswered);
        sim.set_message_hook(move |info, bytes| {
            let mut unanswered = seen.borrow_mut();
            if info.from == leader && replica::is_append(bytes) {
                let (now, most) = &mut unanswered[info.to as usize];
                *now += 1;
                *most = (*most).max(*now);
            } else if info.to == leader {
                unanswered[info.from as usize].0 -= 1;
            }
        });
        let from = sim.trace().records().len();
        // 100 writes of 100 KB, 10 MB in all, two to an append.
        for seq in 1..=WRITES {
            sim.input(leader, &request_of(seq, vec![b'v'; 100_000]));
        }
        assert_eq!(
            run_until_acknowledged(&mut sim, from, WRITES as usize, 1000),
            WRITES as usize,
            "{variant:?}: every write answered within 1 s"
        );
        let most = unanswered.borrow().iter().map(|(_, most)| *most).max();
        // `max_inflight` (8) appends' worth of bytes, 2 MiB, is 10 appends
        // of two entries, and a heartbeat (11 here); without the bound,
        // 19 were (the window of `max_batch · max_inflight` entries).
        assert!(most <= Some(11), "{variant:?}: {most:?} appends unanswered");
    }
}
