//! Log compaction: replicas snapshot their store every few applied entries
//! and cut their logs; a follower that missed entries the leader no longer
//! holds catches up from the leader's snapshot (`InstallSnapshot`); a
//! restarted replica recovers from its snapshot and the log after it, from
//! memory or from the write-ahead log on disk. Both builds alike.

use anguard::Hardening;
use anguard::node::Node;
use anguard::sim::{Event, Sim, SimConfig};
use anguard_protocols::algo::Variant;
use anguard_protocols::kv::durable::Output;
use anguard_protocols::kv::wal::Wal;
use anguard_protocols::kv::{
    Command, DurableNode, Effect, KvConfig, MemoryDisk, Reply, Request, Snapshot, replica,
};

/// A snapshot every `EVERY` applied entries.
const EVERY: u32 = 8;

fn config() -> KvConfig {
    KvConfig::with_heartbeat(3, 10)
        .and_then(|config| config.with_snapshot_every(EVERY))
        .expect("a valid configuration")
}

/// Where a replica keeps its durable state.
#[derive(Clone)]
enum Disks {
    Memory(Vec<MemoryDisk>),
    Files(std::path::PathBuf),
}

/// A disk of its own for each replica.
fn memory() -> Disks {
    Disks::Memory((0..3).map(|_| MemoryDisk::default()).collect())
}

/// Three replicas of `variant`, scrubbing, on `disks`.
fn cluster(variant: Variant, disks: Disks) -> Sim<Output> {
    let sim = SimConfig {
        seed: 11,
        ..SimConfig::default()
    };
    let config = config();
    Sim::new(sim, move |id| -> Box<dyn Node<Output>> {
        match &disks {
            Disks::Memory(disks) => {
                replica::simulated(variant, Hardening::An, &config, disks[id as usize].clone())
            }
            Disks::Files(dir) => {
                let path = dir.join(format!("replica-{id}.wal"));
                let (wal, durable) = Wal::open(&path).expect("the log opens");
                Box::new(DurableNode::new(
                    replica::replica(variant, Hardening::An, &config, durable),
                    wal,
                ))
            }
        }
    })
}

/// Gives every replica that is up request `seq` of client 1, and runs
/// 100 ms; the replica that answered it `Ok`, if one did.
fn set(sim: &mut Sim<Output>, seq: u64) -> Option<u32> {
    let request = Request {
        client: 1,
        seq,
        command: {
            let (key, value) = written(seq);
            Command::Set(key, value)
        },
    };
    let mut bytes = Vec::new();
    anguard::payload::encode(&request, &mut bytes).expect("a request serializes");
    let from = sim.trace().records().len();
    for node in 0..3 {
        sim.input(node, &bytes);
    }
    sim.run_for(100_000);
    sim.trace().records()[from..]
        .iter()
        .find(|record| {
            matches!(&record.event, Event::Report {
                output: Some(Effect::Reply { seq: s, reply: Reply::Ok, .. }),
            } if *s == seq)
        })
        .map(|record| record.node)
}

/// The key and value of SET `seq`.
fn written(seq: u64) -> (Vec<u8>, Vec<u8>) {
    (
        format!("key-{}", seq % 5).into_bytes(),
        seq.to_string().into_bytes(),
    )
}

fn applied(sim: &mut Sim<Output>, variant: Variant, node: u32) -> Snapshot {
    sim.with_state(node, |state| replica::applied(variant, state))
        .flatten()
        .expect("the replica is up")
}

/// The snapshots `node` installed, and whether each was the first thing
/// it did after a start (from its own disk) or not (from the leader).
fn installed(sim: &Sim<Output>, node: u32) -> Vec<(u64, bool)> {
    let mut just_started = false;
    let mut installed = Vec::new();
    for record in sim.trace().records().iter().filter(|r| r.node == node) {
        match &record.event {
            Event::Start => just_started = true,
            Event::Report {
                output: Some(Effect::Installed { index, .. }),
            } => {
                installed.push((*index, just_started));
                just_started = false;
            }
            Event::Report { .. } | Event::Deliver { .. } => just_started = false,
            _ => {}
        }
    }
    installed
}

/// Writes the SETs `seqs`, each acknowledged; the leader that answered
/// the last.
fn write(sim: &mut Sim<Output>, seqs: std::ops::Range<u64>) -> u32 {
    let mut leader = None;
    for seq in seqs {
        leader = set(sim, seq);
        assert!(leader.is_some(), "SET {seq} acknowledged");
    }
    leader.expect("some SETs")
}

/// The store after the SETs `1..end`: each key's last value.
fn expected(end: u64) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut store: std::collections::BTreeMap<Vec<u8>, Vec<u8>> = Default::default();
    store.extend((1..end).map(written));
    store.into_iter().collect()
}

/// Every replica up holds the same store, applied to the same index.
fn converged(sim: &mut Sim<Output>, variant: Variant) -> Snapshot {
    sim.run_for(300_000);
    let stores: Vec<Snapshot> = (0..3).map(|node| applied(sim, variant, node)).collect();
    assert!(
        stores.iter().all(|store| *store == stores[0]),
        "{variant:?}: {stores:?}"
    );
    stores[0].clone()
}

#[test]
fn a_lagging_follower_catches_up_from_the_leaders_snapshot() {
    for variant in Variant::ALL {
        let mut sim = cluster(variant, memory());
        sim.run_for(1_000_000);
        let follower = (write(&mut sim, 1..4) + 1) % 3;
        sim.crash(follower);
        // The leader applies and compacts far past what the follower has.
        let end = 4 * u64::from(EVERY);
        write(&mut sim, 4..end);
        sim.restart(follower);
        let store = converged(&mut sim, variant);
        assert_eq!(store.store, expected(end), "{variant:?}");
        let from_leader: Vec<u64> = installed(&sim, follower)
            .into_iter()
            .filter_map(|(index, at_start)| (!at_start).then_some(index))
            .collect();
        assert!(
            !from_leader.is_empty(),
            "{variant:?}: the follower installed no snapshot from the leader"
        );
    }
}

#[test]
fn a_restarted_replica_recovers_from_its_snapshot_and_log_in_memory() {
    for variant in Variant::ALL {
        restarts_from_its_snapshot(variant, memory());
    }
}

#[test]
fn a_restarted_replica_recovers_from_its_snapshot_and_log_on_disk() {
    for variant in Variant::ALL {
        let dir = std::env::temp_dir().join(format!(
            "anguard-kv-snapshot-{}-{variant:?}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        restarts_from_its_snapshot(variant, Disks::Files(dir.clone()));
        assert!(dir.join("replica-0.snap").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// Every replica, in turn, crashes and restarts after more writes: it
/// starts from its own snapshot (past index 0), then catches up; all end
/// with the same store.
fn restarts_from_its_snapshot(variant: Variant, disks: Disks) {
    let mut sim = cluster(variant, disks);
    sim.run_for(1_000_000);
    let mut seq = 1;
    for node in 0..3 {
        write(&mut sim, seq..seq + 2 * u64::from(EVERY));
        seq += 2 * u64::from(EVERY);
        let before = applied(&mut sim, variant, node);
        sim.crash(node);
        sim.restart(node);
        sim.run_for(1_000);
        let at_start: Vec<u64> = installed(&sim, node)
            .into_iter()
            .filter_map(|(index, at_start)| at_start.then_some(index))
            .collect();
        let last = *at_start.last().expect("a snapshot installed at the start");
        assert!(
            last > 0 && last <= before.index && before.index - last < u64::from(EVERY),
            "{variant:?} node {node}: started from {last}, had applied {}",
            before.index
        );
        converged(&mut sim, variant);
    }
    write(&mut sim, seq..seq + 3);
    let store = converged(&mut sim, variant);
    assert_eq!(store.store, expected(seq + 3), "{variant:?}");
}
