//! The replicated store as real processes on loopback: no acknowledged write
//! is lost when a minority is killed with SIGKILL, nor when every replica is
//! killed and the cluster restarts from its write-ahead logs; a replica
//! restarted without its data catches up from the leader's snapshot, sent
//! in several chunks.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anguard_protocols::kv::config::{SNAPSHOT_CHUNK, SNAPSHOT_EVERY};
use anguard_protocols::kv::server::client::{Client, find_leader};
use anguard_protocols::kv::server::resp::Resp;
use anguard_protocols::kv::wal::Wal;
use anguard_protocols::kv::{Command as KvCommand, Request};

const N: u32 = 3;

struct Cluster {
    port: u16,
    peer_port: u16,
    data: PathBuf,
    heartbeat_ms: u32,
    snapshot_every: u32,
    replicas: Vec<Option<Child>>,
}

impl Cluster {
    fn new(variant: &str, data: PathBuf, port: u16) -> Cluster {
        Cluster::with(variant, data, port, 20, SNAPSHOT_EVERY)
    }

    /// Replicas with a heartbeat every `heartbeat_ms` that snapshot every
    /// `snapshot_every` applied entries.
    fn with(
        variant: &str,
        data: PathBuf,
        port: u16,
        heartbeat_ms: u32,
        snapshot_every: u32,
    ) -> Cluster {
        let mut cluster = Cluster {
            port,
            peer_port: port + 100,
            data,
            heartbeat_ms,
            snapshot_every,
            replicas: (0..N).map(|_| None).collect(),
        };
        for id in 0..N {
            cluster.start(id, variant);
        }
        cluster
    }

    fn start(&mut self, id: u32, variant: &str) {
        let child = Command::new(env!("CARGO_BIN_EXE_anguard"))
            .args(["kv", "--id", &id.to_string(), "--n", &N.to_string()])
            .args(["--port", &self.port.to_string()])
            .args(["--peer-port", &self.peer_port.to_string()])
            .args(["--variant", variant])
            .args(["--heartbeat", &self.heartbeat_ms.to_string()])
            .args(["--snapshot-every", &self.snapshot_every.to_string()])
            .arg("--data")
            .arg(&self.data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("a replica starts");
        self.replicas[id as usize] = Some(child);
    }

    /// SIGKILL: no chance to flush anything.
    fn kill(&mut self, id: u32) {
        if let Some(mut child) = self.replicas[id as usize].take() {
            child.kill().expect("kill -9");
            child.wait().expect("reaped");
        }
    }

    fn clients(&self) -> Vec<SocketAddr> {
        (0..N)
            .map(|i| SocketAddr::from((Ipv4Addr::LOCALHOST, self.port + i as u16)))
            .collect()
    }

    /// The leader, once there is one (within 20 s).
    fn leader(&self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(leader) = find_leader(&self.clients(), Duration::from_millis(500)) {
                return leader as u32;
            }
            assert!(Instant::now() < deadline, "no leader within 20 s");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs `args` on the leader until it answers something but a
    /// redirection or a timeout (within 20 s).
    fn command(&self, args: &[&[u8]]) -> Resp {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let leader = self.leader();
            let reply = Client::connect(self.clients()[leader as usize], Duration::from_secs(2))
                .and_then(|mut c| c.command(args));
            match reply {
                Ok(Resp::Error(e))
                    if e.starts_with("MOVED")
                        || e.starts_with("CLUSTERDOWN")
                        || e.starts_with("TRYAGAIN") => {}
                Ok(reply) => return reply,
                Err(_) => {}
            }
            assert!(
                Instant::now() < deadline,
                "no answer to {args:?} within 20 s"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for id in 0..N {
            self.kill(id);
        }
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("anguard-kv-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes keys `from..to` one by one; each is acknowledged before the next.
fn write(cluster: &Cluster, from: u32, to: u32) {
    for i in from..to {
        let key = format!("key{i}");
        let value = format!("value{i}");
        assert_eq!(
            cluster.command(&[b"SET", key.as_bytes(), value.as_bytes()]),
            Resp::Simple("OK")
        );
    }
}

fn assert_all_there(cluster: &Cluster, to: u32, when: &str) {
    for i in 0..to {
        let key = format!("key{i}");
        assert_eq!(
            cluster.command(&[b"GET", key.as_bytes()]),
            Resp::Bulk(Some(format!("value{i}").into_bytes())),
            "{key} {when}"
        );
    }
}

fn no_acknowledged_write_is_lost(variant: &str, port: u16) {
    let data = temp_dir(variant);
    let mut cluster = Cluster::new(variant, data.clone(), port);
    write(&cluster, 0, 50);
    // A minority, the leader, killed: the rest elect another and go on.
    let leader = cluster.leader();
    cluster.kill(leader);
    write(&cluster, 50, 100);
    assert_eq!(cluster.command(&[b"INCR", b"counter"]), Resp::Integer(1));
    assert_all_there(&cluster, 100, "after the leader was killed");
    // It comes back and catches up; then a follower is killed.
    cluster.start(leader, variant);
    let follower = (cluster.leader() + 1) % N;
    cluster.kill(follower);
    write(&cluster, 100, 150);
    // Every replica killed at once, then all restarted from their logs.
    for id in 0..N {
        cluster.kill(id);
    }
    for id in 0..N {
        cluster.start(id, variant);
    }
    assert_all_there(&cluster, 150, "after the whole cluster restarted");
    assert_eq!(cluster.command(&[b"INCR", b"counter"]), Resp::Integer(2));
    drop(cluster);
    assert!(wal_files(&data) == N as usize);
    let _ = std::fs::remove_dir_all(&data);
}

fn wal_files(data: &Path) -> usize {
    std::fs::read_dir(data).map_or(0, |d| d.filter_map(Result::ok).count())
}

#[test]
fn plain_replicas_lose_no_acknowledged_write() {
    no_acknowledged_write_is_lost("plain", 20_000 + (std::process::id() % 2000) as u16 * 2);
}

#[test]
fn encoded_replicas_lose_no_acknowledged_write() {
    no_acknowledged_write_is_lost("encoded", 24_000 + (std::process::id() % 2000) as u16 * 2);
}

/// The value of key `i` of the snapshot test: 8 KiB.
fn large(i: u32) -> Vec<u8> {
    vec![b'a' + (i % 26) as u8; 8 << 10]
}

/// A follower killed, its write-ahead log and snapshot removed, and
/// restarted catches up from the leader's snapshot: 160 values of 8 KiB,
/// more than a message's limit (1 MiB), so in several chunks of 256 KiB;
/// the snapshot it installed holds more than a message could, and with
/// the log after it every one of the values. (A leader never
/// goes back below what it knows a follower holds, which one that lost
/// its disk no longer does: the leader is restarted, and the next one,
/// which knows nothing of it, catches it up.) Snapshots every 64 entries
/// and heartbeats of 100 ms: a debug build takes a while to write a
/// snapshot of 1.3 MB, in the handler that takes it.
#[test]
fn a_replica_restarted_without_its_data_catches_up_from_a_snapshot_of_several_chunks() {
    const KEYS: u32 = 160;
    let variant = "encoded";
    let data = temp_dir("wiped");
    let port = 28_000 + (std::process::id() % 2000) as u16 * 2;
    let mut cluster = Cluster::with(variant, data.clone(), port, 100, 64);
    let leader = cluster.leader();
    let mut client = Client::connect(cluster.clients()[leader as usize], Duration::from_secs(10))
        .expect("the leader answers");
    for i in 0..KEYS {
        let key = format!("large{i}");
        let set: [&[u8]; 3] = [b"SET", key.as_bytes(), &large(i)];
        match client.command(&set) {
            Ok(Resp::Simple("OK")) => {}
            // The leader moved: again, through the one there is now.
            _ => assert_eq!(cluster.command(&set), Resp::Simple("OK"), "SET {key}"),
        }
    }
    let bytes = (KEYS as usize) * large(0).len();
    assert!(bytes > anguard::payload::MAX_PAYLOAD && bytes > 4 * SNAPSHOT_CHUNK as usize);
    let leader = cluster.leader();
    let wiped = (leader + 1) % N;
    cluster.kill(wiped);
    let wal = data.join(format!("replica-{wiped}.wal"));
    std::fs::remove_file(&wal).expect("its log removed");
    // A snapshot file only once its log grew long: remove it if there is one.
    match std::fs::remove_file(wal.with_extension("snap")) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            panic!("its snapshot not removed: {error}")
        }
        _ => {}
    }
    cluster.start(wiped, variant);
    // With the leader down, the other two commit: the wiped one has what
    // is committed, on its disk, before it acknowledges it.
    cluster.kill(leader);
    assert_eq!(cluster.command(&[b"INCR", b"counter"]), Resp::Integer(1));
    cluster.start(leader, variant);
    cluster.kill(wiped);
    let (_, durable) = Wal::open(&wal).expect("its log and snapshot open");
    let installed: usize = durable.snapshot.store.iter().map(|(_, v)| v.len()).sum();
    assert!(
        installed > anguard::payload::MAX_PAYLOAD,
        "replica {wiped}: a snapshot of {installed} bytes of values"
    );
    let mut store: BTreeMap<Vec<u8>, Vec<u8>> = durable.snapshot.store.into_iter().collect();
    for entry in durable.log {
        if let Some(Request {
            command: KvCommand::Set(key, value),
            ..
        }) = entry.request
        {
            store.insert(key, value);
        }
    }
    for i in 0..KEYS {
        let key = format!("large{i}").into_bytes();
        assert_eq!(store.get(&key), Some(&large(i)), "large{i}");
    }
    drop(cluster);
    let _ = std::fs::remove_dir_all(&data);
}
