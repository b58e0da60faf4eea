//! Hostile input against real `anguard node` processes: bytes that are no
//! frames, frames that are no handshake, handshakes of another cluster, a
//! flood of connections, and whole nodes configured differently. Each bad
//! connection must be closed, the node must go on electing, and its closing
//! counters must show the rejections and no fault.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anguard::net::frame::{Frame, Hello, VERSION};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

/// A node process, killed when dropped.
struct Node {
    child: Child,
    stdin: Option<ChildStdin>,
}

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
        let listeners: Vec<TcpListener> = (0..n)
            .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
            .collect();
        let (sender, lines) = mpsc::channel();
        Cluster {
            peers: listeners.iter().map(|l| l.local_addr().unwrap()).collect(),
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
        let peers: Vec<String> = self.peers.iter().map(SocketAddr::to_string).collect();
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
            .env("RUST_LOG", "off")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
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
        self.nodes[id as usize] = Some(Node { child, stdin });
        self.generation[id as usize] = generation;
        self.outputs[id as usize] = None;
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
            let first = self.outputs[among[0] as usize];
            if let Some(leader) = first
                && among.contains(&(leader as u32))
                && among.iter().all(|&n| self.outputs[n as usize] == first)
            {
                return leader;
            }
            if self.next(deadline).is_none() {
                panic!(
                    "no agreement among {among:?} within {limit:?}: {:?}",
                    self.outputs
                );
            }
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
    let flood: Vec<TcpStream> = (0..200)
        .filter_map(|_| TcpStream::connect(target).ok())
        .collect();
    assert!(
        flood.len() >= 100,
        "connections refused outright: {}",
        flood.len()
    );
    thread::sleep(Duration::from_millis(500));
    drop(flood);

    // Still electing: the same leader, nobody ever following another node.
    // (With the cores saturated, a lease may lapse for a moment: a change to
    // no leader and back is timing, not the attack.)
    let quiet = Instant::now() + Duration::from_secs(1);
    while cluster.next(quiet).is_some() {}
    assert_eq!(
        cluster.agreement(&[0, 1, 2], Duration::from_secs(5)),
        leader
    );
    assert!(
        cluster
            .changes
            .iter()
            .all(|&(_, l)| l.is_none_or(|l| l == leader)),
        "outputs changed during the attack: {:?}",
        cluster.changes
    );
    if !cluster.changes.is_empty() {
        eprintln!(
            "note: outputs lapsed during the attack: {:?}",
            cluster.changes
        );
    }
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
            &["--algo", "hale", "--variant", "encoded", "--period", "50"],
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
