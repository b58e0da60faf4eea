//! Throughput and latency under redis-benchmark: a 3-replica loopback
//! cluster of each build, and a single real Redis server as the reference,
//! in one run, round after round.
//!
//! Each round starts every system fresh (empty write-ahead logs, a fresh
//! `redis-server` with persistence off), finds each cluster's leader and runs
//! `redis-benchmark -P 16 -c 50` against it (clients talk to the leader, as
//! they would after following `-MOVED`). The two builds at hardening `an` run
//! as a [pair](Group::Pair): both clusters up side by side, each test run
//! against one and at once against the other, the build that goes first
//! alternating (from test to test and from round to round): a shared
//! machine's speed drifts from one run to the next, and two runs this close
//! share more of the drift. Redis and the encoded build at `an-dup` (many
//! times slower, sent fewer requests) run alone, before or after the pair, in
//! an order that rotates over 3 rounds. The figures of a system are the
//! medians over its rounds. A cluster's run whose leader changed
//! (redis-benchmark got errors or gave up, or another replica leads
//! afterwards) gives no figures: it is reported as a [`Failure`], with why,
//! and the medians are over the other rounds.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anguard::Hardening;

use super::server::client::{Client, find_leader};
use crate::algo::Variant;

/// What one measurement ran against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum System {
    /// `redis-server`, one node, no replication, no persistence.
    Redis,
    /// A 3-replica cluster of one build, at one hardening level.
    Kv(Variant, Hardening),
}

/// Plain, at hardening `an`: what every ratio is to.
const PLAIN: System = System::Kv(Variant::Plain, Hardening::An);
/// Encoded, at hardening `an`: the build the targets are for.
const ENCODED: System = System::Kv(Variant::Encoded, Hardening::An);
/// Encoded, at hardening `an-dup`.
const ENCODED_DUP: System = System::Kv(Variant::Encoded, Hardening::AnDup);

/// The tests of redis-benchmark each system runs, in this order, as its
/// `-t` names them.
const TESTS: [&str; 2] = ["set", "get"];

/// Replicas of a cluster.
const REPLICAS: u16 = 3;
/// How far above a replica's client port its peer port is.
const PEER_OFFSET: u16 = 10;
/// How far above plain's ports the encoded cluster of a pair takes its own.
const PAIR_OFFSET: u16 = 2 * PEER_OFFSET;
/// How many ports from the first one the bench may take.
pub const PORTS: u16 = PAIR_OFFSET + PEER_OFFSET + REPLICAS;

/// The port `system`'s server or first replica listens on, from the
/// bench's first port: plain's and Redis's are the first, encoded's
/// [`PAIR_OFFSET`] above (every system but the pair runs alone).
fn first_port(system: System, base_port: u16) -> u16 {
    if system == ENCODED {
        base_port + PAIR_OFFSET
    } else {
        base_port
    }
}

/// What runs together within a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// The plain and the encoded cluster at hardening `an`, up side by
    /// side; each test runs against both, one right after the other.
    Pair,
    /// One system by itself, both tests in one redis-benchmark run.
    Alone(System),
}

impl Group {
    const ALL: [Group; 3] = [
        Group::Pair,
        Group::Alone(System::Redis),
        Group::Alone(ENCODED_DUP),
    ];

    /// Its name in progress lines.
    pub fn name(self) -> String {
        match self {
            Group::Pair => format!("{} and {}", PLAIN.name(), ENCODED.name()),
            Group::Alone(system) => system.name().to_string(),
        }
    }
}

/// The groups of round `round` (from 0), in order: over any 3 rounds in a
/// row, each group runs once in each place.
fn groups(round: u32) -> impl Iterator<Item = Group> {
    let shift = round as usize % Group::ALL.len();
    (0..Group::ALL.len()).map(move |i| Group::ALL[(i + shift) % Group::ALL.len()])
}

/// The order the pair's builds run test `test` (an index into [`TESTS`]) in
/// round `round`: they take turns going first, from test to test and from
/// round to round, so over any 2 rounds in a row each build runs each test
/// first once.
fn pair_order(round: u32, test: usize) -> [System; 2] {
    if (round as usize + test).is_multiple_of(2) {
        [PLAIN, ENCODED]
    } else {
        [ENCODED, PLAIN]
    }
}

impl System {
    /// Its name in tables and charts.
    pub fn name(self) -> &'static str {
        match self {
            System::Redis => "redis",
            System::Kv(Variant::Plain, Hardening::An) => "kv plain",
            System::Kv(Variant::Plain, Hardening::AnDup) => "kv plain an-dup",
            System::Kv(Variant::Encoded, Hardening::An) => "kv encoded",
            System::Kv(Variant::Encoded, Hardening::AnDup) => "kv encoded an-dup",
        }
    }
}

/// One redis-benchmark test's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// The round (from 0; for a median, the first round).
    pub round: u32,
    /// Against what.
    pub system: System,
    /// `SET` or `GET`.
    pub test: String,
    /// Requests per second.
    pub rps: f64,
    /// Median latency, in ms.
    pub p50_ms: f64,
    /// 99th percentile latency, in ms.
    pub p99_ms: f64,
}

/// A cluster's run that gave no figures, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The round (from 0).
    pub round: u32,
    /// The system.
    pub system: System,
    /// Why.
    pub why: String,
}

/// What a bench gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    /// Every measurement, in order.
    pub measurements: Vec<Measurement>,
    /// The runs that gave none.
    pub failures: Vec<Failure>,
}

/// How the bench runs.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// The `anguard` binary that runs the replicas.
    pub anguard: PathBuf,
    /// Requests per test (`-n`).
    pub requests: u32,
    /// Requests per test for the `an-dup` cluster.
    pub dup_requests: u32,
    /// Rounds: each runs every [`Group`] once, in an order that rotates
    /// over 3 rounds.
    pub rounds: u32,
    /// The first of the [`PORTS`] ports the bench takes.
    pub base_port: u16,
    /// Where the write-ahead logs go.
    pub data: PathBuf,
}

/// Why the bench could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A program could not be started.
    #[error(
        "cannot run {program}: {source} (redis-benchmark and redis-server come with Debian's redis-tools and redis-server)"
    )]
    Spawn {
        /// Which.
        program: String,
        /// Why.
        source: std::io::Error,
    },
    /// Something did not come up or answered nonsense.
    #[error("{0}")]
    Failed(String),
}

/// Children killed on drop.
struct Processes(Vec<Child>);

impl Drop for Processes {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn spawn(command: &mut Command) -> Result<Child, BenchError> {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| BenchError::Spawn {
            program: command.get_program().to_string_lossy().into_owned(),
            source,
        })
}

fn local(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

/// The client addresses of a cluster's replicas.
fn replicas(base_port: u16) -> Vec<SocketAddr> {
    (0..REPLICAS).map(|i| local(base_port + i)).collect()
}

/// Waits (10 s at most) until every address answers PING and `ready`
/// holds; returns the leader's offset in `clients` (0 for one server).
fn wait_for(
    clients: &[SocketAddr],
    ready: impl Fn(&[SocketAddr]) -> bool,
) -> Result<u16, BenchError> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let up = clients.iter().all(|&addr| {
            Client::connect(addr, Duration::from_millis(200))
                .and_then(|mut c| c.command(&[b"PING"]))
                .is_ok()
        });
        if up && ready(clients) {
            let leader = find_leader(clients, Duration::from_millis(500)).unwrap_or(0);
            return Ok(leader as u16);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(BenchError::Failed(format!(
        "{clients:?} did not come up within 10 s"
    )))
}

/// Parses redis-benchmark's `--csv` output.
fn parse_csv(round: u32, system: System, text: &str) -> Result<Vec<Measurement>, BenchError> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .ok_or_else(|| BenchError::Failed("redis-benchmark printed nothing".into()))?
        .split(',')
        .map(|f| f.trim_matches('"').to_string())
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| BenchError::Failed(format!("redis-benchmark gave no {name} column")))
    };
    let (test, rps, p50, p99) = (
        column("test")?,
        column("rps")?,
        column("p50_latency_ms")?,
        column("p99_latency_ms")?,
    );
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').map(|f| f.trim_matches('"')).collect();
            let number = |i: usize| {
                fields
                    .get(i)
                    .and_then(|f| f.parse::<f64>().ok())
                    .ok_or_else(|| BenchError::Failed(format!("cannot read {line:?}")))
            };
            Ok(Measurement {
                round,
                system,
                test: fields.get(test).unwrap_or(&"?").to_string(),
                rps: number(rps)?,
                p50_ms: number(p50)?,
                p99_ms: number(p99)?,
            })
        })
        .collect()
}

/// One redis-benchmark run of `tests` (`set,get`, say) against `port`.
fn benchmark(
    round: u32,
    system: System,
    port: u16,
    tests: &str,
    requests: u32,
) -> Result<Vec<Measurement>, BenchError> {
    let output = Command::new("redis-benchmark")
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .args(["-P", "16", "-c", "50", "-t", tests])
        .args(["-n", &requests.to_string(), "--csv"])
        .output()
        .map_err(|source| BenchError::Spawn {
            program: "redis-benchmark".into(),
            source,
        })?;
    let errors = String::from_utf8_lossy(&output.stderr);
    let error = errors.lines().find(|line| !line.trim().is_empty());
    if !output.status.success() || error.is_some() {
        return Err(BenchError::Failed(format!(
            "redis-benchmark against {} ended with {} (the leader changed?): {}",
            system.name(),
            output.status,
            error.unwrap_or("nothing on stderr")
        )));
    }
    parse_csv(round, system, &String::from_utf8_lossy(&output.stdout))
}

/// Fails if the replica at `port` no longer leads its cluster at `base_port`.
fn still_leads(system: System, base_port: u16, port: u16) -> Result<(), BenchError> {
    let leader = find_leader(&replicas(base_port), Duration::from_millis(500));
    match leader {
        Some(leader) if base_port + leader as u16 == port => Ok(()),
        _ => Err(BenchError::Failed(format!(
            "the leader of {} changed by the end of its redis-benchmark run: replica {} led, now {}; its figures would mix two leaders",
            system.name(),
            port - base_port,
            leader.map_or("none".to_string(), |l| format!("replica {l}")),
        ))),
    }
}

/// A system started fresh: its processes (killed when it is dropped) and
/// the port its clients use (of a cluster, its leader's).
struct Running {
    system: System,
    port: u16,
    first_port: u16,
    _processes: Processes,
}

impl Running {
    /// Starts `system` at its [`first_port`] (a cluster: its replicas'
    /// client ports from there, their peer ports [`PEER_OFFSET`] above).
    fn start(system: System, options: &BenchOptions) -> Result<Running, BenchError> {
        let first_port = first_port(system, options.base_port);
        let (processes, port) = match system {
            System::Redis => {
                let child = spawn(Command::new("redis-server").args([
                    "--port",
                    &first_port.to_string(),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ]))?;
                let processes = Processes(vec![child]);
                wait_for(&[local(first_port)], |_| true)?;
                (processes, first_port)
            }
            System::Kv(variant, hardening) => {
                let data = options.data.join(system.name().replace(' ', "-"));
                let _ = std::fs::remove_dir_all(&data);
                // Held as they start: one that fails to start stops the others.
                let mut processes = Processes(Vec::new());
                for id in 0..REPLICAS {
                    processes.0.push(spawn(
                        Command::new(&options.anguard)
                            .args(["kv", "--id", &id.to_string()])
                            .args(["--n", &REPLICAS.to_string()])
                            .args(["--port", &first_port.to_string()])
                            .args(["--peer-port", &(first_port + PEER_OFFSET).to_string()])
                            .args(["--variant", variant.name()])
                            .args(["--hardening", hardening.name()])
                            .arg("--data")
                            .arg(&data),
                    )?);
                }
                let leader = wait_for(&replicas(first_port), |clients| {
                    find_leader(clients, Duration::from_millis(500)).is_some()
                })?;
                (processes, first_port + leader)
            }
        };
        Ok(Running {
            system,
            port,
            first_port,
            _processes: processes,
        })
    }

    /// One redis-benchmark run of `tests` (`set,get`, say); of a cluster,
    /// only if the replica measured still leads after it.
    fn benchmark(
        &self,
        round: u32,
        tests: &str,
        requests: u32,
    ) -> Result<Vec<Measurement>, BenchError> {
        let measurements = benchmark(round, self.system, self.port, tests, requests)?;
        if self.system != System::Redis {
            still_leads(self.system, self.first_port, self.port)?;
        }
        Ok(measurements)
    }
}

/// Runs the bench: every round, every group. A cluster's run that fails
/// is a [`Failure`] (of a pair, neither build keeps the round's figures);
/// anything else that fails ends the bench.
pub fn run(
    options: &BenchOptions,
    mut progress: impl FnMut(u32, Group),
) -> Result<Results, BenchError> {
    if options.base_port.checked_add(PORTS).is_none() {
        return Err(BenchError::Failed(format!(
            "the bench takes {PORTS} ports from its first one: {} leaves too few",
            options.base_port
        )));
    }
    let mut results = Results::default();
    for round in 0..options.rounds {
        for group in groups(round) {
            progress(round, group);
            let measured = match group {
                Group::Pair => measure_pair(round, options),
                Group::Alone(system) => {
                    measure_alone(round, system, options).map_err(|e| (system, e))
                }
            };
            results.record(round, measured)?;
        }
    }
    Ok(results)
}

impl Results {
    /// Keeps what a run of round `round` measured, or, if a cluster's run
    /// failed (the system it names), the [`Failure`]; any other error is
    /// the bench's.
    fn record(
        &mut self,
        round: u32,
        measured: Result<Vec<Measurement>, (System, BenchError)>,
    ) -> Result<(), BenchError> {
        match measured {
            Ok(measurements) => self.measurements.extend(measurements),
            Err((system, BenchError::Failed(why))) if system != System::Redis => {
                tracing::warn!(round, system = system.name(), %why, "no figures");
                self.failures.push(Failure { round, system, why });
            }
            Err((_, error)) => return Err(error),
        }
        Ok(())
    }
}

/// One run of `system` alone, started fresh: both tests in one
/// redis-benchmark run.
fn measure_alone(
    round: u32,
    system: System,
    options: &BenchOptions,
) -> Result<Vec<Measurement>, BenchError> {
    let requests = match system {
        System::Kv(_, Hardening::AnDup) => options.dup_requests,
        _ => options.requests,
    };
    Running::start(system, options)?.benchmark(round, &TESTS.join(","), requests)
}

/// The pair's runs in `round`: plain's and encoded's clusters started fresh
/// side by side, then each test against one and right after against the
/// other, in [`pair_order`]. On failure, the system whose run failed, and
/// why (neither build keeps the round's figures).
fn measure_pair(
    round: u32,
    options: &BenchOptions,
) -> Result<Vec<Measurement>, (System, BenchError)> {
    let failed = |system: System| {
        move |error: BenchError| match error {
            BenchError::Failed(why) => (
                system,
                BenchError::Failed(format!("{why} (neither build keeps this round's figures)")),
            ),
            error => (system, error),
        }
    };
    let plain = Running::start(PLAIN, options).map_err(failed(PLAIN))?;
    let encoded = Running::start(ENCODED, options).map_err(failed(ENCODED))?;
    let mut measurements = Vec::new();
    for (i, test) in TESTS.iter().enumerate() {
        for system in pair_order(round, i) {
            let running = if system == PLAIN { &plain } else { &encoded };
            let run = running.benchmark(round, test, options.requests);
            measurements.extend(run.map_err(failed(system))?);
        }
    }
    Ok(measurements)
}

/// The runs that gave no figures, as a Markdown list (empty if none).
pub fn failures(failures: &[Failure]) -> String {
    if failures.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nRuns that gave no figures:\n\n");
    for f in failures {
        out.push_str(&format!(
            "- round {}, {}: {}\n",
            f.round + 1,
            f.system.name(),
            f.why
        ));
    }
    out
}

/// The median of each system's and test's figures over the rounds.
pub fn medians(all: &[Measurement]) -> Vec<Measurement> {
    let mut keys: Vec<(System, String)> = all.iter().map(|m| (m.system, m.test.clone())).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|(system, test)| {
            let of = |f: fn(&Measurement) -> f64| {
                let mut xs: Vec<f64> = all
                    .iter()
                    .filter(|m| m.system == system && m.test == test)
                    .map(f)
                    .collect();
                xs.sort_by(f64::total_cmp);
                median(&xs)
            };
            Measurement {
                round: 0,
                rps: of(|m| m.rps),
                p50_ms: of(|m| m.p50_ms),
                p99_ms: of(|m| m.p99_ms),
                system,
                test,
            }
        })
        .collect()
}

/// The median of `sorted` (not empty): of an even count, the mean of the
/// middle two.
fn median(sorted: &[f64]) -> f64 {
    let middle = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    }
}

/// The measurements as CSV.
pub fn csv(measurements: &[Measurement]) -> String {
    let mut out = String::from("round,system,test,rps,p50_ms,p99_ms\n");
    for m in measurements {
        out.push_str(&format!(
            "{},{},{},{:.0},{:.3},{:.3}\n",
            m.round + 1,
            m.system.name(),
            m.test,
            m.rps,
            m.p50_ms,
            m.p99_ms
        ));
    }
    out
}

/// The targets an encoded build's ratios to plain are held to: throughput
/// at least this share of plain's.
pub const THROUGHPUT_TARGET: f64 = 0.95;
/// And p99 latency at most this multiple of plain's.
pub const P99_TARGET: f64 = 1.05;

/// A Markdown table of the medians of `all`, then each encoded build's
/// ratios to plain: of the medians, and the median of the rounds' ratios
/// (of a pair: the two clusters measured one right after the other) with a
/// confidence interval; then where the encoded build stands against the
/// targets ([`THROUGHPUT_TARGET`], [`P99_TARGET`]).
pub fn table(all: &[Measurement]) -> String {
    let medians = medians(all);
    let mut out = String::from(
        "| test | system | requests/s | p50 ms | p99 ms |\n|---|---|---:|---:|---:|\n",
    );
    for m in &medians {
        out.push_str(&format!(
            "| {} | {} | {:.0} | {:.3} | {:.3} |\n",
            m.test,
            m.system.name(),
            m.rps,
            m.p50_ms,
            m.p99_ms
        ));
    }
    let mut tests: Vec<&str> = medians.iter().map(|m| m.test.as_str()).collect();
    tests.sort_unstable();
    tests.dedup();
    out.push_str(
        "\n| test | build | throughput / plain | rounds' median [interval] | p99 / plain | rounds' median [interval] |\n\
         |---|---|---:|---:|---:|---:|\n",
    );
    let mut verdicts = String::new();
    for test in tests {
        for system in [ENCODED, ENCODED_DUP] {
            let Some((e, p)) = against(&medians, test, system, None) else {
                continue;
            };
            let rounds: Vec<(&Measurement, &Measurement)> = (0..=max_round(all))
                .filter_map(|round| against(all, test, system, Some(round)))
                .collect();
            let throughput = Interval::of_median(rounds.iter().map(|(e, p)| e.rps / p.rps));
            let p99 = Interval::of_median(rounds.iter().map(|(e, p)| e.p99_ms / p.p99_ms));
            out.push_str(&format!(
                "| {test} | {} | {:.3} | {} | {:.3} | {} |\n",
                system.name(),
                e.rps / p.rps,
                show(throughput),
                e.p99_ms / p.p99_ms,
                show(p99),
            ));
            if system == ENCODED
                && let (Some(throughput), Some(p99)) = (throughput, p99)
            {
                verdicts.push_str(&format!(
                    "- {test}, {} rounds ({:.1}% intervals): throughput ≥ {THROUGHPUT_TARGET} \
                     of plain's {}; p99 ≤ {P99_TARGET}× plain's {}.\n",
                    rounds.len(),
                    100.0 * throughput.coverage,
                    throughput.verdict(|r| r >= THROUGHPUT_TARGET),
                    p99.verdict(|r| r <= P99_TARGET),
                ));
            }
        }
    }
    if !verdicts.is_empty() {
        out.push_str(&format!(
            "\nEach round's ratio of `kv encoded` compares the two builds measured one \
             right after the other, each with the other's cluster idle beside it \
             (`an-dup` ran alone, before or after them). The interval holds the median of the rounds' ratios with the confidence \
             given (it lies between two of the rounds' ratios, by their order: no \
             assumption about how they are distributed). Against the targets (met: \
             the whole interval is, missed: none of it is, with at least 95% \
             confidence):\n\n{verdicts}"
        ));
    }
    out
}

/// `median [low, high]` of `interval`, or `–` for none.
fn show(interval: Option<Interval>) -> String {
    interval.map_or_else(|| "–".to_string(), |i| i.to_string())
}

impl core::fmt::Display for Interval {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:.3} [{:.3}, {:.3}]", self.median, self.low, self.high)
    }
}

/// The median of some ratios and an interval that holds the median of
/// their distribution with `coverage` confidence: between the `k`-th
/// smallest and the `k`-th largest, for the largest `k` that keeps the
/// chance that fewer than `k` fall below the median (binomial, one half)
/// within 2.5% (with fewer than 6 ratios none does: then the smallest and
/// the largest, with the confidence they give).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Interval {
    median: f64,
    low: f64,
    high: f64,
    coverage: f64,
}

impl Interval {
    fn of_median(ratios: impl Iterator<Item = f64>) -> Option<Interval> {
        let mut xs: Vec<f64> = ratios.collect();
        if xs.is_empty() {
            return None;
        }
        xs.sort_by(f64::total_cmp);
        let n = xs.len();
        let median = median(&xs);
        // below[i]: the chance that at most i of n fall below the median,
        // its terms C(n, i) / 2^n taken in logarithms (2^n overflows).
        let mut below = Vec::with_capacity(n);
        let mut ln_choose = 0.0_f64;
        let mut sum = 0.0;
        for i in 0..n {
            sum += (ln_choose - n as f64 * std::f64::consts::LN_2).exp();
            below.push(sum);
            ln_choose += ((n - i) as f64).ln() - ((i + 1) as f64).ln();
        }
        let k = (1..=n / 2)
            .rev()
            .find(|&k| below[k - 1] <= 0.025)
            .unwrap_or(1);
        Some(Interval {
            median,
            low: xs[k - 1],
            high: xs[n - k],
            coverage: 1.0 - 2.0 * below[k - 1],
        })
    }

    /// Whether the ratios meet a target `holds` says a ratio meets: met if
    /// the whole interval does, missed if none of it does, else (or with
    /// less than 95% confidence: fewer than 6 rounds) not settled.
    fn verdict(&self, holds: impl Fn(f64) -> bool) -> &'static str {
        // A coverage that is NaN settles nothing either.
        if self.coverage.is_nan() || self.coverage < 0.95 {
            return "not settled";
        }
        match (holds(self.low), holds(self.high)) {
            (true, true) => "met",
            (false, false) => "missed",
            _ => "not settled",
        }
    }
}

/// `system`'s figures on `test` and plain's (of `round`, if given).
fn against<'a>(
    measurements: &'a [Measurement],
    test: &str,
    system: System,
    round: Option<u32>,
) -> Option<(&'a Measurement, &'a Measurement)> {
    let find = |system: System| {
        measurements
            .iter()
            .find(|m| m.test == test && m.system == system && round.is_none_or(|r| m.round == r))
    };
    find(system).zip(find(PLAIN))
}

fn max_round(all: &[Measurement]) -> u32 {
    all.iter().map(|m| m.round).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_three_rounds_in_a_row_put_each_group_in_each_place() {
        use std::collections::BTreeSet;
        for start in 0..6 {
            let orders: Vec<Vec<Group>> = (start..start + 3)
                .map(|round| groups(round).collect())
                .collect();
            for order in &orders {
                assert_eq!(order.len(), Group::ALL.len(), "{order:?}");
                let once: BTreeSet<Group> = order.iter().copied().collect();
                assert_eq!(once, Group::ALL.into_iter().collect(), "every group once");
            }
            for place in 0..3 {
                let there: BTreeSet<Group> = orders.iter().map(|order| order[place]).collect();
                assert_eq!(there.len(), 3, "from round {start}: place {place}");
            }
        }
    }

    #[test]
    fn in_any_two_rounds_in_a_row_each_build_runs_each_test_first_once() {
        for start in 0..4 {
            for test in 0..TESTS.len() {
                let firsts: Vec<System> = (start..start + 2)
                    .map(|round| pair_order(round, test)[0])
                    .collect();
                assert!(
                    firsts.contains(&PLAIN) && firsts.contains(&ENCODED),
                    "from round {start}, test {test}: {firsts:?}"
                );
            }
            for round in start..start + 2 {
                for test in 0..TESTS.len() {
                    let order = pair_order(round, test);
                    assert_ne!(order[0], order[1], "both builds run");
                }
                // The build that ran a test last runs the next one first.
                assert_eq!(pair_order(round, 0)[1], pair_order(round, 1)[0]);
            }
        }
    }

    #[test]
    fn any_six_rounds_in_a_row_run_the_pair_in_each_place_with_each_build_first() {
        use std::collections::BTreeSet;
        for start in 0..6 {
            let seen: BTreeSet<(usize, System)> = (start..start + 6)
                .map(|round| {
                    let place = groups(round).position(|g| g == Group::Pair).unwrap();
                    (place, pair_order(round, 0)[0])
                })
                .collect();
            assert_eq!(seen.len(), 6, "from round {start}: {seen:?}");
        }
    }

    #[test]
    fn the_two_clusters_of_a_pair_share_no_port_and_stay_within_ports() {
        use std::collections::BTreeSet;
        let base = 16_400;
        let ports = |system| {
            let first = first_port(system, base);
            (first..first + REPLICAS)
                .chain(first + PEER_OFFSET..first + PEER_OFFSET + REPLICAS)
                .collect::<BTreeSet<u16>>()
        };
        let (plain, encoded) = (ports(PLAIN), ports(ENCODED));
        assert_eq!(plain.len() + encoded.len(), 4 * usize::from(REPLICAS));
        assert!(plain.is_disjoint(&encoded), "{plain:?} {encoded:?}");
        assert!(
            plain
                .union(&encoded)
                .all(|&p| (base..base + PORTS).contains(&p)),
            "within {PORTS} ports"
        );
    }

    #[test]
    fn a_cluster_s_failed_run_is_a_failure_and_anything_else_ends_the_bench() {
        let mut results = Results::default();
        let failed = |why: &str| BenchError::Failed(why.into());
        results
            .record(2, Err((ENCODED, failed("the leader changed"))))
            .unwrap();
        assert_eq!(
            results.failures,
            [Failure {
                round: 2,
                system: ENCODED,
                why: "the leader changed".into()
            }]
        );
        assert!(results.measurements.is_empty());
        assert!(
            results
                .record(3, Err((System::Redis, failed("no answer"))))
                .is_err(),
            "Redis failing is the bench's failure"
        );
        let spawn = BenchError::Spawn {
            program: "redis-benchmark".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        assert!(results.record(3, Err((PLAIN, spawn))).is_err());
        assert_eq!(results.failures.len(), 1);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let m = |round, rps| Measurement {
            round,
            system: System::Redis,
            test: "SET".into(),
            rps,
            p50_ms: 1.0,
            p99_ms: 2.0,
        };
        assert_eq!(
            medians(&[m(0, 4.0), m(1, 1.0), m(2, 3.0), m(3, 100.0)])[0].rps,
            3.5
        );
        assert_eq!(medians(&[m(0, 4.0), m(1, 1.0), m(2, 3.0)])[0].rps, 3.0);
    }

    #[test]
    fn redis_benchmark_csv_is_read() {
        let text = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"\n\"SET\",\"909090.94\",\"0.686\",\"0.232\",\"0.679\",\"1.055\",\"1.615\",\"1.743\"\n";
        let m = parse_csv(2, System::Redis, text).unwrap();
        assert_eq!(m[0].round, 2);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].test, "SET");
        assert_eq!(
            (m[0].rps, m[0].p50_ms, m[0].p99_ms),
            (909090.94, 0.679, 1.615)
        );
        assert!(parse_csv(0, System::Redis, "\"test\"\n\"SET\"\n").is_err());
    }

    #[test]
    fn the_table_gives_the_ratio_of_the_medians_and_the_rounds_median_ratio() {
        let (plain, encoded) = (PLAIN, ENCODED);
        let m = |round, system, rps, p99_ms| Measurement {
            round,
            system,
            test: "SET".into(),
            rps,
            p50_ms: 1.0,
            p99_ms,
        };
        let all = [
            m(0, plain, 100.0, 10.0),
            m(0, encoded, 90.0, 12.0),
            m(1, plain, 200.0, 10.0),
            m(1, encoded, 210.0, 9.0),
            m(2, plain, 150.0, 10.0),
            m(2, encoded, 150.0, 10.0),
        ];
        let table = table(&all);
        // Medians: plain 150 and 10, encoded 150 and 10; the rounds'
        // ratios 0.9, 1.05 and 1; 1.2, 0.9 and 1.
        assert!(
            table.contains(
                "| SET | kv encoded | 1.000 | 1.000 [0.900, 1.050] | 1.000 | 1.000 [0.900, 1.200] |"
            ),
            "{table}"
        );
        // Three rounds: the smallest and largest hold the median with 75%.
        assert!(
            table.contains(
                "- SET, 3 rounds (75.0% intervals): throughput ≥ 0.95 of plain's \
                 not settled; p99 ≤ 1.05× plain's not settled."
            ),
            "{table}"
        );
        // A round without plain's figures gives no ratio.
        let table = super::table(&all[1..]);
        assert!(
            table.contains("| 1.025 [1.000, 1.050] | 1.000 | 0.950 [0.900, 1.000] |"),
            "{table}"
        );
        // Two rounds: 50%, too little to settle anything.
        assert!(
            table.contains(
                "throughput ≥ 0.95 of plain's not settled; p99 ≤ 1.05× plain's not settled."
            ),
            "{table}"
        );
        // No round with both: the medians' ratio, no interval, no verdict.
        let table = super::table(&[all[0].clone(), all[3].clone()]);
        assert!(table.contains("| 2.100 | – | 0.900 | – |"), "{table}");
        assert!(!table.contains("Against the targets"), "{table}");
    }

    #[test]
    fn the_interval_lies_between_order_statistics_of_binomial_confidence() {
        let ratios = |n: u32| (1..=n).rev().map(f64::from);
        // 16 rounds: the 4th smallest to the 4th largest, P = 1 - 2 * 697 / 65536.
        let i = Interval::of_median(ratios(16)).unwrap();
        assert_eq!((i.median, i.low, i.high), (8.5, 4.0, 13.0));
        assert!((i.coverage - (1.0 - 2.0 * 697.0 / 65536.0)).abs() < 1e-12);
        // 8 rounds: the smallest to the largest, P = 1 - 2 / 256.
        let i = Interval::of_median(ratios(8)).unwrap();
        assert_eq!((i.median, i.low, i.high), (4.5, 1.0, 8.0));
        assert!((i.coverage - (1.0 - 2.0 / 256.0)).abs() < 1e-12);
        // 24 rounds: the 7th to the 18th.
        let i = Interval::of_median(ratios(24)).unwrap();
        assert_eq!((i.low, i.high), (7.0, 18.0));
        assert!(i.coverage > 0.95 && i.coverage < 0.98, "{}", i.coverage);
        // 2,000 rounds (2^2000 is no f64): within a rank or two of the
        // normal approximation, n/2 - 1.96 √n / 2 ≈ 956.
        let i = Interval::of_median(ratios(2000)).unwrap();
        assert!((954.0..=958.0).contains(&i.low), "{i:?}");
        assert_eq!(i.low + i.high, 2001.0, "{i:?}");
        assert!(i.coverage > 0.95 && i.coverage < 0.96, "{i:?}");
        assert_eq!(Interval::of_median(ratios(0)), None);
        let one = Interval::of_median(ratios(1)).unwrap();
        assert_eq!(
            (one.median, one.low, one.high, one.coverage),
            (1.0, 1.0, 1.0, 0.0)
        );
    }

    #[test]
    fn a_target_is_met_missed_or_not_settled_by_the_whole_interval() {
        let interval = |low, high| Interval {
            median: (low + high) / 2.0,
            low,
            high,
            coverage: 0.95,
        };
        let at_least = |r: f64| r >= THROUGHPUT_TARGET;
        assert_eq!(interval(0.96, 1.02).verdict(at_least), "met");
        assert_eq!(interval(0.90, 0.94).verdict(at_least), "missed");
        assert_eq!(interval(0.93, 0.97).verdict(at_least), "not settled");
        let at_most = |r: f64| r <= P99_TARGET;
        assert_eq!(interval(0.9, 1.04).verdict(at_most), "met");
        assert_eq!(interval(1.06, 1.2).verdict(at_most), "missed");
        let unsure = Interval {
            coverage: 0.94,
            ..interval(0.96, 1.02)
        };
        assert_eq!(unsure.verdict(at_least), "not settled", "too few rounds");
    }
}
