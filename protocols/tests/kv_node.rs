//! `anguard node --algo kv`: three replicas of a deployment as processes
//! (encoded, at hardening `an-dup`), one per host (127.0.0.1, .2 and .3, every one on the same ports, as on
//! three machines): a write through the leader's Redis port answers once
//! committed, a read then sees it, and a replica that does not lead names
//! the leader.

#![cfg(target_os = "linux")] // Linux answers on all of 127.0.0.0/8.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anguard_protocols::kv::server::client::{Client, find_leader};
use anguard_protocols::kv::server::resp::Resp;
use replicas::Replicas;

mod replicas;

const N: u8 = 3;

/// Replica `i`'s host.
fn host(i: u8) -> Ipv4Addr {
    Ipv4Addr::new(127, 0, 0, i + 1)
}

/// Sends `args` to `addr`, retrying while it cannot answer (within 20 s).
fn command(addr: SocketAddr, args: &[&[u8]]) -> Resp {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let reply = Client::connect(addr, Duration::from_secs(2)).and_then(|mut c| c.command(args));
        match reply {
            Ok(Resp::Error(e)) if e.starts_with("CLUSTERDOWN") || e.starts_with("TRYAGAIN") => {}
            Ok(reply) => return reply,
            Err(_) => {}
        }
        assert!(
            Instant::now() < deadline,
            "no answer from {addr} within 20 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The replica that leads, once one does (within 20 s).
fn leader(clients: &[SocketAddr]) -> usize {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(leader) = find_leader(clients, Duration::from_millis(500)) {
            return leader;
        }
        assert!(Instant::now() < deadline, "no leader within 20 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn node_algo_kv_replicates_writes_and_redirects_to_the_leader() {
    let peer_port = 28_000 + (std::process::id() % 2000) as u16 * 2;
    let client_port = peer_port + 1;
    let peers: Vec<String> = (0..N)
        .map(|i| SocketAddr::from((host(i), peer_port)).to_string())
        .collect();
    let clients: Vec<SocketAddr> = (0..N)
        .map(|i| SocketAddr::from((host(i), client_port)))
        .collect();
    let data = std::env::temp_dir().join(format!("anguard-kv-node-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let start = |id: u8, data: &PathBuf| {
        Command::new(env!("CARGO_BIN_EXE_anguard"))
            .args([
                "node",
                "--algo",
                "kv",
                "--variant",
                "encoded",
                "--hardening",
                "an-dup",
            ])
            .args(["--id", &id.to_string(), "--peers", &peers.join(",")])
            .args(["--client-port", &client_port.to_string(), "--period", "20"])
            // Followers name the leader rather than forward to it.
            .arg("--moved")
            .arg("--data")
            .arg(data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("a replica starts")
    };
    let replicas = Replicas((0..N).map(|id| Some(start(id, &data))).collect());

    // A write through the leader answers once committed; a read after it sees it.
    let deadline = Instant::now() + Duration::from_secs(30);
    let leader = loop {
        let leader = leader(&clients);
        match command(clients[leader], &[b"SET", b"greeting", b"hello"]) {
            Resp::Simple("OK") => break leader,
            // It lost the lead meanwhile: ask again who leads.
            Resp::Error(e) if e.starts_with("MOVED") => {}
            other => panic!("SET answered {other:?}"),
        }
        assert!(Instant::now() < deadline, "no SET committed within 30 s");
    };
    assert_eq!(
        command(clients[leader], &[b"GET", b"greeting"]),
        Resp::Bulk(Some(b"hello".to_vec()))
    );

    // A replica that does not lead names the leader's client address, on its host.
    let mut leader = leader;
    let (follower, moved) = loop {
        let follower = (leader + 1) % usize::from(N);
        match command(clients[follower], &[b"GET", b"greeting"]) {
            Resp::Error(moved) => break (follower, moved),
            // It took the lead meanwhile, and answered: look again.
            Resp::Bulk(Some(value)) if value == b"hello" => leader = self::leader(&clients),
            other => panic!("replica {follower} answered {other:?}"),
        }
        assert!(Instant::now() < deadline, "no follower found within 30 s");
    };
    let named: SocketAddr = moved
        .strip_prefix("MOVED 0 ")
        .and_then(|addr| addr.parse().ok())
        .unwrap_or_else(|| panic!("not a -MOVED naming an address: {moved:?}"));
    assert_ne!(named, clients[follower]);
    let named = clients
        .iter()
        .position(|&c| c == named)
        .unwrap_or_else(|| panic!("-MOVED names {named}, no replica's client address"));
    assert_eq!(
        command(clients[named], &[b"GET", b"greeting"]),
        Resp::Bulk(Some(b"hello".to_vec())),
        "the replica -MOVED names serves the read"
    );

    drop(replicas);
    let wals = std::fs::read_dir(&data).map_or(0, |d| d.filter_map(Result::ok).count());
    assert_eq!(
        wals,
        usize::from(N),
        "one write-ahead log per replica in --data"
    );
    let _ = std::fs::remove_dir_all(&data);
}
