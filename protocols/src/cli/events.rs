//! What the command prints: one JSON object per line with `--json`, text
//! otherwise. The JSON shapes are a stable interface: scripts read them.

use anguard_protocols::live_fault::FaultReport;
use serde::Serialize;

use super::{Algo, Variant};

/// One line of output.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum Event {
    /// A node's protocol started.
    Start { node: u32 },
    /// A node's output changed.
    Leader {
        t_ms: u64,
        node: u32,
        leader: Option<u32>,
    },
    /// A fault was struck into a node's protocol state.
    #[serde(rename = "fault-injected")]
    FaultInjected {
        t_ms: u64,
        node: u32,
        #[serde(flatten)]
        fault: FaultReport,
    },
    /// A node's checks found a corrupted word: the node stops.
    #[serde(rename = "fault-detected")]
    FaultDetected { t_ms: u64, node: u32, what: String },
    /// A node went down: killed by the command, or exited by itself.
    Crash { t_ms: u64, node: u32, cause: String },
    /// A node's counters, when it stops.
    Stats {
        node: u32,
        sent: u64,
        sent_bytes: u64,
        received: u64,
        discarded: u64,
        dropped: u64,
        rejected: u64,
        faults: u64,
    },
    /// The end of a cluster run.
    Summary {
        algo: Algo,
        variant: Variant,
        n: u32,
        elected: bool,
        leader: Option<u32>,
        election_ms: Option<u64>,
        reelection_ms: Option<u64>,
    },
}

/// Prints events as JSON lines or as text for a person.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub json: bool,
}

impl Printer {
    pub fn emit(&self, event: &Event) {
        if self.json {
            println!(
                "{}",
                serde_json::to_string(event).expect("events serialize")
            );
        } else {
            println!("{}", human(event));
        }
    }

    /// A line for people only (headers, explanations); nothing in JSON mode.
    pub fn note(&self, text: impl AsRef<str>) {
        if !self.json {
            println!("{}", text.as_ref());
        }
    }
}

fn leader_name(leader: Option<u32>) -> String {
    leader.map_or_else(|| "nobody".to_string(), |l| format!("node {l}"))
}

fn human(event: &Event) -> String {
    match event {
        Event::Start { node } => format!("node {node} started"),
        Event::Leader { t_ms, node, leader } => {
            format!(
                "{:>8.3} s  node {node} follows {}",
                *t_ms as f64 / 1e3,
                leader_name(*leader)
            )
        }
        Event::FaultInjected { t_ms, node, fault } => format!(
            "{:>8.3} s  node {node}: fault injected: {} {}, {}",
            *t_ms as f64 / 1e3,
            fault.site,
            fault.kind,
            fault.what
        ),
        Event::FaultDetected { t_ms, node, what } => format!(
            "{:>8.3} s  fault detected: node {node} stopped ({what})",
            *t_ms as f64 / 1e3
        ),
        Event::Crash { t_ms, node, cause } => {
            format!(
                "{:>8.3} s  node {node} is down ({cause})",
                *t_ms as f64 / 1e3
            )
        }
        Event::Stats {
            node,
            sent,
            sent_bytes,
            received,
            discarded,
            dropped,
            rejected,
            faults,
        } => format!(
            "node {node} stopped: sent {sent} messages ({sent_bytes} bytes), received {received}, \
             discarded {discarded} invalid, dropped {dropped} unroutable, rejected {rejected} frames, \
             {faults} faults detected"
        ),
        Event::Summary {
            algo,
            variant,
            n,
            elected,
            leader,
            election_ms,
            reelection_ms,
        } => {
            let mut text = format!("\n{} ({}), {n} nodes: ", algo.name(), variant.name());
            match election_ms {
                Some(ms) => text += &format!("all nodes agreed on a leader after {ms} ms"),
                None => text += "the nodes never agreed on a leader",
            }
            if let Some(ms) = reelection_ms {
                text += &format!("; after the crash, on a new one within {ms} ms");
            }
            text += &match (elected, leader) {
                (true, Some(l)) => format!("; at the end all follow node {l}."),
                _ => "; at the end they do not agree.".to_string(),
            };
            text
        }
    }
}
