//! Node processes on loopback, started by `cluster` and `bench`: their JSON
//! outputs read on background threads, stamped on arrival and merged.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, TcpListener};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Deserialize;

use super::ProtocolArgs;
use super::election::Outputs;

/// The counters a node prints when it stops.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct NodeStats {
    pub sent: u64,
    pub sent_bytes: u64,
    pub discarded: u64,
    pub faults: u64,
}

/// What happened in the cluster, in the order it was seen.
#[derive(Debug)]
pub enum Change {
    /// A node's output changed.
    Output {
        node: u32,
        leader: Option<u32>,
        at: Instant,
    },
    /// A node's process ended without being told to.
    Exited { node: u32, at: Instant },
    /// A node's closing counters.
    Stats { node: u32, stats: NodeStats },
}

/// The lines of a node's JSON output that matter here.
#[derive(Debug, Deserialize)]
#[serde(tag = "event", rename_all = "lowercase")]
enum NodeEvent {
    /// The node's protocol started.
    Start,
    Leader {
        leader: Option<u32>,
    },
    Stats(NodeStats),
    #[serde(other)]
    Other,
}

/// How long a node waits for connections to all its peers before it starts
/// its protocol anyway.
const START_GATE: Duration = Duration::from_secs(5);

/// `n` addresses on 127.0.0.1: `base + i`, or free ports picked by the OS.
pub fn loopback_addresses(n: u32, base: Option<u16>) -> anyhow::Result<Vec<String>> {
    match base {
        Some(base) => Ok((0..n)
            .map(|i| format!("127.0.0.1:{}", u32::from(base) + i))
            .collect()),
        None => {
            // Hold every listener until all ports are known, so they differ.
            let listeners = (0..n)
                .map(|_| TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))
                .collect::<Result<Vec<_>, _>>()
                .context("no free port on 127.0.0.1")?;
            listeners
                .iter()
                .map(|l| Ok(l.local_addr()?.to_string()))
                .collect()
        }
    }
}

/// The node processes of one cluster. Dropping it kills whatever still runs;
/// and as every node exits when its standard input closes, none outlives
/// this process even if it is killed.
#[derive(Debug)]
pub struct Processes {
    children: Vec<(Child, Option<ChildStdin>)>,
    lines: mpsc::Receiver<(u32, Instant, Line)>,
    /// Lines read while waiting for the protocols to start.
    pending: VecDeque<(u32, Instant, Line)>,
    outputs: Outputs,
    started: Instant,
}

impl Processes {
    /// Starts one `anguard node` per address, each also given `extra` flags.
    pub fn spawn_with(
        protocol: &ProtocolArgs,
        addresses: &[String],
        extra: &[std::ffi::OsString],
    ) -> anyhow::Result<Self> {
        let exe = std::env::current_exe().context("cannot find the anguard executable")?;
        let (sender, lines) = mpsc::channel();
        // Nodes log errors only, unless the user asked for more.
        let log_filter = std::env::var("RUST_LOG").unwrap_or_else(|_| "error".into());
        let mut children = Vec::with_capacity(addresses.len());
        for id in 0..addresses.len() as u32 {
            let mut child = Command::new(&exe)
                .arg("node")
                .args(["--algo", protocol.algo.name()])
                .args(["--variant", protocol.variant.name()])
                .args(["--period", &protocol.period.to_string()])
                .args(["--id", &id.to_string()])
                .args(["--peers", &addresses.join(",")])
                .args(["--json", "--exit-on-stdin-eof"])
                .args(["--start-gate-ms", &START_GATE.as_millis().to_string()])
                .args(extra)
                .env("RUST_LOG", &log_filter)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .with_context(|| format!("cannot start node {id}"))?;
            let stdout = child.stdout.take().expect("stdout is piped");
            let stdin = child.stdin.take();
            children.push((child, stdin));
            let sender = sender.clone();
            thread::spawn(move || read_events(id, stdout, sender));
        }
        let mut processes = Self {
            outputs: Outputs::new(addresses.len() as u32),
            children,
            lines,
            pending: VecDeque::new(),
            started: Instant::now(),
        };
        processes.wait_for_protocols()?;
        Ok(processes)
    }

    /// Waits until every node's protocol has started (each node first
    /// connects to all its peers), and takes the last start as time zero.
    fn wait_for_protocols(&mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + START_GATE + Duration::from_secs(5);
        let mut waiting = self.children.len();
        while waiting > 0 {
            let timeout = deadline.saturating_duration_since(Instant::now());
            let Ok((node, at, line)) = self.lines.recv_timeout(timeout) else {
                anyhow::bail!(
                    "{waiting} node(s) did not start within {} s",
                    START_GATE.as_secs() + 5
                );
            };
            match line {
                Line::Event(NodeEvent::Start) => {
                    waiting -= 1;
                    self.started = at;
                }
                Line::Closed => anyhow::bail!("node {node} exited while starting"),
                line => self.pending.push_back((node, at, line)),
            }
        }
        Ok(())
    }

    /// When the protocols had all started: time zero of the run.
    pub fn started(&self) -> Instant {
        self.started
    }

    /// The nodes' current outputs.
    pub fn outputs(&self) -> &Outputs {
        &self.outputs
    }

    /// The operating-system process ids of the nodes.
    pub fn pids(&self) -> Vec<u32> {
        self.children.iter().map(|(child, _)| child.id()).collect()
    }

    /// The next change, or `None` if there is none before `until`.
    pub fn next_change(&mut self, until: Instant) -> Option<Change> {
        loop {
            let (node, at, line) = match self.pending.pop_front() {
                Some(line) => line,
                None => {
                    let timeout = until.saturating_duration_since(Instant::now());
                    self.lines.recv_timeout(timeout).ok()?
                }
            };
            let up = self.outputs.is_up(node);
            match line {
                Line::Event(NodeEvent::Leader { leader })
                    if up && self.outputs.set(node, leader) =>
                {
                    return Some(Change::Output { node, leader, at });
                }
                Line::Event(NodeEvent::Stats(stats)) => return Some(Change::Stats { node, stats }),
                Line::Closed if up => {
                    self.outputs.crash(node);
                    return Some(Change::Exited { node, at });
                }
                _ => {}
            }
        }
    }

    /// Waits until every node that is up agrees on a leader that is up.
    pub fn wait_for_agreement(&mut self, until: Instant) -> Option<(u32, Instant)> {
        loop {
            if let Some(leader) = self.outputs.agreed() {
                return Some((leader, Instant::now()));
            }
            if let Change::Output { at, .. } = self.next_change(until)?
                && let Some(leader) = self.outputs.agreed()
            {
                return Some((leader, at));
            }
        }
    }

    /// Kills node `id` at once (SIGKILL), as a crash.
    pub fn kill(&mut self, id: u32) {
        let (child, stdin) = &mut self.children[id as usize];
        stdin.take();
        let _ = child.kill();
        let _ = child.wait();
        self.outputs.crash(id);
    }

    /// Asks every node to stop (their stdin closes) and collects the counters
    /// of those that stop in time; kills the others.
    pub fn shutdown(&mut self) -> Vec<(u32, NodeStats)> {
        for (_, stdin) in &mut self.children {
            stdin.take();
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        let mut stats = Vec::new();
        while let Some(change) = self.next_change(deadline) {
            if let Change::Stats { node, stats: s } = change {
                stats.push((node, s));
            }
            let all_done = self
                .children
                .iter_mut()
                .all(|(child, _)| !matches!(child.try_wait(), Ok(None)));
            if all_done && stats.len() >= self.outputs.up_count() {
                break;
            }
        }
        self.kill_all();
        stats
    }

    fn kill_all(&mut self) {
        for (child, stdin) in &mut self.children {
            stdin.take();
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        self.kill_all();
    }
}

/// A line of a node's output, or the end of it.
#[derive(Debug)]
enum Line {
    Event(NodeEvent),
    Closed,
}

/// Forwards node `id`'s JSON lines, then the end of its output.
fn read_events(id: u32, stdout: ChildStdout, sender: mpsc::Sender<(u32, Instant, Line)>) {
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        match serde_json::from_str::<NodeEvent>(&line) {
            Ok(NodeEvent::Other) => {}
            Ok(event) => {
                if sender
                    .send((id, Instant::now(), Line::Event(event)))
                    .is_err()
                {
                    return;
                }
            }
            Err(error) => tracing::warn!(node = id, %error, line, "unreadable line from a node"),
        }
    }
    let _ = sender.send((id, Instant::now(), Line::Closed));
}
