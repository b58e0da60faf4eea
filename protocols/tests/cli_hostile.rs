//! Hostile input against real `anguard node` processes: bytes that are no
//! frames, frames that are no handshake, handshakes of another cluster, a
//! flood of connections, and whole nodes configured differently. Each bad
//! connection must be closed, the node must go on electing, and its closing
//! counters must show the rejections and no fault.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use anguard::net::frame::{Frame, Hello, VERSION};
use anguard_protocols::election::agreed_leader;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

mod node_processes;
use node_processes::one_cluster_at_a_time;

/// A node process, killed when dropped.
struct Node {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Its standard error (its log, from info level on), line by line.
    stderr: Log,
    /// Its last lines of output read, for a failure's report.
    recent: VecDeque<Value>,
}

/// How many lines of a node's output and of its log a failure reports.
const REPORTED_LINES: usize = 8;

/// Lines a node wrote to its standard error.
type Log = Arc<Mutex<Vec<String>>>;

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Node processes of one cluster and their `--json` lines.
struct Cluster {
    peers: Vec<SocketAddr>,
    nodes: Vec<Option<Node>>,
    /// Per node: which process (a restarted node's old lines are ignored).
    generation: Vec<u64>,
    started: u64,
    lines: mpsc::Receiver<(u32, u64, Value)>,
    sender: mpsc::Sender<(u32, u64, Value)>,
    outputs: Vec<Option<u64>>,
    /// Leader changes seen, for the record.
    changes: Vec<(u32, Option<u64>)>,
}

impl Cluster {
    fn new(n: usize) -> Cluster {
        let (sender, lines) = mpsc::channel();
        Cluster {
            peers: node_processes::free_addresses(n),
            nodes: (0..n).map(|_| None).collect(),
            generation: vec![0; n],
            started: 0,
            lines,
            sender,
            outputs: vec![None; n],
            changes: Vec::new(),
        }
    }

    fn start(&mut self, id: u32, flags: &[&str]) {
        let peers = self.peers.clone();
        self.start_with(id, &peers, flags);
    }

    /// Starts node `id` with its own view of the peers' addresses, and
    /// waits for its protocol to start; returns its log.
    fn start_with(&mut self, id: u32, peers: &[SocketAddr], flags: &[&str]) -> Log {
        let peers: Vec<String> = peers.iter().map(SocketAddr::to_string).collect();
        let mut child = Command::new(env!("CARGO_BIN_EXE_anguard"))
            .args([
                "node",
                "--json",
                "--exit-on-stdin-eof",
                "--id",
                &id.to_string(),
            ])
            .args(["--peers", &peers.join(",")])
            .args(flags)
            .env("RUST_LOG", "info")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Log::default();
        let stderr = child.stderr.take().unwrap();
        let lines = log.clone();
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        self.started += 1;
        let generation = self.started;
        let stdout = child.stdout.take().unwrap();
        let sender = self.sender.clone();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let value: Value = serde_json::from_str(&line).unwrap();
                if sender.send((id, generation, value)).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        self.nodes[id as usize] = Some(Node {
            child,
            stdin,
            stderr: log.clone(),
            recent: VecDeque::new(),
        });
        self.generation[id as usize] = generation;
        self.outputs[id as usize] = None;
        self.started_or_panic(id);
        log
    }

    /// Waits for node `id`'s protocol to start: it listens, and dials.
    fn started_or_panic(&mut self, id: u32) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let poll = deadline.min(Instant::now() + Duration::from_millis(100));
            while let Some((node, line)) = self.next(poll) {
                if node == id && line["event"] == "start" {
                    return;
                }
            }
            let node = self.nodes[id as usize].as_mut().unwrap();
            if node.child.try_wait().is_ok_and(|status| status.is_some()) {
                break;
            }
        }
        let report = self.report();
        panic!("node {id} did not start{report}");
    }

    /// Each live node's state, for a failure's message: running or exited,
    /// its last output, and the end of its log.
    fn report(&mut self) -> String {
        // What is still on its way: the last lines, and the log of a node
        // that just exited.
        thread::sleep(Duration::from_millis(200));
        while self.next(Instant::now()).is_some() {}
        let mut report = String::new();
        for (id, node) in self.nodes.iter_mut().enumerate() {
            let Some(node) = node else { continue };
            let status = match node.child.try_wait() {
                Ok(None) => "running".to_string(),
                Ok(Some(status)) => format!("exited ({status})"),
                Err(e) => format!("unknown ({e})"),
            };
            report += &format!("\nnode {id} at {}: {status}", self.peers[id]);
            for line in &node.recent {
                report += &format!("\n  output: {line}");
            }
            let log = node.stderr.lock().unwrap();
            for line in &log[log.len().saturating_sub(REPORTED_LINES)..] {
                report += &format!("\n  log: {line}");
            }
        }
        report
    }

    fn kill(&mut self, id: u32) {
        self.nodes[id as usize] = None;
        self.generation[id as usize] = 0;
        self.outputs[id as usize] = None;
    }

    /// The next line of a live process, if one comes before `deadline`.
    fn next(&mut self, deadline: Instant) -> Option<(u32, Value)> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (node, generation, line) = self.lines.recv_timeout(left).ok()?;
            if self.generation[node as usize] != generation {
                continue;
            }
            if let Some(live) = &mut self.nodes[node as usize] {
                if live.recent.len() == REPORTED_LINES {
                    live.recent.pop_front();
                }
                live.recent.push_back(line.clone());
            }
            if line["event"] == "leader" {
                let leader = line["leader"].as_u64();
                self.outputs[node as usize] = leader;
                self.changes.push((node, leader));
            }
            return Some((node, line));
        }
    }

    /// Waits until `among` all follow one of them.
    fn agreement(&mut self, among: &[u32], limit: Duration) -> u64 {
        let deadline = Instant::now() + limit;
        loop {
            let outputs = among
                .iter()
                .map(|&n| (n, self.outputs[n as usize].map(|l| l as u32)));
            if let Some(leader) = agreed_leader(outputs) {
                return u64::from(leader);
            }
            if self.next(deadline).is_none() {
                let report = self.report();
                panic!(
                    "no agreement among {among:?} within {limit:?}: {:?}{report}",
                    self.outputs
                );
            }
        }
    }

    /// Checks that the cluster kept `leader` since `changes` was cleared:
    /// still electing it, nobody ever following another node. (With the
    /// cores saturated, a lease may lapse for a moment: a change to no leader
    /// and back is timing, not the attack.)
    fn assert_kept(&mut self, leader: u64) {
        let quiet = Instant::now() + Duration::from_secs(1);
        while self.next(quiet).is_some() {}
        assert_eq!(self.agreement(&[0, 1, 2], Duration::from_secs(5)), leader);
        assert!(
            self.changes
                .iter()
                .all(|&(_, l)| l.is_none_or(|l| l == leader)),
            "outputs changed during the attack: {:?}",
            self.changes
        );
        if !self.changes.is_empty() {
            eprintln!("note: outputs lapsed during the attack: {:?}", self.changes);
        }
    }

    /// Stops node `id` by closing its input; returns its closing counters.
    fn stop(&mut self, id: u32) -> Value {
        self.nodes[id as usize].as_mut().unwrap().stdin.take();
        let deadline = Instant::now() + Duration::from_secs(5);
        while let Some((node, line)) = self.next(deadline) {
            if node == id && line["event"] == "stats" {
                return line;
            }
        }
        panic!("node {id} printed no counters on stopping");
    }
}

fn length_prefixed(body: &[u8]) -> Vec<u8> {
    let mut bytes = (body.len() as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(body);
    bytes
}

/// Whether the node closed the connection within `limit`.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut buf = [0u8; 256];
    let deadline = Instant::now() + limit;
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {} // a hello back: read on
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false;
            }
            Err(_) => return true, // reset
        }
        if Instant::now() > deadline {
            return false;
        }
    }
}

/// 200 connections to `target` at once, each sending `first` and held for
/// half a second, then dropped.
fn flood(target: SocketAddr, first: &[u8]) {
    let flood: Vec<TcpStream> = (0..200)
        .filter_map(|_| TcpStream::connect(target).ok())
        .map(|mut s| {
            let _ = s.write_all(first);
            s
        })
        .collect();
    assert!(
        flood.len() >= 100,
        "connections refused outright: {}",
        flood.len()
    );
    thread::sleep(Duration::from_millis(500));
}

fn hello(sender: u32) -> Hello {
    Hello {
        version: VERSION,
        protocol: 0x1234_5678, // no tag the node computes for its parameters
        encoded: true,
        n: 3,
        sender,
    }
}

#[test]
fn bad_input_from_the_network_leaves_the_cluster_electing() {
    let _turn = one_cluster_at_a_time();
    // hale, encoded, EP 100 ms (L = 281 ms): a leader that keeps its lease
    // through the attack shows that the node was never stalled.
    let mut cluster = Cluster::new(3);
    for id in 0..3 {
        cluster.start(id, &["--algo", "hale", "--period", "100"]);
    }
    let leader = cluster.agreement(&[0, 1, 2], Duration::from_secs(10));
    let target = cluster.peers[leader as usize];
    cluster.changes.clear();

    let mut rng = SmallRng::seed_from_u64(8);
    let random: Vec<u8> = (0..1024).map(|_| rng.random()).collect();
    let hello_bytes = |h: Hello| length_prefixed(&Frame::Hello(h).to_bytes());
    let mut bad_magic = Frame::Hello(hello(1)).to_bytes().to_vec();
    bad_magic[1] ^= 0xff;
    let attacks: Vec<(&str, Vec<u8>, bool)> = vec![
        ("1 KiB of random bytes", random, false),
        (
            "a 4 GiB length prefix",
            vec![0xff, 0xff, 0xff, 0xff, 1, 2, 3],
            false,
        ),
        (
            "a frame one byte over 64 KiB",
            length_prefixed(&vec![0x02; 64 * 1024 + 1]),
            false,
        ),
        (
            "a truncated frame, then EOF",
            vec![0, 0, 0, 100, 0x01, b'A'],
            true,
        ),
        (
            "a message before any hello",
            length_prefixed(&[0x02, 1, 0, 0, 0, 1, 2, 3]),
            false,
        ),
        ("a hello with bad magic", length_prefixed(&bad_magic), false),
        (
            "a hello of another wire version",
            hello_bytes(Hello {
                version: VERSION + 1,
                ..hello(1)
            }),
            false,
        ),
        ("a hello of another protocol", hello_bytes(hello(1)), false),
        (
            "a hello of the plain build",
            hello_bytes(Hello {
                encoded: false,
                ..hello(1)
            }),
            false,
        ),
        (
            "a hello of another cluster size",
            hello_bytes(Hello { n: 4, ..hello(1) }),
            false,
        ),
        ("a hello from id 7 of 3", hello_bytes(hello(7)), false),
        ("an empty frame", length_prefixed(&[]), false),
        ("nothing at all (half-open)", Vec::new(), false),
    ];
    let mut bad = 0;
    for (name, bytes, eof) in &attacks {
        let mut stream = TcpStream::connect(target).unwrap();
        let _ = stream.write_all(bytes);
        if *eof {
            let _ = stream.shutdown(Shutdown::Write);
        }
        // The handshake timeout is 2 s.
        assert!(
            closed_within(&mut stream, Duration::from_secs(5)),
            "{name}: the node left the connection open"
        );
        bad += 1;
    }
    // A flood: 200 connections at once, held, then dropped.
    flood(target, &[]);

    cluster.assert_kept(leader);
    let stats = cluster.stop(leader as u32);
    assert_eq!(stats["faults"], 0, "{stats}");
    assert!(
        stats["rejected"].as_u64().unwrap() >= bad,
        "{bad} bad connections, counters {stats}"
    );
    eprintln!("the attacked node's counters: {stats}");
}

#[test]
fn nodes_configured_differently_are_refused() {
    let _turn = one_cluster_at_a_time();
    let mut cluster = Cluster::new(3);
    let good = ["--algo", "hale", "--variant", "encoded", "--period", "50"];
    cluster.start(0, &good);
    cluster.start(1, &good);
    for (what, odd) in [
        (
            "the plain build",
            &["--algo", "hale", "--variant", "plain", "--period", "50"][..],
        ),
        (
            "another period",
            &["--algo", "hale", "--variant", "encoded", "--period", "100"],
        ),
        (
            "another lease",
            &[
                "--algo",
                "hale",
                "--variant",
                "encoded",
                "--period",
                "20",
                "--lease",
                "100",
            ],
        ),
        (
            "another algorithm",
            &["--algo", "rotel4", "--variant", "encoded", "--period", "50"],
        ),
    ] {
        cluster.start(2, odd);
        assert_eq!(cluster.agreement(&[0, 1], Duration::from_secs(10)), 0);
        // Node 2 never hears its peers: it follows nobody, and they ignore it.
        let until = Instant::now() + Duration::from_millis(700);
        while let Some((node, line)) = cluster.next(until) {
            if line["event"] != "leader" {
                continue;
            }
            match node {
                2 => assert!(
                    line["leader"] == 2 || line["leader"].is_null(),
                    "{what}: node 2 followed {line}"
                ),
                // (Under heavy load their own lease may lapse for a moment.)
                _ => assert_ne!(line["leader"], 2, "{what}: node {node}: {line}"),
            }
        }
        cluster.kill(2);
    }
    // Configured alike, it joins.
    cluster.start(2, &good);
    assert_eq!(cluster.agreement(&[0, 1, 2], Duration::from_secs(10)), 0);
}

// ---------------------------------------------------------------------------
// Mutual TLS: attacks from the path and from outside the cluster.

mod tls {
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpListener, TcpStream};
    use std::path::Path;
    use std::sync::{Arc, Mutex};
    use std::thread;
    use std::time::Duration;

    use anguard::net::tls::certs::{Authority, NodeCert};
    use anguard::net::tls::node_name;
    use anguard::net::tls::rustls::pki_types::ServerName;
    use anguard::net::tls::rustls::pki_types::pem::PemObject;
    use anguard::net::tls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use anguard::net::tls::rustls::{
        ClientConfig, ClientConnection, RootCertStore, StreamOwned, crypto, version,
    };

    /// Writes node `cert`'s files where `--tls-cert DIR/node-{id}/node.crt`
    /// and `--tls-key DIR/node-{id}/node.key` find them.
    pub fn write_node(dir: &Path, cert: &NodeCert) {
        let folder = dir.join(format!("node-{}", cert.id));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("node.crt"), &cert.cert_pem).unwrap();
        std::fs::write(folder.join("node.key"), &cert.key_pem).unwrap();
    }

    /// An attacker's TLS client: it trusts the cluster's CA (which is no
    /// secret) and presents `cert`, whatever signed it.
    pub fn client(ca: &Authority, cert: &NodeCert) -> Arc<ClientConfig> {
        let mut roots = RootCertStore::empty();
        roots
            .add(CertificateDer::from_pem_slice(ca.cert_pem().as_bytes()).unwrap())
            .unwrap();
        let key = PrivateKeyDer::from_pem_slice(cert.key_pem.as_bytes()).unwrap();
        Arc::new(
            ClientConfig::builder_with_provider(Arc::new(crypto::ring::default_provider()))
                .with_protocol_versions(&[&version::TLS13])
                .unwrap()
                .with_root_certificates(roots)
                .with_client_auth_cert(vec![cert.cert_der()], key)
                .unwrap(),
        )
    }

    /// Connects to node `server` at `addr` with `config`, sends `frame`
    /// inside TLS; whether the node closed the connection without answering.
    pub fn refused(addr: SocketAddr, server: u32, config: Arc<ClientConfig>, frame: &[u8]) -> bool {
        let name = ServerName::try_from(node_name(server)).unwrap();
        let tcp = TcpStream::connect(addr).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut stream = StreamOwned::new(ClientConnection::new(config, name).unwrap(), tcp);
        if stream
            .write_all(frame)
            .and_then(|()| stream.flush())
            .is_err()
        {
            return true;
        }
        let mut buf = [0u8; 64];
        match stream.read(&mut buf) {
            Ok(0) => true,
            Ok(_) => false, // it answered: accepted
            Err(e) => !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
        }
    }

    /// A real ClientHello of `config` to node `server`.
    pub fn client_hello(server: u32, config: Arc<ClientConfig>) -> Vec<u8> {
        let name = ServerName::try_from(node_name(server)).unwrap();
        let mut client = ClientConnection::new(config, name).unwrap();
        let mut hello = Vec::new();
        while client.wants_write() {
            client.write_tls(&mut hello).unwrap();
        }
        hello
    }

    /// Forwards every connection to `listener` on to `to`, and records what
    /// the client of the first one sends.
    pub fn recording_proxy(listener: TcpListener, to: SocketAddr) -> Arc<Mutex<Vec<u8>>> {
        let record = Arc::new(Mutex::new(Vec::new()));
        let first = record.clone();
        thread::spawn(move || {
            let mut recording = Some(first);
            for client in listener.incoming() {
                let (Ok(client), Ok(server)) = (client, TcpStream::connect(to)) else {
                    continue;
                };
                let (mut client_in, mut server_out) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let (mut server_in, mut client_out) = (server, client);
                let record = recording.take();
                thread::spawn(move || {
                    let mut buf = [0u8; 4096];
                    while let Ok(n @ 1..) = client_in.read(&mut buf) {
                        if let Some(record) = &record {
                            record.lock().unwrap().extend_from_slice(&buf[..n]);
                        }
                        if server_out.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                });
                thread::spawn(move || {
                    let _ = std::io::copy(&mut server_in, &mut client_out);
                });
            }
        });
        record
    }
}

#[test]
fn tls_attacks_are_rejected_and_the_cluster_keeps_its_leader() {
    use anguard::net::tls::certs::{Authority, Validity};

    let _turn = one_cluster_at_a_time();

    // The cluster's CA and certificates; an expired one for node 2 from the
    // same CA; one for node 2 from another CA.
    let dir = std::env::temp_dir().join(format!("anguard-hostile-tls-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let ca = Authority::new("hostile test").unwrap();
    let certs: Vec<_> = (0..3)
        .map(|id| ca.issue(id, ca.validity()).unwrap())
        .collect();
    for cert in &certs {
        tls::write_node(&dir, cert);
    }
    std::fs::write(dir.join("ca.crt"), ca.cert_pem()).unwrap();
    let day = Duration::from_secs(86_400);
    let now = std::time::SystemTime::now();
    let expired = ca
        .issue(
            2,
            Validity {
                not_before: now - 30 * day,
                not_after: now - day,
            },
        )
        .unwrap();
    let rogue_ca = Authority::new("rogue").unwrap();
    let rogue = rogue_ca.issue(2, rogue_ca.validity()).unwrap();

    let at = |file: &str| dir.join(file).to_str().unwrap().to_owned();
    let (cert, key, ca_file) = (
        at("node-{id}/node.crt"),
        at("node-{id}/node.key"),
        at("ca.crt"),
    );
    let flags = [
        "--algo",
        "hale",
        "--period",
        "100",
        "--tls-cert",
        &cert,
        "--tls-key",
        &key,
        "--tls-ca",
        &ca_file,
    ];
    // Node 1 reaches node 0 through a proxy that records what node 1 sends.
    let mut cluster = Cluster::new(3);
    let proxy = node_processes::listener();
    let mut through_proxy = cluster.peers.clone();
    through_proxy[0] = proxy.local_addr().unwrap();
    let recorded = tls::recording_proxy(proxy, cluster.peers[0]);
    let peers = cluster.peers.clone();
    let log = cluster.start_with(0, &peers, &flags);
    cluster.start_with(1, &through_proxy, &flags);
    cluster.start(2, &flags);
    let leader = cluster.agreement(&[0, 1, 2], Duration::from_secs(10));
    // Let node 1 send a few messages through the recorder.
    let settle = Instant::now() + Duration::from_millis(500);
    while cluster.next(settle).is_some() {}
    cluster.changes.clear();
    let target = cluster.peers[0];

    let hello_frame = |sender: u32| length_prefixed(&Frame::Hello(hello(sender)).to_bytes());
    let mut attacks = 0;
    // What node 1 sent, replayed on a new connection.
    let replay = recorded.lock().unwrap().clone();
    assert!(replay.len() > 1000, "recorded {} bytes", replay.len());
    let mut stream = TcpStream::connect(target).unwrap();
    let _ = stream.write_all(&replay);
    assert!(
        closed_within(&mut stream, Duration::from_secs(5)),
        "a replayed session was not closed"
    );
    attacks += 1;
    // Node 1's valid certificate, claiming id 2; then certificates for node 2
    // that are expired, or from another CA.
    for (what, cert, claim, signer) in [
        ("node 1's certificate claiming id 2", &certs[1], 2, &ca),
        ("an expired certificate", &expired, 2, &ca),
        ("a certificate from another CA", &rogue, 2, &ca),
    ] {
        assert!(
            tls::refused(target, 0, tls::client(signer, cert), &hello_frame(claim)),
            "{what}: the node answered"
        );
        attacks += 1;
    }
    // Plain TCP against a TLS node.
    let mut stream = TcpStream::connect(target).unwrap();
    let _ = stream.write_all(&hello_frame(2));
    assert!(
        closed_within(&mut stream, Duration::from_secs(5)),
        "plain TCP: the node left the connection open"
    );
    attacks += 1;
    // A flood of TLS handshakes: 200 ClientHellos at once, left hanging; then
    // 30 complete handshakes one after another, with the rogue certificate.
    let rogue_client = tls::client(&ca, &rogue);
    let client_hello = tls::client_hello(0, rogue_client.clone());
    flood(target, &client_hello);
    for _ in 0..30 {
        assert!(tls::refused(
            target,
            0,
            rogue_client.clone(),
            &hello_frame(2)
        ));
    }

    cluster.assert_kept(leader);
    let stats = cluster.stop(0);
    assert_eq!(stats["faults"], 0, "{stats}");
    assert!(
        stats["rejected"].as_u64().unwrap() >= attacks + 30,
        "{attacks} attacks and 30 handshakes, counters {stats}"
    );
    // Each kind was logged, once.
    let log = log.lock().unwrap();
    for kind in [
        "undecryptable records",
        "hello of another id than the certificate's",
        "expired certificate",
        "unknown issuer",
        "not TLS",
    ] {
        let lines = log
            .iter()
            .filter(|l| l.contains(&format!("inbound connection rejected ({kind};")))
            .count();
        assert_eq!(
            lines,
            1,
            "{kind}: logged {lines} times:\n{}",
            log.join("\n")
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "the attacked node's counters: {stats}; its log:\n{}",
        log.join("\n")
    );
}
