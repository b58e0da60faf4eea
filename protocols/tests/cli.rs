//! The `anguard` command as a user runs it: real processes on real TCP
//! (loopback), elections and re-elections read off `--json` lines, and
//! configuration errors that must name the problem, exit non-zero and never
//! panic. Every child runs under a deadline and is killed if the test fails.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anguard_protocols::cluster::{Change, Processes};
use anguard_protocols::election::agreed_leader;
use serde_json::Value;

mod node_processes;
use node_processes::{free_addresses, one_cluster_at_a_time};

fn anguard() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_anguard"));
    command.env("RUST_LOG", "error");
    command
}

/// A child that is killed when dropped (a failing test leaves none behind).
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What a finished command printed.
#[derive(Debug)]
struct Output {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

fn drain(mut from: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        let _ = from.read_to_string(&mut text);
        text
    })
}

/// Runs `command` to the end, killing it (and failing) after `limit`.
fn run(mut command: Command, limit: Duration) -> Output {
    let mut child = Guard(
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the anguard binary starts"),
    );
    let stdout = drain(child.0.stdout.take().unwrap());
    let stderr = drain(child.0.stderr.take().unwrap());
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "{command:?} still ran after {limit:?}"
        );
        thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Every line of `--json` output, each checked to be an object with a
/// string field `event`.
fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line:?}"));
            assert!(
                value.get("event").is_some_and(Value::is_string),
                "a line without a string `event`: {line}"
            );
            value
        })
        .collect()
}

/// A scratch directory of this test process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("anguard-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn peer_list(addresses: &[SocketAddr]) -> String {
    addresses
        .iter()
        .map(SocketAddr::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

// ---------------------------------------------------------------------------
// `anguard cluster`: elect, kill the leader, elect another.

fn cluster_reelects(algo: &str, variant: &str) {
    let _turn = one_cluster_at_a_time();
    let mut command = anguard();
    command.args(["cluster", "--algo", algo, "--variant", variant]);
    command.args(["--n", "3", "--period", "20", "--duration", "3"]);
    command.args(["--crash-leader-at", "1.5", "--json"]);
    let out = run(command, Duration::from_secs(25));
    assert!(out.status.success(), "{out:?}");
    let lines = json_lines(&out.stdout);
    let crashes: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i]["event"] == "crash")
        .collect();
    assert_eq!(crashes.len(), 1, "exactly the leader is killed: {out:?}");
    let killed = lines[crashes[0]]["node"].as_u64().unwrap();
    // Before the crash all three followed the node that was then killed.
    for node in 0..3 {
        let last_before = lines[..crashes[0]]
            .iter()
            .rfind(|l| l["event"] == "leader" && l["node"] == node)
            .unwrap_or_else(|| panic!("node {node} reported nothing before the crash: {out:?}"));
        assert_eq!(last_before["leader"].as_u64(), Some(killed), "{out:?}");
    }
    let summary = lines.last().unwrap();
    assert_eq!(summary["event"], "summary", "{out:?}");
    assert_eq!(summary["algo"], algo);
    assert_eq!(summary["variant"], variant);
    assert_eq!(summary["n"], 3);
    assert!(summary["election_ms"].as_u64().unwrap() < 1500, "{out:?}");
    let reelection = summary["reelection_ms"].as_u64();
    assert!(reelection.is_some_and(|ms| ms < 1500), "{out:?}");
    // The survivors' first agreement after the crash is on another node.
    let survivors: Vec<u64> = (0..3).filter(|&n| n != killed).collect();
    let mut outputs: HashMap<u64, Option<u64>> = HashMap::new();
    let reelected = lines[crashes[0]..]
        .iter()
        .filter(|l| l["event"] == "leader")
        .find_map(|l| {
            outputs.insert(l["node"].as_u64().unwrap(), l["leader"].as_u64());
            let first = (*outputs.get(&survivors[0])?)?;
            survivors
                .iter()
                .all(|n| outputs.get(n) == Some(&Some(first)))
                .then_some(first)
        })
        .unwrap_or_else(|| panic!("the survivors never agreed: {out:?}"));
    assert_ne!(reelected, killed, "{out:?}");
    // `elected` and `leader` are the survivors' last outputs, if they agree.
    let last = |node: u64| {
        lines
            .iter()
            .rfind(|l| l["event"] == "leader" && l["node"] == node)
            .and_then(|l| l["leader"].as_u64())
    };
    let at_end = agreed_leader(
        survivors
            .iter()
            .map(|&n| (n as u32, last(n).map(|l| l as u32))),
    )
    .map(u64::from);
    assert_eq!(summary["elected"], at_end.is_some(), "{out:?}");
    assert_eq!(summary["leader"].as_u64(), at_end, "{out:?}");
    if at_end.is_none() {
        // Seen only with the cores saturated: a 41 ms timeout (rotel4) or a
        // 57 ms lease (hale) lapses just before the end of the run.
        eprintln!("note: the survivors' agreement lapsed before the end: {out:?}");
    }
}

#[test]
fn cluster_hale_encoded_reelects_after_the_leader_is_killed() {
    cluster_reelects("hale", "encoded");
}

#[test]
fn cluster_rotel4_encoded_reelects_after_the_leader_is_killed() {
    cluster_reelects("rotel4", "encoded");
}

#[test]
fn cluster_hale_plain_reelects_after_the_leader_is_killed() {
    cluster_reelects("hale", "plain");
}

#[test]
fn cluster_rotel4_plain_reelects_after_the_leader_is_killed() {
    cluster_reelects("rotel4", "plain");
}

/// `anguard certs --n N --out DIR`: a CA and node certificates in `dir`.
fn certs(dir: &Path, n: u32) {
    let mut command = anguard();
    command
        .args(["certs", "--n", &n.to_string(), "--out"])
        .arg(dir);
    let out = run(command, Duration::from_secs(20));
    assert!(out.status.success(), "{out:?}");
}

/// The TLS flags of node `{id}` for certificates made by [`certs`] in `dir`.
fn tls_flags(dir: &Path) -> Vec<String> {
    let at = |file: &str| dir.join(file).to_str().unwrap().to_owned();
    vec![
        "--tls-cert".into(),
        at("node-{id}/node.crt"),
        "--tls-key".into(),
        at("node-{id}/node.key"),
        "--tls-ca".into(),
        at("ca.crt"),
    ]
}

#[test]
fn cluster_with_tls_elects() {
    let _turn = one_cluster_at_a_time();
    let dir = scratch("cluster-tls").join("certs");
    let _ = std::fs::remove_dir_all(&dir);
    certs(&dir, 3);
    let mut command = anguard();
    command.args(["cluster", "--period", "20", "--duration", "1.5", "--json"]);
    command.args(tls_flags(&dir));
    command.args(["--lease", "200", "--delta", "5", "--drift-ppm", "1000"]);
    let out = run(command, Duration::from_secs(20));
    assert!(out.status.success(), "{out:?}");
    let summary = json_lines(&out.stdout).pop().unwrap();
    assert_eq!(summary["event"], "summary");
    assert_eq!(summary["elected"], true, "{out:?}");
    // No node may be elected before the restart rule's quiet period L
    // (200 ms on each node's clock; stamps taken here may lag a little).
    assert!(summary["election_ms"].as_u64().unwrap() >= 100, "{out:?}");
}

// ---------------------------------------------------------------------------
// Configuration errors: named, non-zero, no panic.

/// Runs `anguard args…` and checks that it fails with `needle` on stderr.
fn refuses(args: &[&str], needle: &str) -> Output {
    let mut command = anguard();
    command.args(args);
    let out = run(command, Duration::from_secs(15));
    assert!(!out.status.success(), "{args:?} succeeded: {out:?}");
    assert_ne!(out.status.code(), Some(101), "{args:?} panicked: {out:?}");
    assert!(
        !out.stderr.contains("panicked"),
        "{args:?} panicked: {out:?}"
    );
    assert!(
        out.stderr.contains(needle),
        "{args:?}: expected {needle:?} on stderr, got {:?}",
        out.stderr
    );
    out
}

#[test]
fn malformed_peer_lists_are_refused() {
    for (peers, needle) in [
        (
            "127.0.0.1:7000,nonsense",
            "invalid --peers: peer 1: bad address \"nonsense\"",
        ),
        ("127.0.0.1", "peer 0: bad address \"127.0.0.1\""),
        ("127.0.0.1:99999", "bad address \"127.0.0.1:99999\""),
        (",,", "the peer list is empty"),
        (
            "127.0.0.1:7000,127.0.0.1:7000",
            "peers 0 and 1 have the same address 127.0.0.1:7000",
        ),
    ] {
        refuses(&["node", "--id", "0", "--peers", peers], needle);
    }
}

#[test]
fn kv_flags_and_election_flags_are_not_mixed() {
    let peers = "127.0.0.1:7000,127.0.0.1:7001";
    let kv = ["node", "--algo", "kv", "--id", "0", "--peers", peers];
    refuses(
        &[&kv[..], &["--listen", "127.0.0.1:7000"]].concat(),
        "--algo kv does not take --listen",
    );
    refuses(
        &[&kv[..], &["--lease", "900"]].concat(),
        "--algo kv does not take --lease",
    );
    // Both replicas on 127.0.0.1 would serve clients on one port.
    refuses(&kv, "127.0.0.1:6380 is given twice");
    refuses(
        &[&kv[..], &["--clients", "127.0.0.1:6380"]].concat(),
        "2 peer addresses, 1 client addresses",
    );
    refuses(
        &[&kv[..], &["--clients", "127.0.0.1:6380,127.0.0.1:7001"]].concat(),
        "127.0.0.1:7001 is given twice",
    );
    for (flag, value) in [("--client-port", "6380"), ("--snapshot-every", "8")] {
        refuses(
            &["node", "--id", "0", "--peers", peers, flag, value],
            &format!("{flag} is a flag of --algo kv"),
        );
    }
}

#[test]
fn a_snapshot_interval_of_0_is_refused() {
    let peers = "127.0.0.1:7000,127.0.0.1:7001";
    let needle = "invalid --snapshot-every: snapshot_every must be at least 1";
    refuses(&["kv", "--snapshot-every", "0"], needle);
    refuses(&["kv", "--id", "0", "--snapshot-every", "0"], needle);
    refuses(
        &[
            "node",
            "--algo",
            "kv",
            "--id",
            "0",
            "--peers",
            peers,
            "--clients",
            "127.0.0.1:6380,127.0.0.1:6381",
            "--snapshot-every",
            "0",
        ],
        needle,
    );
}

#[test]
fn bad_peer_files_are_refused() {
    let dir = scratch("peer-files");
    let entry = |id: u32, port: u16| format!("[[peer]]\nid = {id}\naddr = \"127.0.0.1:{port}\"\n");
    let cases = [
        (
            "duplicate.toml",
            entry(0, 7000) + &entry(0, 7001) + &entry(2, 7002),
            "peer id 0 appears twice",
        ),
        (
            "missing.toml",
            entry(0, 7000) + &entry(2, 7002),
            "peer ids must be 0..2; id 1 is missing",
        ),
        ("not-toml.toml", "peers = [".to_string(), "bad peer file"),
        (
            "wrong-shape.toml",
            "peers = [\"127.0.0.1:7000\"]".to_string(),
            "bad peer file",
        ),
        (
            "empty.toml",
            "peer = []".to_string(),
            "the peer list is empty",
        ),
        (
            "bad-addr.toml",
            entry(0, 7000) + "[[peer]]\nid = 1\naddr = \"nowhere\"\n",
            "peer 1: bad address \"nowhere\"",
        ),
    ];
    for (name, text, needle) in cases {
        let path = write(&dir, name, &text);
        let path = path.to_str().unwrap();
        let out = refuses(&["node", "--id", "0", "--peers-file", path], needle);
        assert!(
            out.stderr.contains(path),
            "the error names the file: {out:?}"
        );
    }
    refuses(
        &[
            "node",
            "--id",
            "0",
            "--peers-file",
            "/nonexistent/peers.toml",
        ],
        "cannot read /nonexistent/peers.toml",
    );
    // A good file with an id outside it.
    let good = write(&dir, "good.toml", &(entry(1, 7001) + &entry(0, 7000)));
    refuses(
        &["node", "--id", "2", "--peers-file", good.to_str().unwrap()],
        "--id 2 is outside the peer list: 2 peers have ids 0..1",
    );
}

#[test]
fn an_id_outside_the_list_is_refused() {
    refuses(
        &[
            "node",
            "--id",
            "3",
            "--peers",
            "127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002",
        ],
        "--id 3 is outside the peer list: 3 peers have ids 0..2",
    );
    refuses(
        &["node", "--id", "-1", "--peers", "127.0.0.1:7000"],
        "unexpected argument '-1'",
    );
}

#[test]
fn a_port_in_use_is_refused() {
    let taken = node_processes::listener();
    let addr = taken.local_addr().unwrap();
    let other = free_addresses(1)[0];
    let peers = format!("{addr},{other}");
    let out = refuses(
        &["node", "--id", "0", "--peers", &peers],
        &format!("cannot listen on {addr}"),
    );
    assert!(
        out.stderr
            .contains("--listen ADDR sets where this node listens"),
        "the error says what to do: {out:?}"
    );
    // And on an explicit --listen.
    let peers = format!("{other},{}", free_addresses(1)[0]);
    refuses(
        &[
            "node",
            "--id",
            "0",
            "--peers",
            &peers,
            "--listen",
            &addr.to_string(),
        ],
        &format!("cannot listen on {addr}"),
    );
    drop(taken);
}

#[test]
fn unknown_flags_and_bad_values_are_refused_by_the_parser() {
    let out = refuses(
        &["node", "--id", "0", "--peers", "127.0.0.1:7000", "--bogus"],
        "unexpected argument '--bogus'",
    );
    assert_eq!(out.status.code(), Some(2), "clap's usage error");
    refuses(&["--bogus"], "unexpected argument '--bogus'");
    refuses(&["frobnicate"], "unrecognized subcommand 'frobnicate'");
    refuses(
        &[
            "node",
            "--id",
            "0",
            "--peers",
            "127.0.0.1:7000",
            "--listen",
            "nowhere",
        ],
        "invalid value 'nowhere' for '--listen <ADDR>'",
    );
    refuses(
        &["cluster", "--algo", "paxos"],
        "invalid value 'paxos' for '--algo <ALGO>'",
    );
    refuses(&["cluster", "--n", "0"], "invalid value '0' for '--n <N>'");
    refuses(&["node", "--id", "0"], "--peers <ADDRS>");
    refuses(
        &["cluster", "--duration", "3", "--crash-leader-at", "5"],
        "--crash-leader-at must lie within the run",
    );
    refuses(&["cluster", "--duration", "1e30"], "--duration is too long");
}

#[test]
fn hale_parameters_that_break_the_timing_condition_are_refused() {
    let peers = "127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002";
    let node = ["node", "--id", "0", "--peers", peers];
    let with = |extra: &[&'static str]| [&node[..], extra].concat();
    refuses(
        &with(&["--period", "100", "--lease", "140"]),
        "lease too short: EP + 2δ = 140 ms must be below L(1−ρ)/(1+ρ) = 138 ms",
    );
    refuses(
        &with(&["--period", "20", "--delta", "50", "--lease", "100"]),
        "lease too short: EP + 2δ = 120 ms",
    );
    // The default lease, 2·(EP + 2δ) + 1, is too short for a drift of 60%.
    refuses(&with(&["--drift-ppm", "600000"]), "lease too short");
    refuses(
        &with(&["--drift-ppm", "1000000"]),
        "the drift bound ρ = 1000000 ppm must be below 1000000 ppm",
    );
    refuses(
        &with(&["--lease", "2000000000"]),
        "L = 2000000000 ms exceeds",
    );
    refuses(
        &with(&["--algo", "rotel4", "--lease", "500"]),
        "--lease, --delta and --drift-ppm are hale's parameters",
    );
    // The cluster checks once, before starting any node.
    let out = refuses(
        &[
            "cluster",
            "--duration",
            "1",
            "--period",
            "50",
            "--lease",
            "70",
        ],
        "invalid hale configuration (--period 50 --lease 70 --delta 10 --drift-ppm 100): \
         lease too short: EP + 2δ = 70 ms must be below L(1−ρ)/(1+ρ) = 68 ms",
    );
    assert_eq!(out.stderr.matches("lease too short").count(), 1, "{out:?}");
}

#[test]
fn a_peer_file_names_the_tls_files() {
    let _turn = one_cluster_at_a_time();
    let dir = scratch("peer-file-tls");
    let _ = std::fs::remove_dir_all(dir.join("certs"));
    certs(&dir.join("certs"), 2);
    let addresses = free_addresses(2);
    let (a, b) = (addresses[0], addresses[1]);
    // Relative to the file's folder; {id} is each node's own.
    let file = write(
        &dir,
        "peers.toml",
        &format!(
            "tls-cert = \"certs/node-{{id}}/node.crt\"\ntls-key = \"certs/node-{{id}}/node.key\"\n\
             tls-ca = \"certs/ca.crt\"\n[[peer]]\nid = 0\naddr = \"{a}\"\n[[peer]]\nid = 1\naddr = \"{b}\"\n"
        ),
    );
    let (sender, lines) = mpsc::channel();
    let (nodes, logs): (Vec<Guard>, Vec<_>) = (0..2)
        .map(|id: u32| {
            let mut child = anguard()
                .args(["node", "--algo", "rotel4", "--period", "20", "--json"])
                .args([
                    "--exit-on-stdin-eof",
                    "--id",
                    &id.to_string(),
                    "--peers-file",
                ])
                .arg(&file)
                .current_dir("/")
                .env("RUST_LOG", "info")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let stdout = child.stdout.take().unwrap();
            let sender = sender.clone();
            thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    let _ = sender.send((id, line));
                }
            });
            let log = drain(child.stderr.take().unwrap());
            (Guard(child), log)
        })
        .unzip();
    // They agree on a leader: each heard the other over TLS (alone, each
    // would lead itself).
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut outputs = [Value::Null, Value::Null];
    while outputs[0].is_null() || outputs[0] != outputs[1] {
        let left = deadline.saturating_duration_since(Instant::now());
        let (id, line) = lines
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no agreement: {outputs:?}"));
        let value: Value = serde_json::from_str(&line).unwrap();
        if value["event"] == "leader" {
            outputs[id as usize] = value["leader"].clone();
        }
    }
    drop(nodes);
    for log in logs {
        let log = log.join().unwrap();
        assert!(log.contains("peers authenticate with mutual TLS"), "{log}");
    }
}

#[test]
fn bad_tls_files_are_refused() {
    let dir = scratch("tls-files");
    let certs_dir = dir.join("certs");
    let _ = std::fs::remove_dir_all(&certs_dir);
    certs(&certs_dir, 2);
    let garbage = write(&dir, "garbage.pem", "not PEM at all\n");
    let at = |file: &str| certs_dir.join(file).to_str().unwrap().to_owned();
    let (cert0, key0, ca) = (at("node-0/node.crt"), at("node-0/node.key"), at("ca.crt"));
    let key1 = at("node-1/node.key");
    let garbage = garbage.to_str().unwrap();
    let peers = "127.0.0.1:7000,127.0.0.1:7001";
    let node = |id: &str, cert: &str, key: &str, ca: &str| -> Vec<String> {
        [
            "node",
            "--id",
            id,
            "--peers",
            peers,
            "--tls-cert",
            cert,
            "--tls-key",
            key,
            "--tls-ca",
            ca,
        ]
        .map(String::from)
        .to_vec()
    };
    for (args, needle) in [
        (
            node("1", &cert0, &key0, &ca),
            "the certificate is not valid for node 1 (node-1.anguard)",
        ),
        (node("0", &cert0, &key1, &ca), "make no TLS configuration"),
        (node("0", garbage, &key0, &ca), "no PEM certificate"),
        (node("0", &cert0, &key0, garbage), "no PEM certificate"),
        (node("0", &cert0, garbage, &ca), "no usable private key"),
        (
            node("0", "/nonexistent/node.crt", &key0, &ca),
            "cannot read /nonexistent/node.crt",
        ),
        (
            // The CA of another cluster.
            node("0", &cert0, &key0, &cert0),
            "a certificate the CA did not sign",
        ),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refuses(&args, needle);
    }
    // One flag alone is refused by the parser; so is one path for every node of a cluster.
    refuses(
        &["node", "--id", "0", "--peers", peers, "--tls-cert", &cert0],
        "--tls-key",
    );
    refuses(
        &[
            "cluster",
            "--tls-cert",
            &cert0,
            "--tls-key",
            &key0,
            "--tls-ca",
            &ca,
        ],
        "put {id} in the --tls-cert and --tls-key paths",
    );
    // The pre-shared-key mode is gone, and says where to go.
    let key = write(&dir, "cluster.key", "a secret of more than sixteen bytes\n");
    let key = key.to_str().unwrap();
    for args in [
        &["node", "--id", "0", "--peers", peers, "--key-file", key][..],
        &["cluster", "--key-file", key],
    ] {
        refuses(args, "--key-file is no longer supported");
    }
}

// ---------------------------------------------------------------------------
// `anguard node` processes started by hand.

/// `n` node processes on loopback, node `id` given `flags(id)`, started by
/// the library's cluster harness (which the command's `cluster` uses too).
fn nodes(n: u32, flags: impl Fn(u32) -> Vec<String>) -> Processes {
    let addresses: Vec<String> = free_addresses(n as usize)
        .iter()
        .map(SocketAddr::to_string)
        .collect();
    let exe = Path::new(env!("CARGO_BIN_EXE_anguard"));
    Processes::spawn_each(exe, &addresses, |id| {
        flags(id).into_iter().map(OsString::from).collect()
    })
    .unwrap()
}

/// Waits until the nodes in `among` all follow one of them; returns it.
fn agreement(nodes: &mut Processes, among: &[u32], limit: Duration) -> u64 {
    let (leader, _) = nodes
        .wait_for_agreement_among(among, Instant::now() + limit)
        .unwrap_or_else(|| {
            panic!(
                "no agreement among {among:?} within {limit:?}: {:?}",
                nodes.outputs()
            )
        });
    u64::from(leader)
}

/// Reads changes until `done(change)` says so, or fails after `limit`.
fn until(
    nodes: &mut Processes,
    limit: Duration,
    what: &str,
    mut done: impl FnMut(&Change) -> bool,
) {
    let deadline = Instant::now() + limit;
    loop {
        let change = nodes
            .next_change(deadline)
            .unwrap_or_else(|| panic!("no {what} within {limit:?}: {:?}", nodes.outputs()));
        if done(&change) {
            return;
        }
    }
}

fn strings(flags: &[&str]) -> Vec<String> {
    flags.iter().map(|flag| flag.to_string()).collect()
}

#[test]
fn a_restarted_node_rejoins_after_its_quiet_period() {
    let _turn = one_cluster_at_a_time();
    // hale, EP 20 ms, L 400 ms: a restarted node promises nothing for 400 ms.
    let flags = ["--algo", "hale", "--period", "20", "--lease", "400"];
    let mut nodes = nodes(3, |_| strings(&flags));
    let first = agreement(&mut nodes, &[0, 1, 2], Duration::from_secs(10)) as u32;
    nodes.kill(first);
    let survivors: Vec<u32> = (0..3).filter(|&n| n != first).collect();
    let second = agreement(&mut nodes, &survivors, Duration::from_secs(10));
    assert_ne!(second, u64::from(first));
    // The killed leader comes back with fresh state.
    nodes.restart(first).unwrap();
    let mut first_support = None;
    until(
        &mut nodes,
        Duration::from_secs(15),
        "the restarted node following a leader",
        |change| {
            if let Change::Output {
                node,
                leader: Some(_),
                t_ms,
                ..
            } = *change
                && node == first
            {
                first_support = Some(t_ms);
                return true;
            }
            false
        },
    );
    let t_ms = first_support.unwrap();
    assert!(
        t_ms >= 400,
        "the restarted node followed a leader {t_ms} ms after its start, within its quiet period"
    );
    // All three agree again (hale is not stable: the lowest id may take over).
    agreement(&mut nodes, &[0, 1, 2], Duration::from_secs(10));
}

#[test]
fn nodes_with_tls_ignore_a_node_of_another_ca() {
    let _turn = one_cluster_at_a_time();
    let dir = scratch("node-tls");
    let (ours, theirs) = (dir.join("ours"), dir.join("theirs"));
    for certs_dir in [&ours, &theirs] {
        let _ = std::fs::remove_dir_all(certs_dir);
        certs(certs_dir, 3);
    }
    let flags = ["--algo", "rotel4", "--period", "50"];
    let with = |certs_dir: &Path| -> Vec<String> {
        flags
            .iter()
            .map(|f| f.to_string())
            .chain(tls_flags(certs_dir))
            .collect()
    };
    let mut nodes = nodes(3, |id| with(if id == 0 { &theirs } else { &ours }));
    // Nodes 1 and 2 cannot hear node 0: to them it is down, and rotel4 moves
    // on to a later round, led by node 1 (or by node 2, if one of them started
    // late enough to time out twice).
    agreement(&mut nodes, &[1, 2], Duration::from_secs(10));
    // Node 0 hears nobody; it leads only itself, and nobody follows it
    // (under heavy load, rotel4 may move on between nodes 1 and 2).
    let quiet = Instant::now() + Duration::from_millis(1000);
    while let Some(change) = nodes.next_change(quiet) {
        if let Change::Output { node, leader, .. } = change
            && node != 0
        {
            assert_ne!(leader, Some(0), "{node}: {leader:?}");
        }
    }
}

#[test]
fn a_node_listens_where_it_is_told() {
    let elsewhere = free_addresses(1)[0];
    let nodes = nodes(2, |id| match id {
        0 => strings(&["--listen", &elsewhere.to_string()]),
        _ => Vec::new(),
    });
    let peers: Vec<SocketAddr> = nodes
        .addresses()
        .iter()
        .map(|a| a.parse().unwrap())
        .collect();
    let reachable = |addr: SocketAddr| {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return true;
            }
            thread::sleep(Duration::from_millis(20));
        }
        false
    };
    assert!(
        reachable(elsewhere),
        "node 0 listens on --listen {elsewhere}"
    );
    assert!(
        reachable(peers[1]),
        "node 1 listens on its own address {}",
        peers[1]
    );
    assert!(
        TcpStream::connect_timeout(&peers[0], Duration::from_millis(200)).is_err(),
        "node 0 does not listen on its peer-list address {}",
        peers[0]
    );
}

// ---------------------------------------------------------------------------
// Help.

#[test]
fn every_command_has_help_with_examples() {
    for args in [
        &["--help"][..],
        &["node", "--help"],
        &["cluster", "--help"],
        &["bench", "--help"],
        &["inject", "--help"],
        &["certs", "--help"],
        &["help", "node"],
    ] {
        let mut command = anguard();
        command.args(args);
        let out = run(command, Duration::from_secs(10));
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(
            out.stdout.contains("Usage: anguard"),
            "{args:?}: {}",
            out.stdout
        );
        assert!(out.stdout.contains("Examples:"), "{args:?}: {}", out.stdout);
    }
    let mut command = anguard();
    command.args(["node", "--help"]);
    let help = run(command, Duration::from_secs(10)).stdout;
    for flag in [
        "--peers-file",
        "--listen",
        "--tls-cert",
        "--tls-key",
        "--tls-ca",
        "--lease",
        "--delta",
        "--drift-ppm",
    ] {
        assert!(help.contains(flag), "node --help lacks {flag}");
    }
}

// ---------------------------------------------------------------------------
// No node outlives its cluster.

/// The processes whose parent is `pid` (from /proc).
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&child| {
            std::fs::read_to_string(format!("/proc/{child}/stat")).is_ok_and(|stat| {
                // "pid (comm) state ppid …": comm may hold spaces, so split after ')'.
                stat.rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
                    == Some(pid)
            })
        })
        .collect()
}

/// Whether `pid` still runs (a zombie does not).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X")
    })
}

/// `anguard cluster ARGS --json`, once it has reported a leader (every
/// node runs by then), and the rest of its output.
fn cluster_with_a_leader(
    args: &[&str],
) -> (Guard, std::io::Lines<BufReader<std::process::ChildStdout>>) {
    let mut command = anguard();
    command.arg("cluster").args(args).arg("--json");
    let mut cluster = Guard(
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(cluster.0.stdout.take().unwrap()).lines();
    assert!(
        lines
            .next()
            .is_some_and(|l| l.is_ok_and(|l| l.contains("\"leader\""))),
        "the cluster reported no leader"
    );
    (cluster, lines)
}

#[test]
fn no_node_outlives_a_killed_cluster() {
    if !Path::new("/proc/self/stat").exists() {
        eprintln!("skipped: no /proc to find the node processes");
        return;
    }
    let _turn = one_cluster_at_a_time();
    let (mut cluster, _lines) = cluster_with_a_leader(&["--period", "20", "--duration", "30"]);
    let nodes = children_of(cluster.0.id());
    assert_eq!(nodes.len(), 3, "three node processes: {nodes:?}");
    // SIGKILL: the cluster cannot clean up; the nodes see their input close.
    cluster.0.kill().unwrap();
    cluster.0.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while nodes.iter().any(|&pid| running(pid)) {
        assert!(
            Instant::now() < deadline,
            "nodes outlived the cluster: {:?}",
            nodes
                .iter()
                .filter(|&&pid| running(pid))
                .collect::<Vec<_>>()
        );
        thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn a_node_stops_cleanly_on_sigint_and_sigterm() {
    for signal in ["-INT", "-TERM"] {
        let peers = peer_list(&free_addresses(1));
        let mut child = Guard(
            anguard()
                .args(["node", "--json", "--id", "0", "--peers", &peers])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
        let started = lines
            .by_ref()
            .map_while(Result::ok)
            .any(|line| line.contains(r#""event":"start""#));
        assert!(started, "{signal}: the node never started");
        let status = Command::new("kill")
            .args([signal, &child.0.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let rest: Vec<String> = lines.map_while(Result::ok).collect();
        let status = child.0.wait().unwrap();
        assert!(status.success(), "{signal}: exited with {status}");
        assert!(
            rest.iter().any(|line| line.contains(r#""event":"stats""#)),
            "{signal}: no closing counters: {rest:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Faults in live nodes, and the demo.

/// The flags of the demo's fault: seed 127 strikes `promised` in node 0
/// (the leader) after 2 s.
const DEMO_FAULT: [&str; 6] = ["--inject-at", "2", "--target", "0", "--seed", "127"];

/// A hale cluster of `variant` with the demo's fault, its `--json` lines.
fn cluster_with_a_fault(variant: &str) -> (Vec<Value>, Output) {
    let _turn = one_cluster_at_a_time();
    let mut command = anguard();
    command.args(["cluster", "--variant", variant, "--duration", "5", "--json"]);
    command.args(DEMO_FAULT);
    let out = run(command, Duration::from_secs(60));
    assert!(out.status.success(), "{out:?}");
    (json_lines(&out.stdout), out)
}

/// The one `fault-injected` line: node 0's `promised`, as the seed picks.
fn the_injection(lines: &[Value], out: &Output) -> usize {
    let injected: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i]["event"] == "fault-injected")
        .collect();
    assert_eq!(injected.len(), 1, "one fault: {out:?}");
    let fault = &lines[injected[0]];
    assert_eq!(fault["node"], 0, "{out:?}");
    assert_eq!(fault["site"], "state-word", "{out:?}");
    assert_eq!(fault["kind"], "1-bit", "{out:?}");
    assert_eq!(fault["seed"], 127, "{out:?}");
    assert_eq!(fault["field"], "promised", "{out:?}");
    assert_eq!(fault["bits"].as_array().map(Vec::len), Some(1), "{out:?}");
    injected[0]
}

#[test]
fn a_fault_in_a_plain_leader_goes_unnoticed_and_it_follows_no_process() {
    let (lines, out) = cluster_with_a_fault("plain");
    let at = the_injection(&lines, &out);
    let fault = &lines[at];
    assert_eq!(fault["before"], 0, "the leader promised itself: {out:?}");
    let after = fault["after"].as_u64().expect("a plain word stays a value");
    assert!(after >= 3, "the seed's bit names no process: {out:?}");
    // The leader then reports the corrupted value: a process that does not exist.
    assert!(
        lines[at..]
            .iter()
            .any(|l| l["event"] == "leader" && l["node"] == 0 && l["leader"] == after),
        "node 0 never followed node {after}: {out:?}"
    );
    assert!(
        !lines.iter().any(|l| l["event"] == "fault-detected"),
        "plain has no check to fail: {out:?}"
    );
}

#[test]
fn a_fault_in_an_encoded_leader_is_detected_and_the_others_reelect() {
    let (lines, out) = cluster_with_a_fault("encoded");
    let at = the_injection(&lines, &out);
    assert!(
        lines[at]["after"].is_null(),
        "no valid code word after a 1-bit flip: {out:?}"
    );
    let detected = lines[at..]
        .iter()
        .position(|l| l["event"] == "fault-detected")
        .map(|i| at + i)
        .unwrap_or_else(|| panic!("no fault-detected line: {out:?}"));
    assert_eq!(lines[detected]["node"], 0, "{out:?}");
    assert!(
        lines[detected]["what"]
            .as_str()
            .is_some_and(|w| w.contains("invalid code word")),
        "{out:?}"
    );
    // Between the strike and the detection, node 0 said nothing wrong.
    assert!(
        lines[at..detected]
            .iter()
            .all(|l| l["event"] != "leader" || l["leader"].as_u64().is_none_or(|l| l < 3)),
        "{out:?}"
    );
    let down = lines[detected..]
        .iter()
        .position(|l| l["event"] == "crash" && l["node"] == 0)
        .map(|i| detected + i)
        .unwrap_or_else(|| panic!("node 0 did not stop: {out:?}"));
    // Nodes 1 and 2 then agree on one of them.
    let mut outputs: HashMap<u64, Option<u64>> = HashMap::new();
    let reelected = lines[down..]
        .iter()
        .filter(|l| l["event"] == "leader")
        .find_map(|l| {
            outputs.insert(l["node"].as_u64()?, l["leader"].as_u64());
            let first = (*outputs.get(&1)?)?;
            (outputs.get(&2) == Some(&Some(first))).then_some(first)
        })
        .unwrap_or_else(|| panic!("nodes 1 and 2 never agreed: {out:?}"));
    assert!(reelected == 1 || reelected == 2, "{out:?}");
    assert!(
        lines
            .iter()
            .all(|l| l["event"] != "leader" || l["leader"].as_u64().is_none_or(|l| l < 3)),
        "every output names a process: {out:?}"
    );
}

#[test]
fn fault_flags_are_checked() {
    refuses(
        &["cluster", "--inject-at", "1", "--site", "message"],
        "a live node takes faults in its state only",
    );
    refuses(
        &["cluster", "--inject-at", "1", "--target", "3"],
        "--target 3 is no node",
    );
    refuses(
        &["cluster", "--inject-at", "1", "--kind", "4-bit"],
        "unknown fault kind",
    );
    refuses(&["cluster", "--inject-at=-1"], "--inject-at must be");
    refuses(&["cluster", "--seed", "3"], "--inject-at");
}

#[test]
fn the_demo_shows_plain_wrong_and_encoded_caught_and_leaves_no_process() {
    let _turn = one_cluster_at_a_time();
    let dir = scratch("demo");
    let mut command = anguard();
    command.arg("--out").arg(&dir);
    let mut demo = Guard(
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stdout = drain(demo.0.stdout.take().unwrap());
    let stderr = drain(demo.0.stderr.take().unwrap());
    // Its node processes, while they run (six, until the fault at 2.5 s).
    let mut nodes = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        for pid in children_of(demo.0.id()) {
            if !nodes.contains(&pid) {
                nodes.push(pid);
            }
        }
        if let Some(status) = demo.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the demo still ran after 60 s");
        thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    assert!(status.success(), "{status:?}\n{stdout}\n{stderr}");
    if Path::new("/proc/self/stat").exists() {
        assert_eq!(nodes.len(), 6, "three nodes of each build: {nodes:?}");
        let deadline = Instant::now() + Duration::from_secs(5);
        while nodes.iter().any(|&pid| running(pid)) {
            assert!(Instant::now() < deadline, "nodes outlived the demo");
            thread::sleep(Duration::from_millis(20));
        }
    }
    let verdict = |build: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("{build}:")))
            .unwrap_or_else(|| panic!("no verdict for {build}: {stdout}"))
    };
    let plain = verdict("plain");
    assert!(plain.contains("the fault went unnoticed"), "{stdout}");
    assert!(plain.contains("which is no process"), "{stdout}");
    let encoded = verdict("encoded");
    assert!(encoded.contains("node 0 detected the fault"), "{stdout}");
    assert!(encoded.contains("the others agreed on node"), "{stdout}");
    assert!(encoded.contains("no node gave a wrong output"), "{stdout}");
    assert!(
        stdout.contains("encoded  fault detected: node 0 stopped"),
        "{stdout}"
    );
    assert!(
        stdout.contains("bit 8 of `promised`"),
        "the fault is named: {stdout}"
    );
    let svg = std::fs::read_to_string(dir.join("demo.svg")).expect("the timeline is drawn");
    for text in [
        "hale (plain)",
        "hale (encoded)",
        "fault injected",
        "fault detected",
    ] {
        assert!(svg.contains(text), "the timeline lacks {text:?}");
    }
}

#[cfg(unix)]
#[test]
fn sigusr1_strikes_the_fault_at_once() {
    if !Path::new("/proc/self/stat").exists() {
        eprintln!("skipped: no /proc to find the node processes");
        return;
    }
    let _turn = one_cluster_at_a_time();
    let (cluster, lines) = cluster_with_a_leader(&[
        "--duration",
        "8",
        "--inject-at",
        "1000",
        "--target",
        "1",
        "--seed",
        "127",
    ]);
    let target = children_of(cluster.0.id())
        .into_iter()
        .find(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|cmdline| cmdline.windows(7).any(|w| w == b"--id\x001\x00"))
        })
        .expect("node 1 runs");
    let status = Command::new("kill")
        .args(["-USR1", &target.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let rest: Vec<Value> = lines
        .map_while(Result::ok)
        .map(|line| serde_json::from_str(&line).unwrap())
        .collect();
    let injected = rest
        .iter()
        .find(|l| l["event"] == "fault-injected")
        .unwrap_or_else(|| panic!("no fault-injected line: {rest:?}"));
    assert_eq!(injected["node"], 1, "{rest:?}");
    assert!(
        injected["t_ms"].as_u64().is_some_and(|t| t < 1_000_000),
        "struck on the signal, long before --inject-at: {rest:?}"
    );
    assert!(
        rest.iter()
            .any(|l| l["event"] == "fault-detected" && l["node"] == 1),
        "the encoded node detects it: {rest:?}"
    );
}

/// `anguard inject` says how much of each protocol's state the encoded
/// build covers, as the library's coverage report measures it.
#[test]
fn inject_prints_the_share_of_state_bits_covered() {
    let out_dir =
        std::env::temp_dir().join(format!("anguard-inject-coverage-{}", std::process::id()));
    let mut command = anguard();
    command.args(["inject", "--runs", "8", "--sites", "message", "--out"]);
    command.arg(&out_dir);
    let out = run(command, Duration::from_secs(120));
    assert!(out.status.success(), "{out:?}");
    for (algo, bits) in anguard_protocols::campaign::state_coverage() {
        let line = format!(
            "{}: encoded build covers {:.1}% of its state's bits ({} encoded, {} checked, {} plain;",
            algo.name(),
            100.0 * bits.covered(),
            bits.encoded,
            bits.checked,
            bits.plain
        );
        assert!(out.stdout.contains(&line), "{line}\n{}", out.stdout);
    }
    let _ = std::fs::remove_dir_all(out_dir);
}
