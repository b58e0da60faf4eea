//! A real network: three nodes in their own network namespaces, joined by
//! veth links to a bridge, with delay and loss from `tc netem` where the
//! kernel has it; one node is partitioned away and healed.
//!
//! Needs root and `ip`; skipped with a message otherwise. Each node runs in
//! a child process (this test binary, `netns_child`) inside its namespace.
#![cfg(feature = "net")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anguard::net::{NetConfig, NetNode, NodeHandle};
use anguard::{AnU32, node_for};
use common::Beacon;

const N: usize = 3;

/// Runs `ip`/`tc` with `args`; the error says what failed.
fn run(cmd: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .map_err(|e| format!("{cmd}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd} {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Namespaces and links, removed on drop.
struct Net {
    bridge: String,
    nodes: Vec<String>,
    ports: Vec<String>,
    subnet: String,
}

impl Net {
    fn build() -> Result<Net, String> {
        let tag = std::process::id() % 100_000;
        let net = Net {
            bridge: format!("ag{tag}br"),
            nodes: (0..N).map(|i| format!("ag{tag}n{i}")).collect(),
            ports: (0..N).map(|i| format!("ag{tag}p{i}")).collect(),
            subnet: format!("10.201.{}", tag % 250),
        };
        run("ip", &["netns", "add", &net.bridge])?;
        let br = net.bridge.as_str();
        run("ip", &["-n", br, "link", "add", "br0", "type", "bridge"])?;
        run("ip", &["-n", br, "link", "set", "br0", "up"])?;
        for i in 0..N {
            let (ns, port) = (net.nodes[i].as_str(), net.ports[i].as_str());
            let veth = format!("ag{}v{i}", std::process::id() % 100_000);
            run("ip", &["netns", "add", ns])?;
            run(
                "ip",
                &["link", "add", &veth, "type", "veth", "peer", "name", port],
            )?;
            run("ip", &["link", "set", &veth, "netns", ns])?;
            run("ip", &["link", "set", port, "netns", br])?;
            run("ip", &["-n", br, "link", "set", port, "master", "br0"])?;
            run("ip", &["-n", br, "link", "set", port, "up"])?;
            let addr = format!("{}.{}/24", net.subnet, i + 1);
            run("ip", &["-n", ns, "addr", "add", &addr, "dev", &veth])?;
            run("ip", &["-n", ns, "link", "set", &veth, "up"])?;
            run("ip", &["-n", ns, "link", "set", "lo", "up"])?;
        }
        Ok(net)
    }

    fn addr(&self, i: usize) -> SocketAddr {
        format!("{}.{}:7400", self.subnet, i + 1).parse().unwrap()
    }

    /// Adds delay and loss on every bridge port, if the kernel has netem.
    fn impair(&self) -> Result<(), String> {
        for port in &self.ports {
            run(
                "tc",
                &[
                    "-n",
                    &self.bridge,
                    "qdisc",
                    "add",
                    "dev",
                    port,
                    "root",
                    "netem",
                    "delay",
                    "5ms",
                    "2ms",
                    "loss",
                    "2%",
                ],
            )?;
        }
        Ok(())
    }

    /// Cuts node `i` off the bridge (or reconnects it).
    fn link(&self, i: usize, up: bool) {
        let state = if up { "up" } else { "down" };
        run(
            "ip",
            &["-n", &self.bridge, "link", "set", &self.ports[i], state],
        )
        .unwrap();
    }
}

impl Drop for Net {
    fn drop(&mut self) {
        for ns in self.nodes.iter().chain([&self.bridge]) {
            let _ = run("ip", &["netns", "del", ns]);
        }
    }
}

/// One node process and the output changes it prints.
struct NodeProc {
    child: Child,
}

fn start_node(net: &Net, id: usize, reports: mpsc::Sender<(usize, Option<u32>)>) -> NodeProc {
    let peers: Vec<String> = (0..N).map(|i| net.addr(i).to_string()).collect();
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new("ip")
        .args(["netns", "exec", &net.nodes[id]])
        .arg(exe)
        .args(["--exact", "netns_child", "--ignored", "--nocapture"])
        .env("ANGUARD_NETNS_ID", id.to_string())
        .env("ANGUARD_NETNS_PEERS", peers.join(","))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("report ") {
                let leader = rest.parse::<u32>().ok();
                let _ = reports.send((id, leader));
            }
        }
    });
    NodeProc { child }
}

impl NodeProc {
    fn stop(mut self) {
        drop(self.child.stdin.take()); // the child stops on EOF
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Collects output changes until `want` holds of the outputs, or 10 s pass.
fn await_outputs(
    rx: &mpsc::Receiver<(usize, Option<u32>)>,
    outputs: &mut [Option<u32>; N],
    want: [Option<u32>; N],
) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while *outputs != want {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((node, leader)) => {
                assert!(leader.is_none_or(|l| (l as usize) < N), "{leader:?}");
                outputs[node] = leader;
            }
            Err(_) => return false,
        }
    }
    true
}

#[test]
fn three_namespaces_partition_and_heal() {
    if std::env::var_os("ANGUARD_NETNS_ID").is_some() {
        return;
    }
    let net = match Net::build() {
        Ok(net) => net,
        Err(why) => {
            println!("skipped: network namespaces unavailable here ({why})");
            return;
        }
    };
    match net.impair() {
        Ok(()) => println!("links: 5±2 ms delay, 2 % loss (netem)"),
        Err(why) => println!("no delay or loss: netem unavailable here ({why})"),
    }
    let (tx, rx) = mpsc::channel();
    let nodes: Vec<NodeProc> = (0..N).map(|i| start_node(&net, i, tx.clone())).collect();
    let mut outputs = [None; N];
    assert!(
        await_outputs(&rx, &mut outputs, [Some(0); N]),
        "no election: {outputs:?}"
    );
    net.link(0, false);
    assert!(
        await_outputs(&rx, &mut outputs, [Some(0), Some(1), Some(1)]),
        "partition: {outputs:?}"
    );
    net.link(0, true);
    assert!(
        await_outputs(&rx, &mut outputs, [Some(0); N]),
        "heal: {outputs:?}"
    );
    for node in nodes {
        node.stop();
    }
}

/// A node process of the test above (run only by it, inside a namespace).
#[test]
#[ignore = "run by three_namespaces_partition_and_heal"]
fn netns_child() {
    let Ok(id) = std::env::var("ANGUARD_NETNS_ID") else {
        return;
    };
    let id: u32 = id.parse().unwrap();
    let peers =
        anguard::net::config::parse_peers(&std::env::var("ANGUARD_NETNS_PEERS").unwrap()).unwrap();
    let config = NetConfig {
        backoff_min: Duration::from_millis(20),
        backoff_max: Duration::from_millis(200),
        handshake_timeout: Duration::from_millis(500),
        ..NetConfig::new(id, peers)
    };
    let handle = NodeHandle::new();
    let stopper = handle.clone();
    std::thread::spawn(move || {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        stopper.shutdown();
    });
    NetNode::new(config, node_for(Beacon::<AnU32>::new(20)))
        .unwrap()
        .with_handle(handle)
        .on_report(|r| {
            let mut out = std::io::stdout().lock();
            match r.leader {
                Some(l) => writeln!(out, "report {l}"),
                None => writeln!(out, "report none"),
            }
            .unwrap();
            out.flush().unwrap();
        })
        .run_blocking(None)
        .unwrap();
}
