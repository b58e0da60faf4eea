//! Node processes on loopback: their JSON outputs read on background
//! threads, stamped on arrival and merged.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{self, BufRead, BufReader};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::election::{Outputs, agreed_leader};
use crate::live_fault::FaultReport;

/// Why a cluster could not start.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("no free port on 127.0.0.1: {0}")]
    NoFreePort(#[source] io::Error),
    #[error("cannot start node {node}: {source}")]
    Spawn {
        node: u32,
        #[source]
        source: io::Error,
    },
    #[error("{waiting} node(s) did not start within {secs} s")]
    NotStarted { waiting: usize, secs: u64 },
    #[error("node {0} exited while starting")]
    ExitedWhileStarting(u32),
}

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
    /// A node's protocol started (after a restart).
    Started { node: u32, at: Instant },
    /// A node's output changed.
    Output {
        node: u32,
        leader: Option<u32>,
        /// When it was read.
        at: Instant,
        /// The node's own time of the change, from its start.
        t_ms: u64,
    },
    /// A fault was struck into a node's state.
    FaultInjected {
        node: u32,
        at: Instant,
        fault: FaultReport,
    },
    /// A node's checks found a corrupted word; it stops.
    FaultDetected {
        node: u32,
        at: Instant,
        what: String,
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
        t_ms: u64,
    },
    Stats(NodeStats),
    #[serde(rename = "fault-injected")]
    FaultInjected(FaultReport),
    #[serde(rename = "fault-detected")]
    FaultDetected {
        what: String,
    },
    #[serde(other)]
    Other,
}

/// How long a node waits for connections to all its peers before it starts
/// its protocol anyway.
const START_GATE: Duration = Duration::from_secs(5);

/// `n` addresses on 127.0.0.1: `base + i`, or free ports picked by the OS.
pub fn loopback_addresses(n: u32, base: Option<u16>) -> Result<Vec<String>, ClusterError> {
    match base {
        Some(base) => Ok((0..n)
            .map(|i| format!("127.0.0.1:{}", u32::from(base) + i))
            .collect()),
        None => {
            // Hold every listener until all ports are known, so they differ.
            let listeners = (0..n)
                .map(|_| TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))
                .collect::<Result<Vec<_>, _>>()
                .map_err(ClusterError::NoFreePort)?;
            listeners
                .iter()
                .map(|l| {
                    Ok(l.local_addr()
                        .map_err(ClusterError::NoFreePort)?
                        .to_string())
                })
                .collect()
        }
    }
}

/// The node processes of one cluster. Dropping it kills whatever still runs;
/// and as every node exits when its standard input closes, none outlives
/// this process even if it is killed.
#[derive(Debug)]
pub struct Processes {
    exe: PathBuf,
    /// Each node's own flags.
    flags: Vec<Vec<OsString>>,
    addresses: Vec<String>,
    children: Vec<(Child, Option<ChildStdin>)>,
    /// Each node's process generation: a line's, to tell a killed node's
    /// late lines from its successor's.
    generations: Vec<u64>,
    sender: mpsc::Sender<(u32, u64, Instant, Line)>,
    lines: mpsc::Receiver<(u32, u64, Instant, Line)>,
    /// Lines read while waiting for the protocols to start.
    pending: VecDeque<(u32, u64, Instant, Line)>,
    outputs: Outputs,
    started: Instant,
    /// Whether the nodes' standard error is the caller's.
    stderr: bool,
}

impl Processes {
    /// Starts one `exe node` per address (`exe` is the `anguard` binary),
    /// each given `flags` (see [`node_flags`](super::node_flags)), and waits
    /// until every node's protocol has started.
    pub fn spawn(
        exe: &Path,
        flags: &[OsString],
        addresses: &[String],
    ) -> Result<Self, ClusterError> {
        Self::spawn_each(exe, addresses, |_| flags.to_vec())
    }

    /// Like [`spawn`](Self::spawn), the nodes' standard error discarded:
    /// for a caller that shows what the nodes report on their output only.
    pub fn spawn_quiet(
        exe: &Path,
        flags: &[OsString],
        addresses: &[String],
    ) -> Result<Self, ClusterError> {
        Self::spawn_with(exe, addresses, |_| flags.to_vec(), false)
    }

    /// Like [`spawn`](Self::spawn), node `id` given flags `flags(id)`.
    pub fn spawn_each(
        exe: &Path,
        addresses: &[String],
        flags: impl Fn(u32) -> Vec<OsString>,
    ) -> Result<Self, ClusterError> {
        Self::spawn_with(exe, addresses, flags, true)
    }

    fn spawn_with(
        exe: &Path,
        addresses: &[String],
        flags: impl Fn(u32) -> Vec<OsString>,
        stderr: bool,
    ) -> Result<Self, ClusterError> {
        let (sender, lines) = mpsc::channel();
        let n = addresses.len();
        let mut processes = Self {
            exe: exe.to_path_buf(),
            flags: (0..n as u32).map(flags).collect(),
            addresses: addresses.to_vec(),
            children: Vec::with_capacity(n),
            generations: vec![0; n],
            outputs: Outputs::new(n as u32),
            sender,
            lines,
            pending: VecDeque::new(),
            started: Instant::now(),
            stderr,
        };
        for id in 0..n as u32 {
            let child = processes.start_node(id)?;
            processes.children.push(child);
        }
        processes.wait_for_protocols()?;
        Ok(processes)
    }

    /// Starts node `id`'s process; its lines arrive on `lines`.
    fn start_node(&mut self, id: u32) -> Result<(Child, Option<ChildStdin>), ClusterError> {
        // Nodes log errors only, unless the user asked for more.
        let log_filter = std::env::var("RUST_LOG").unwrap_or_else(|_| "error".into());
        let mut child = Command::new(&self.exe)
            .arg("node")
            .args(["--id", &id.to_string()])
            .args(["--peers", &self.addresses.join(",")])
            .args(["--json", "--exit-on-stdin-eof"])
            .args(["--start-gate-ms", &START_GATE.as_millis().to_string()])
            .args(&self.flags[id as usize])
            .env("RUST_LOG", &log_filter)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if self.stderr {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .map_err(|source| ClusterError::Spawn { node: id, source })?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let stdin = child.stdin.take();
        self.generations[id as usize] += 1;
        let generation = self.generations[id as usize];
        let sender = self.sender.clone();
        thread::spawn(move || read_events(id, generation, stdout, sender));
        Ok((child, stdin))
    }

    /// Restarts node `id` (killing it first if it runs) with fresh state;
    /// its protocol starts once it is connected to every peer.
    pub fn restart(&mut self, id: u32) -> Result<(), ClusterError> {
        self.kill(id);
        self.children[id as usize] = self.start_node(id)?;
        self.outputs.restart(id);
        Ok(())
    }

    /// Waits until every node's protocol has started (each node first
    /// connects to all its peers), and takes the last start as time zero.
    fn wait_for_protocols(&mut self) -> Result<(), ClusterError> {
        let deadline = Instant::now() + START_GATE + Duration::from_secs(5);
        let mut waiting = self.children.len();
        while waiting > 0 {
            let timeout = deadline.saturating_duration_since(Instant::now());
            let Ok((node, generation, at, line)) = self.lines.recv_timeout(timeout) else {
                return Err(ClusterError::NotStarted {
                    waiting,
                    secs: START_GATE.as_secs() + 5,
                });
            };
            match line {
                Line::Event(NodeEvent::Start) => {
                    waiting -= 1;
                    self.started = at;
                }
                Line::Closed => return Err(ClusterError::ExitedWhileStarting(node)),
                line => self.pending.push_back((node, generation, at, line)),
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

    /// Every node's address, by id.
    pub fn addresses(&self) -> &[String] {
        &self.addresses
    }

    /// The operating-system process ids of the nodes.
    pub fn pids(&self) -> Vec<u32> {
        self.children.iter().map(|(child, _)| child.id()).collect()
    }

    /// The next change, or `None` if there is none before `until`.
    pub fn next_change(&mut self, until: Instant) -> Option<Change> {
        loop {
            let (node, generation, at, line) = match self.pending.pop_front() {
                Some(line) => line,
                None => {
                    let timeout = until.saturating_duration_since(Instant::now());
                    self.lines.recv_timeout(timeout).ok()?
                }
            };
            if generation != self.generations[node as usize] {
                continue; // a killed process's last lines
            }
            let up = self.outputs.is_up(node);
            match line {
                Line::Event(NodeEvent::Start) => return Some(Change::Started { node, at }),
                Line::Event(NodeEvent::Leader { leader, t_ms })
                    if up && self.outputs.set(node, leader) =>
                {
                    return Some(Change::Output {
                        node,
                        leader,
                        at,
                        t_ms,
                    });
                }
                Line::Event(NodeEvent::Stats(stats)) => return Some(Change::Stats { node, stats }),
                Line::Event(NodeEvent::FaultInjected(fault)) => {
                    return Some(Change::FaultInjected { node, at, fault });
                }
                Line::Event(NodeEvent::FaultDetected { what }) => {
                    return Some(Change::FaultDetected { node, at, what });
                }
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
        self.wait_until(until, Outputs::agreed)
    }

    /// Waits until the nodes `among` all follow one of them (whatever the
    /// others do), and returns it.
    pub fn wait_for_agreement_among(
        &mut self,
        among: &[u32],
        until: Instant,
    ) -> Option<(u32, Instant)> {
        self.wait_until(until, |outputs| {
            agreed_leader(among.iter().map(|&n| (n, outputs.outputs()[n as usize])))
        })
    }

    /// Waits until `leader` of the outputs names one, as of a change of output.
    fn wait_until(
        &mut self,
        until: Instant,
        leader: impl Fn(&Outputs) -> Option<u32>,
    ) -> Option<(u32, Instant)> {
        loop {
            if let Some(leader) = leader(&self.outputs) {
                return Some((leader, Instant::now()));
            }
            if let Change::Output { at, .. } = self.next_change(until)?
                && let Some(leader) = leader(&self.outputs)
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
        self.generations[id as usize] += 1;
        self.outputs.crash(id);
    }

    /// Asks every node to stop (their stdin closes) and collects the counters
    /// of those that stop within 3 s; kills the others.
    pub fn shutdown(&mut self) -> Vec<(u32, NodeStats)> {
        for (_, stdin) in &mut self.children {
            stdin.take();
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        let mut stats = Vec::new();
        // Every line of a node has been read once its output has closed
        // (a node that is up reports that as `Exited`).
        let mut open = self.outputs.up_count();
        while open > 0
            && let Some(change) = self.next_change(deadline)
        {
            match change {
                Change::Stats { node, stats: s } => stats.push((node, s)),
                Change::Exited { .. } => open -= 1,
                Change::Started { .. }
                | Change::Output { .. }
                | Change::FaultInjected { .. }
                | Change::FaultDetected { .. } => {}
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

/// Forwards the JSON lines of process `generation` of node `id`, then the
/// end of its output.
fn read_events(
    id: u32,
    generation: u64,
    stdout: ChildStdout,
    sender: mpsc::Sender<(u32, u64, Instant, Line)>,
) {
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        match serde_json::from_str::<NodeEvent>(&line) {
            Ok(NodeEvent::Other) => {}
            Ok(event) => {
                if sender
                    .send((id, generation, Instant::now(), Line::Event(event)))
                    .is_err()
                {
                    return;
                }
            }
            Err(error) => tracing::warn!(node = id, %error, line, "unreadable line from a node"),
        }
    }
    let _ = sender.send((id, generation, Instant::now(), Line::Closed));
}
