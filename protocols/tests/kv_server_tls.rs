//! The store's peer links over mutual TLS (`anguard kv --tls-…`, with the
//! certificates `anguard certs` makes): a cluster commits and reads; a
//! replica whose certificate another CA signed is refused with a clear
//! error, and the others go on without it; a replica given another node's
//! certificate does not start.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anguard_protocols::kv::server::client::{Client, find_leader};
use anguard_protocols::kv::server::resp::Resp;
use replicas::{Replicas, port};

mod replicas;

const N: u16 = 3;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("anguard-kv-tls-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn anguard() -> Command {
    Command::new(env!("CARGO_BIN_EXE_anguard"))
}

/// `anguard certs`: a CA and certificates for nodes 0..N in `dir`.
fn certs(dir: &Path) {
    let status = anguard()
        .args(["certs", "--n", &N.to_string(), "--out"])
        .arg(dir)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

fn tls_flags(certs: &Path, cert_id: &str) -> Vec<String> {
    let at = |file: String| certs.join(file).to_str().unwrap().to_owned();
    vec![
        "--tls-cert".into(),
        at(format!("node-{cert_id}/node.crt")),
        "--tls-key".into(),
        at(format!("node-{cert_id}/node.key")),
        "--tls-ca".into(),
        at("ca.crt".into()),
    ]
}

/// Replica `id`, logging to `dir/replica-<id>.log`.
fn replica(id: u16, port: u16, dir: &Path, certs: &Path) -> Child {
    anguard()
        .args(["kv", "--id", &id.to_string(), "--n", &N.to_string()])
        .args(["--port", &port.to_string()])
        .args(["--peer-port", &(port + 100).to_string()])
        .args(["--heartbeat", "20"])
        .args(tls_flags(certs, "{id}"))
        .arg("--data")
        .arg(dir.join("data"))
        .stdout(Stdio::null())
        .stderr(File::create(dir.join(format!("replica-{id}.log"))).unwrap())
        .spawn()
        .expect("a replica starts")
}

fn client_addrs(port: u16) -> Vec<SocketAddr> {
    (0..N)
        .map(|i| SocketAddr::from((Ipv4Addr::LOCALHOST, port + i)))
        .collect()
}

/// Runs `args` at `addr` until it is answered with no error (within 20 s).
fn command(addr: SocketAddr, args: &[&[u8]]) -> Resp {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match Client::connect(addr, Duration::from_secs(6)).and_then(|mut c| c.command(args)) {
            Ok(Resp::Error(_)) | Err(_) => {}
            Ok(reply) => return reply,
        }
        assert!(
            Instant::now() < deadline,
            "no answer to {args:?} within 20 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn log(dir: &Path, id: u16) -> String {
    std::fs::read_to_string(dir.join(format!("replica-{id}.log"))).unwrap()
}

#[test]
fn a_cluster_over_tls_commits_and_reads() {
    let dir = scratch("cluster");
    certs(&dir.join("certs"));
    let port = port(14_000);
    let replicas = Replicas(
        (0..N)
            .map(|id| Some(replica(id, port, &dir, &dir.join("certs"))))
            .collect(),
    );
    let clients = client_addrs(port);
    for (i, &addr) in clients.iter().enumerate() {
        let value = format!("v{i}");
        assert_eq!(
            command(addr, &[b"SET", b"k", value.as_bytes()]),
            Resp::Simple("OK")
        );
        for &reader in &clients {
            assert_eq!(
                command(reader, &[b"GET", b"k"]),
                Resp::Bulk(Some(value.clone().into_bytes()))
            );
        }
    }
    drop(replicas);
    for id in 0..N {
        let log = log(&dir, id);
        assert!(
            log.contains(&format!(
                "peers authenticate with mutual TLS (this node is node-{id}.anguard)"
            )),
            "{log}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_replica_with_a_certificate_of_another_ca_is_refused() {
    let dir = scratch("rogue");
    certs(&dir.join("certs"));
    certs(&dir.join("rogue"));
    let port = port(16_000);
    let replicas = Replicas(
        (0..N)
            .map(|id| {
                let certs = if id == 2 { "rogue" } else { "certs" };
                Some(replica(id, port, &dir, &dir.join(certs)))
            })
            .collect(),
    );
    let clients = client_addrs(port);
    // The two replicas of the cluster's CA are a majority: they commit.
    assert_eq!(
        command(clients[0], &[b"SET", b"k", b"v"]),
        Resp::Simple("OK")
    );
    assert_eq!(
        command(clients[1], &[b"GET", b"k"]),
        Resp::Bulk(Some(b"v".to_vec()))
    );
    // The rogue never hears of a leader: it leads nobody, follows nobody.
    std::thread::sleep(Duration::from_millis(500));
    let leader = find_leader(&clients, Duration::from_secs(2));
    assert!(matches!(leader, Some(0 | 1)), "{leader:?}");
    let mut rogue = Client::connect(clients[2], Duration::from_secs(6)).unwrap();
    rogue.command(&[b"CLIENT", b"NO-FORWARD", b"ON"]).unwrap();
    assert_eq!(
        rogue.command(&[b"GET", b"k"]).unwrap(),
        Resp::Error("CLUSTERDOWN no leader known: try again".into())
    );
    drop(replicas);
    // Each side says why, in terms an operator acts on.
    for id in 0..2 {
        let log = log(&dir, id);
        assert!(log.contains("peer refused; retrying"), "{log}");
        assert!(
            log.contains("TLS: a certificate the CA did not sign"),
            "{log}"
        );
    }
    let log = log(&dir, 2);
    assert!(
        log.contains("TLS: a certificate the CA did not sign"),
        "{log}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_replica_given_another_nodes_certificate_does_not_start() {
    let dir = scratch("wrong-id");
    certs(&dir.join("certs"));
    let out = anguard()
        .args([
            "kv",
            "--id",
            "0",
            "--n",
            "3",
            "--port",
            &port(18_000).to_string(),
        ])
        .args(tls_flags(&dir.join("certs"), "1"))
        .arg("--data")
        .arg(dir.join("data"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("invalid TLS configuration")
            && stderr.contains("not valid for node 0 (node-0.anguard)"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
