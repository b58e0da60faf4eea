//! Clients against a simulated cluster, under faults: the histories the
//! [linearizability checker](super::linearizable) is given.
//!
//! A [`Scenario`] is a seed: it draws the links (delay, loss, duplication,
//! reordering), a schedule of faults (partitions, crashes and restarts with
//! the disk kept) and the clients' operations. Each client has one request
//! out at a time: it sends it to the replica it believes leads, follows
//! [`Reply::Moved`] to the one named (the request had no effect, so it is
//! not part of the history), and gives up after a timeout (the operation
//! stays in the history without a return: it may or may not have taken
//! effect). After the faults end, every key is read once more, so that a
//! lost acknowledged write shows as a violation.

use std::cell::Cell;
use std::rc::Rc;

use anguard::sim::{Event, LinkConfig, Sim, SimConfig, Trace, TraceLevel};
use anguard::{Hardening, payload};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::durable::{MemoryDisk, Output};
use super::linearizable::Op;
use super::{Command, Effect, KvConfig, Reads, Reply, Request, Snapshot, campaign, replica};
use crate::algo::Variant;

/// What one run is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// Draws everything.
    pub seed: u64,
    /// Replicas.
    pub n: u32,
    /// Clients, each with one request out at a time.
    pub clients: u32,
    /// Keys the clients use.
    pub keys: u32,
    /// How long faults strike, in µs of true time (then the cluster heals).
    pub faulty_us: u64,
    /// How long a client waits for a reply, in µs.
    pub timeout_us: u64,
    /// How much the simulator records.
    pub trace: TraceLevel,
    /// How hard the replicas check themselves.
    pub hardening: Hardening,
    /// How the leaders answer GETs.
    pub reads: Reads,
}

impl Scenario {
    /// 3 replicas, 3 clients on 2 keys, 1.5 s of faults, 300 ms timeouts,
    /// replicas at [`Hardening::An`], reads by [`Reads::Index`].
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            n: 3,
            clients: 3,
            keys: 2,
            faulty_us: 1_500_000,
            timeout_us: 300_000,
            trace: TraceLevel::Full,
            hardening: Hardening::An,
            reads: Reads::Index,
        }
    }

    /// The replicas' configuration: heartbeats every 20 ms, elections after
    /// 100–200 ms, batches of 16, 4 appends in flight, a snapshot every 8
    /// applied entries (so that runs compact their logs, and replicas that
    /// were down catch up from snapshots), sent a pair per chunk (a bound
    /// of 1 byte: a store of several keys takes several chunks), reads by
    /// `reads`.
    pub fn config(&self) -> KvConfig {
        KvConfig::new(self.n, 20, 100, 200, 16, 4)
            .and_then(|config| config.with_snapshot_every(8))
            .and_then(|config| config.with_snapshot_chunk(1))
            .expect("a valid configuration")
            .with_reads(self.reads)
    }
}

/// What a run gave.
#[derive(Debug, Clone)]
pub struct Run {
    /// Every client operation that took part.
    pub history: Vec<Op>,
    /// The simulator's trace.
    pub trace: Trace<Output>,
    /// Each replica's store as applied at the end, after 300 ms without
    /// faults or requests (all are up by then).
    pub applied: Vec<Snapshot>,
    /// Operations that returned.
    pub completed: usize,
    /// Snapshot chunks delivered after the first of their snapshot (those
    /// of installs that took more than one).
    pub later_chunks: usize,
}

impl Run {
    /// Two replicas that applied different entries at one index, or one
    /// that skipped an index (see [`campaign::diverged`]).
    pub fn diverged(&self) -> Option<String> {
        campaign::diverged(&self.trace, self.applied.len() as u32)
    }
}

/// A client's request in flight.
#[derive(Debug)]
struct Outstanding {
    seq: u64,
    call_us: u64,
    deadline_us: u64,
    command: Command,
}

/// A client.
#[derive(Debug)]
struct Client {
    id: u64,
    target: u32,
    seq: u64,
    next_at_us: u64,
    outstanding: Option<Outstanding>,
    /// A request answered `Moved`, to send again at `next_at_us`.
    redirected: Option<(Command, u64)>,
    /// Keys read in the final phase.
    final_reads: u32,
}

/// Runs `scenario` on `variant`.
pub fn run(scenario: &Scenario, variant: Variant) -> Run {
    let config = scenario.config();
    let n = scenario.n;
    let disks: Vec<MemoryDisk> = (0..n).map(|_| MemoryDisk::default()).collect();
    let mut rng = SmallRng::seed_from_u64(scenario.seed ^ 0x6b76_5f77_6f72_6b6c);
    let link = LinkConfig {
        delay_min_us: 500,
        delay_max_us: rng.random_range(1_000..=8_000),
        loss: rng.random_range(0.0..0.1),
        duplicate: rng.random_range(0.0..0.02),
        reorder: true,
    };
    let sim_config = SimConfig {
        n,
        seed: scenario.seed,
        link,
        trace: scenario.trace,
        ..SimConfig::default()
    };
    let factory_disks = disks.clone();
    let hardening = scenario.hardening;
    let mut sim = Sim::new(sim_config, move |id| {
        replica::simulated(
            variant,
            hardening,
            &config,
            factory_disks[id as usize].clone(),
        )
    });
    let later_chunks = Rc::new(Cell::new(0));
    let counter = Rc::clone(&later_chunks);
    sim.set_message_hook(move |_, message| {
        if replica::snapshot_chunk(variant, message).is_some_and(|(_, offset)| offset > 0) {
            counter.set(counter.get() + 1);
        }
    });
    let mut clients: Vec<Client> = (0..scenario.clients)
        .map(|c| Client {
            id: u64::from(c),
            target: c % n,
            seq: 0,
            next_at_us: 0,
            outstanding: None,
            redirected: None,
            final_reads: 0,
        })
        .collect();
    let mut history = Vec::new();
    let mut cursor = 0;
    let mut next_fault_us = 100_000;
    let healed_us = scenario.faulty_us;
    let final_us = healed_us + 500_000;
    let end_us = final_us + 300_000;
    let mut buf = Vec::new();
    let mut now = 0;
    while now < end_us || clients.iter().any(|c| c.outstanding.is_some()) {
        now += 1_000;
        sim.run_until(now);
        if now < healed_us && now >= next_fault_us {
            strike(&mut sim, &mut rng, n);
            next_fault_us = now + rng.random_range(50_000..300_000);
        } else if now == healed_us {
            sim.heal();
            let down: Vec<u32> = (0..n).filter(|&node| !sim.is_up(node)).collect();
            for node in down {
                sim.restart(node);
            }
        }
        let records = &sim.trace().records()[cursor..];
        cursor += records.len();
        for record in records {
            let Event::Report {
                output: Some(Effect::Reply { client, seq, reply }),
            } = &record.event
            else {
                continue;
            };
            let Some(c) = clients.get_mut(*client as usize) else {
                continue;
            };
            let Some(out) = c.outstanding.take_if(|o| o.seq == *seq) else {
                continue;
            };
            if let Reply::Moved(leader) = reply {
                // Nothing was done: ask again where the replica points.
                c.target = leader.unwrap_or((c.target + 1) % n);
                c.next_at_us = record.t_us + 1_000;
                c.redirected = Some((out.command, out.call_us));
            } else {
                history.push(Op::done(
                    out.call_us,
                    record.t_us,
                    out.command,
                    reply.clone(),
                ));
                c.next_at_us = record.t_us + rng.random_range(0..30_000);
            }
        }
        for c in &mut clients {
            if let Some(out) = c.outstanding.take() {
                if now >= out.deadline_us {
                    // Gave up: it may or may not have taken effect.
                    history.push(Op::pending(out.call_us, out.command));
                    c.target = (c.target + 1) % n;
                    c.next_at_us = now;
                } else {
                    c.outstanding = Some(out);
                }
                continue;
            }
            if now < c.next_at_us {
                continue;
            }
            let (command, call_us) = if let Some(redirected) = c.redirected.take() {
                redirected
            } else if now < healed_us {
                (random_command(&mut rng, scenario, c), now)
            } else if now >= final_us && c.final_reads < scenario.keys {
                // Once healed: every key is read again.
                c.final_reads += 1;
                (Command::Get(key(c.final_reads - 1)), now)
            } else {
                continue;
            };
            send(&mut sim, c, command, call_us, scenario, now, &mut buf);
        }
        if now > end_us + 10_000_000 {
            break;
        }
    }
    // Quiet: followers learn the last commit from the next heartbeats.
    sim.run_for(300_000);
    let applied = (0..n)
        .map(|node| {
            sim.with_state(node, |state| replica::applied(variant, state))
                .flatten()
                .unwrap_or_default()
        })
        .collect();
    let completed = history.iter().filter(|op| op.ret.is_some()).count();
    Run {
        history,
        trace: sim.take_trace(),
        applied,
        completed,
        later_chunks: later_chunks.get(),
    }
}

fn key(k: u32) -> Vec<u8> {
    format!("k{k}").into_bytes()
}

fn random_command(rng: &mut SmallRng, scenario: &Scenario, c: &Client) -> Command {
    let k = key(rng.random_range(0..scenario.keys));
    match rng.random_range(0..10) {
        0..=3 => Command::Get(k),
        4..=6 => Command::Set(k, format!("{}", c.id * 1_000_000 + c.seq + 1).into_bytes()),
        7 => Command::Del(k),
        _ => Command::Incr(k),
    }
}

/// Sends a client's request (a fresh `seq`) to its target.
fn send(
    sim: &mut Sim<Output>,
    c: &mut Client,
    command: Command,
    call_us: u64,
    scenario: &Scenario,
    now: u64,
    buf: &mut Vec<u8>,
) {
    c.seq += 1;
    let request = Request {
        client: c.id,
        seq: c.seq,
        command,
    };
    payload::encode(&request, buf).expect("a request serializes");
    if !sim.input(c.target, buf) {
        // Down: nothing was done; try the next replica at once.
        c.target = (c.target + 1) % scenario.n;
    }
    c.outstanding = Some(Outstanding {
        seq: c.seq,
        call_us,
        deadline_us: now + scenario.timeout_us,
        command: request.command,
    });
}

/// One fault: a partition, a crash, a restart or a heal.
fn strike(sim: &mut Sim<Output>, rng: &mut SmallRng, n: u32) {
    let down: Vec<u32> = (0..n).filter(|&node| !sim.is_up(node)).collect();
    match rng.random_range(0..5) {
        0 => sim.heal(),
        1 => sim.isolate(rng.random_range(0..n)),
        2 => {
            let a = rng.random_range(0..n);
            let rest: Vec<u32> = (0..n).filter(|&x| x != a).collect();
            let (left, right) = rest.split_at(rest.len() / 2);
            let mut first = left.to_vec();
            first.push(a);
            sim.partition(&[&first, right]);
        }
        3 if down.len() < n.div_ceil(2) as usize - 1 || down.is_empty() => {
            sim.crash(rng.random_range(0..n));
        }
        _ => {
            if let Some(&node) = down.first() {
                sim.restart(node);
            }
        }
    }
}
