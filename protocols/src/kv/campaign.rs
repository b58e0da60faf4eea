//! The store under `anguard::campaign`: both builds, a fixed client workload
//! in every run, and the store's properties. A faulty run is silent data
//! corruption if a read returns a value never written or superseded, an
//! acknowledged write is lost (both: the history is not linearizable), a
//! request is answered twice differently or one never made is answered, or
//! two replicas applied different entries at one index.

use std::collections::{BTreeMap, BTreeSet};

use anguard::campaign::{Build, Properties, ScheduledInput, Target};
use anguard::sim::{Event, LinkConfig, SimConfig, Trace};
use anguard::{Hardening, payload};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::durable::Output;
use super::linearizable::{Op, check};
use super::raft::{encoded, plain};
use super::{Command, Effect, KvConfig, Reply, Request};
use crate::algo::Variant;
use crate::campaign::build_name;

/// Replicas per run.
pub const NODES: u32 = 3;

/// The replicas' configuration: heartbeats every 20 ms, elections after
/// 100–200 ms, batches of 16, 4 appends in flight.
pub fn config() -> KvConfig {
    KvConfig::new(NODES, 20, 100, 200, 16, 4).expect("a valid configuration")
}

/// How runs are simulated: links of 0.5 to 3 ms.
pub fn sim_config() -> SimConfig {
    SimConfig {
        n: NODES,
        link: LinkConfig {
            delay_min_us: 500,
            delay_max_us: 3_000,
            ..LinkConfig::default()
        },
        ..SimConfig::default()
    }
}

/// The workload of a run of `run_us`: from 0.5 s on, every 10 ms a request
/// (a GET, SET, DEL or INCR on one of 2 keys, from one of 3 clients in
/// turn) given to every replica (all but the leader answer `Moved`), and a
/// final read of each key 200 ms before the end.
pub fn workload(run_us: u64) -> Vec<(u64, Request)> {
    let mut rng = SmallRng::seed_from_u64(0x6b76);
    let mut requests = Vec::new();
    let mut seq = [0u64; 3];
    let last = run_us.saturating_sub(300_000);
    let mut t = 500_000;
    while t < last {
        let client = (t / 10_000) % 3;
        seq[client as usize] += 1;
        let key = format!("k{}", rng.random_range(0..2)).into_bytes();
        let command = match rng.random_range(0..10) {
            0..=3 => Command::Get(key),
            4..=6 => Command::Set(key, format!("{}", t / 1000).into_bytes()),
            7 => Command::Del(key),
            _ => Command::Incr(key),
        };
        requests.push((
            t,
            Request {
                client,
                seq: seq[client as usize],
                command,
            },
        ));
        t += 10_000;
    }
    for k in 0..2 {
        seq[0] += 1;
        let command = Command::Get(format!("k{k}").into_bytes());
        requests.push((
            run_us - 200_000,
            Request {
                client: 0,
                seq: seq[0],
                command,
            },
        ));
    }
    requests
}

/// The store as a campaign target of runs of `run_us`: both builds at each
/// of `levels` (named as [`build_name`] says), the [`workload`], the store's
/// properties.
pub fn target(run_us: u64, levels: &[Hardening]) -> Target<Output> {
    let requests = workload(run_us);
    let inputs = requests
        .iter()
        .flat_map(|(t_us, request)| {
            let mut bytes = Vec::new();
            payload::encode(request, &mut bytes).expect("a request serializes");
            (0..NODES).map(move |node| ScheduledInput {
                t_us: *t_us,
                node,
                payload: bytes.clone(),
            })
        })
        .collect();
    let config = config();
    let target =
        Target::new("kv", sim_config(), StoreProperties::new(requests)).with_inputs(inputs);
    levels.iter().fold(target, |target, &level| {
        target
            .build(Build::hardened_service(
                build_name(Variant::Plain, level),
                level,
                move |_| plain::Raft::new(&config),
            ))
            .build(Build::hardened_service(
                build_name(Variant::Encoded, level),
                level,
                move |_| encoded::Raft::new(&config),
            ))
    })
}

/// An applied entry as a replica reports it: its term and its request.
type AppliedEntry = (u64, Option<(u64, u64)>);

/// The store's properties, knowing the workload.
#[derive(Debug, Clone)]
pub struct StoreProperties {
    /// Each request's call time and command, by (client, seq).
    requests: BTreeMap<(u64, u64), (u64, Command)>,
}

impl StoreProperties {
    /// The properties of runs given `requests` (with their times).
    pub fn new(requests: Vec<(u64, Request)>) -> Self {
        Self {
            requests: requests
                .into_iter()
                .map(|(t, r)| ((r.client, r.seq), (t, r.command)))
                .collect(),
        }
    }

    /// The clients' history in `trace`, or why the replies make none.
    fn history(&self, trace: &Trace<Output>) -> Result<Vec<Op>, String> {
        let mut returns: BTreeMap<(u64, u64), (u64, Reply)> = BTreeMap::new();
        for record in trace.records() {
            let Event::Report {
                output: Some(Effect::Reply { client, seq, reply }),
            } = &record.event
            else {
                continue;
            };
            if matches!(reply, Reply::Moved(_)) {
                continue;
            }
            if !self.requests.contains_key(&(*client, *seq)) {
                return Err(format!(
                    "node {} answered request {client}/{seq}, never made",
                    record.node
                ));
            }
            match returns.get(&(*client, *seq)) {
                Some((_, first)) if first != reply => {
                    return Err(format!(
                        "request {client}/{seq} answered {first:?}, then {reply:?}"
                    ));
                }
                Some(_) => {}
                None => {
                    returns.insert((*client, *seq), (record.t_us, reply.clone()));
                }
            }
        }
        let applied: BTreeSet<(u64, u64)> = trace
            .records()
            .iter()
            .filter_map(|record| match &record.event {
                Event::Report {
                    output: Some(Effect::Applied { request, .. }),
                } => *request,
                _ => None,
            })
            .collect();
        // An unanswered request that no replica applied never took effect,
        // and an unanswered read has none: leaving both out keeps the
        // search small (each unanswered operation may go anywhere).
        Ok(self
            .requests
            .iter()
            .filter_map(|(id, (call_us, command))| {
                let ret = returns.remove(id);
                let effect =
                    ret.is_some() || (applied.contains(id) && !matches!(command, Command::Get(_)));
                effect.then(|| Op {
                    call_us: *call_us,
                    ret,
                    command: command.clone(),
                })
            })
            .collect())
    }
}

/// Two of the `n` replicas in `trace` that applied different entries at one
/// index (or took a snapshot whose last entry differs from what another
/// applied there), or one that skipped or repeated an index.
pub fn diverged(trace: &Trace<Output>, n: u32) -> Option<String> {
    // Index → the first replica that applied it, and what it applied.
    let mut applied: BTreeMap<u64, (u32, AppliedEntry)> = BTreeMap::new();
    let mut last = vec![0u64; n as usize];
    for record in trace.records() {
        let node = record.node;
        let Some(last) = last.get_mut(node as usize) else {
            return Some(format!("node {node} of {n}"));
        };
        match &record.event {
            Event::Start => *last = 0,
            Event::Report {
                output: Some(Effect::Installed { index, term }),
            } => {
                if *index <= *last {
                    return Some(format!("node {node} installed index {index} after {last}"));
                }
                *last = *index;
                if let Some(&(other, (applied_term, _))) = applied.get(index)
                    && applied_term != *term
                {
                    return Some(format!(
                        "node {node} installed a snapshot of term {term} at index {index}, node {other} applied term {applied_term} there"
                    ));
                }
            }
            Event::Report {
                output:
                    Some(Effect::Applied {
                        index,
                        term,
                        request,
                    }),
            } => {
                if *index != *last + 1 {
                    return Some(format!("node {node} applied index {index} after {last}"));
                }
                *last = *index;
                match applied.get(index) {
                    Some(&(other, entry)) if entry != (*term, *request) => {
                        return Some(format!(
                            "nodes {other} and {node} applied different entries at index {index}"
                        ));
                    }
                    Some(_) => {}
                    None => {
                        applied.insert(*index, (node, (*term, *request)));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

impl Properties<Output> for StoreProperties {
    fn violation(&self, trace: &Trace<Output>, _end_us: u64) -> Option<String> {
        if let Some(why) = diverged(trace, NODES) {
            return Some(why);
        }
        let history = match self.history(trace) {
            Ok(history) => history,
            Err(why) => return Some(why),
        };
        check(&history).err().map(|v| {
            format!(
                "the history of key {:?} is not linearizable ({} operations)",
                String::from_utf8_lossy(&v.key),
                v.ops.len()
            )
        })
    }

    /// Stalled: the final reads got no answer.
    fn stalled(&self, trace: &Trace<Output>, _end_us: u64) -> Option<String> {
        let last_call = self.requests.values().map(|(call_us, _)| *call_us).max()?;
        let history = self.history(trace).ok()?;
        let answered = history
            .iter()
            .filter(|op| op.call_us == last_call && op.ret.is_some())
            .count();
        (answered == 0).then(|| "the final reads got no answer".to_string())
    }
}
