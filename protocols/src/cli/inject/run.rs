//! One scenario (algorithm, build, seed) run fault-free once, then once per
//! fault, and each faulty run classified against the fault-free one.

use anguard::sim::{Event, LinkConfig, Sim, SimConfig, Trace, TraceLevel};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use super::super::select::{Config, state};
use super::super::{Algo, Variant};
use super::fault::{Kind, Site, fingerprint, strike_bytes, strike_state};
use super::verdict::{agreed_leader, property_violation};

/// How long each simulated run lasts, in true µs.
pub const RUN_US: u64 = 3_000_000;
/// Faults strike at a uniformly random time in this window, after the first
/// election and long enough before the end for their effects to show.
pub const FAULT_WINDOW_US: (u64, u64) = (800_000, 2_000_000);
/// Nodes per run.
pub const NODES: u32 = 3;
/// Heartbeat period, ms.
pub const PERIOD_MS: u32 = 20;

/// What became of one fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The run was identical to the fault-free one, state included.
    Masked,
    /// A check found an invalid word and the process stopped.
    Detected,
    /// The wrapper (or the plain adapter) dropped a message or alarm.
    Discarded,
    /// The run differed, but every property held.
    Benign,
    /// Silent data corruption: a property was violated, or corrupted state
    /// persisted undetected to the end.
    Sdc,
    /// No leader at the end of the run.
    Hang,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Masked,
        Outcome::Detected,
        Outcome::Discarded,
        Outcome::Benign,
        Outcome::Sdc,
        Outcome::Hang,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Outcome::Masked => "masked",
            Outcome::Detected => "detected",
            Outcome::Discarded => "discarded",
            Outcome::Benign => "benign",
            Outcome::Sdc => "sdc",
            Outcome::Hang => "hang",
        }
    }
}

/// An algorithm, a build and a seed: everything but the fault.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    pub algo: Algo,
    pub variant: Variant,
    pub seed: u64,
}

impl Scenario {
    fn sim(&self) -> anyhow::Result<Sim<Option<u32>>> {
        let config = Config::new(self.algo, NODES, PERIOD_MS)?;
        let variant = self.variant;
        let sim_config = SimConfig {
            n: NODES,
            seed: self.seed,
            link: LinkConfig {
                delay_min_us: 500,
                delay_max_us: 3_000,
                ..LinkConfig::default()
            },
            max_drift_ppm: 100,
            max_offset_us: 1_000_000,
            trace: TraceLevel::Full,
            catch_panics: true,
        };
        Ok(Sim::new(sim_config, move |_| config.node(variant)))
    }
}

/// The fault-free run of a scenario.
#[derive(Debug)]
pub struct Golden {
    trace: Trace<Option<u32>>,
    events: u64,
    states: Vec<Vec<u64>>,
    discards: usize,
    leader_at_end: Option<u32>,
    /// Arithmetic operations (feature `inject`) done by the end of each
    /// `ALU_STEP_US` of the run: entry k is the count at `k·ALU_STEP_US`.
    #[cfg_attr(not(feature = "inject"), allow(dead_code))]
    alu_ops: Vec<u64>,
}

/// The granularity of [`Golden::alu_ops`].
#[cfg(feature = "inject")]
const ALU_STEP_US: u64 = 10_000;

pub fn golden(scenario: &Scenario) -> anyhow::Result<Golden> {
    let mut sim = scenario.sim()?;
    let alu_ops = run_counting_alu(&mut sim);
    let states = states(&mut sim);
    let trace = sim.take_trace();
    Ok(Golden {
        events: sim.stats().events,
        discards: discards(&trace),
        leader_at_end: agreed_leader(&sim),
        trace,
        states,
        alu_ops,
    })
}

/// Runs `sim` to the end, counting arithmetic operations as it goes (the
/// simulator is deterministic: stopping at each step changes nothing).
#[cfg(feature = "inject")]
fn run_counting_alu(sim: &mut Sim<Option<u32>>) -> Vec<u64> {
    use anguard::inject::alu;
    let start = alu::operations();
    let mut ops = vec![0];
    for k in 1..=RUN_US.div_ceil(ALU_STEP_US) {
        sim.run_until((k * ALU_STEP_US).min(RUN_US));
        ops.push(alu::operations() - start);
    }
    ops
}

#[cfg(not(feature = "inject"))]
fn run_counting_alu(sim: &mut Sim<Option<u32>>) -> Vec<u64> {
    sim.run_until(RUN_US);
    Vec::new()
}

/// One fault: where, what, when; `detail` seeds the choices of the bits.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Fault {
    pub site: Site,
    pub kind: Kind,
    pub at_us: u64,
    pub node: u32,
    pub detail: u64,
}

impl Fault {
    pub fn random(site: Site, kind: Kind, rng: &mut SmallRng) -> Self {
        Fault {
            site,
            kind,
            at_us: rng.random_range(FAULT_WINDOW_US.0..FAULT_WINDOW_US.1),
            node: rng.random_range(0..NODES),
            detail: rng.random(),
        }
    }
}

/// What became of a fault, and why (for the CSV).
#[derive(Debug, Clone)]
pub struct Verdict {
    pub outcome: Outcome,
    pub why: String,
}

impl Verdict {
    fn new(outcome: Outcome, why: impl Into<String>) -> Self {
        Self {
            outcome,
            why: why.into(),
        }
    }
}

/// Runs `scenario` with `fault` and classifies the result against `golden`.
pub fn faulty(scenario: &Scenario, fault: &Fault, golden: &Golden) -> anyhow::Result<Verdict> {
    let mut sim = scenario.sim()?;
    sim.run_until(fault.at_us);
    let mut rng = SmallRng::seed_from_u64(fault.detail);
    let word_bytes = match scenario.variant {
        Variant::Plain => 4,
        Variant::Encoded => 8,
    };
    let kind = fault.kind;
    match fault.site {
        Site::StateWord | Site::Uncovered => {
            let covered = fault.site == Site::StateWord;
            let struck = sim.with_state(fault.node, |any| {
                state(any).is_some_and(|s| strike_state(s, covered, kind, &mut rng))
            });
            if struck != Some(true) {
                anyhow::bail!(
                    "node {} has no {} state to strike",
                    fault.node,
                    fault.site.name()
                );
            }
        }
        Site::Message => {
            let mut pending = true;
            sim.set_message_hook(move |_, bytes| {
                if std::mem::take(&mut pending) {
                    strike_bytes(bytes, kind, word_bytes, &mut rng);
                }
            });
        }
        Site::Alarm => {
            let mut pending = true;
            let encoded_id = scenario.variant == Variant::Encoded;
            sim.set_alarm_hook(move |_, id, at_ms| {
                if std::mem::take(&mut pending) {
                    if rng.random::<bool>() {
                        let width = if encoded_id { 64 } else { 32 };
                        id.bits ^= kind.mask(width, id.bits, &mut rng);
                    } else {
                        *at_ms ^= kind.mask(32, u64::from(*at_ms), &mut rng) as u32;
                    }
                }
            });
        }
        Site::Arithmetic => arm_arithmetic(scenario.variant, kind, golden, fault.at_us, &mut rng)?,
    }
    // A fault can make a protocol re-arm an alarm for the present forever:
    // time stands still, so bound the work at many times the golden run's.
    let finished = sim.run_until_within(RUN_US, 20 * golden.events + 100_000);
    let struck = disarm_arithmetic();
    if !finished {
        return Ok(Verdict::new(
            Outcome::Hang,
            "livelock: time stopped advancing",
        ));
    }
    let states = states(&mut sim);
    let leader_at_end = agreed_leader(&sim);
    let trace = sim.take_trace();
    let verdict = classify(scenario, golden, &trace, &states, leader_at_end);
    if fault.site == Site::Arithmetic && !struck && verdict.why.is_empty() {
        return Ok(Verdict::new(
            verdict.outcome,
            "the armed operation never ran",
        ));
    }
    Ok(verdict)
}

fn classify(
    scenario: &Scenario,
    golden: &Golden,
    trace: &Trace<Option<u32>>,
    states: &[Vec<u64>],
    leader_at_end: Option<u32>,
) -> Verdict {
    let records = trace.records();
    if let Some(first) = records
        .iter()
        .position(|r| matches!(r.event, Event::Fault { .. }))
    {
        // A check that fires after a property was already violated came too late.
        let (node, t_us) = (records[first].node, records[first].t_us);
        let before = Trace::from_records(records[..first].to_vec());
        if let Some(why) = property_violation(scenario.algo, &before, t_us, NODES, PERIOD_MS) {
            return Verdict::new(
                Outcome::Sdc,
                format!("{why}, before a check failed at node {node}"),
            );
        }
        return Verdict::new(Outcome::Detected, format!("check failed at node {node}"));
    }
    if trace == &golden.trace {
        return match states.iter().zip(&golden.states).position(|(a, b)| a != b) {
            None => Verdict::new(Outcome::Masked, ""),
            Some(node) => Verdict::new(
                Outcome::Sdc,
                format!("node {node}'s state still differs at the end, unnoticed"),
            ),
        };
    }
    if let Some(why) = property_violation(scenario.algo, trace, RUN_US, NODES, PERIOD_MS) {
        return Verdict::new(Outcome::Sdc, why);
    }
    if leader_at_end.is_none() && golden.leader_at_end.is_some() {
        return Verdict::new(Outcome::Hang, "no agreed leader at the end");
    }
    let (dropped, golden_dropped) = (discards(trace), golden.discards);
    if dropped > golden_dropped {
        return Verdict::new(
            Outcome::Discarded,
            format!("{} discarded", dropped - golden_dropped),
        );
    }
    Verdict::new(Outcome::Benign, "")
}

fn discards(trace: &Trace<Option<u32>>) -> usize {
    trace.count(|e| matches!(e, Event::Discard(_)))
}

/// Every node's state fingerprint (empty for a node that is down).
fn states(sim: &mut Sim<Option<u32>>) -> Vec<Vec<u64>> {
    (0..NODES)
        .map(|node| {
            sim.with_state(node, |any| state(any).map(fingerprint).unwrap_or_default())
                .unwrap_or_default()
        })
        .collect()
}

/// Arms the arithmetic fault: it strikes the result of an operation drawn
/// uniformly from those the fault-free run performs (all nodes together)
/// between the fault's time and the end, so that it always strikes.
#[cfg(feature = "inject")]
fn arm_arithmetic(
    variant: Variant,
    kind: Kind,
    golden: &Golden,
    at_us: u64,
    rng: &mut SmallRng,
) -> anyhow::Result<()> {
    let width = match variant {
        Variant::Plain => 32,
        Variant::Encoded => 64,
    };
    let mask = kind.mask(width, rng.random(), rng);
    let total = golden.alu_ops.last().copied().unwrap_or(0);
    // The count at the first step at or after the fault: a lower bound on
    // the operations still to come.
    let step = (at_us.div_ceil(ALU_STEP_US) as usize).min(golden.alu_ops.len() - 1);
    let ahead = total - golden.alu_ops[step];
    if ahead == 0 {
        anyhow::bail!("no arithmetic operation after {at_us} µs to strike");
    }
    anguard::inject::alu::arm(rng.random_range(0..ahead), mask);
    Ok(())
}

#[cfg(not(feature = "inject"))]
fn arm_arithmetic(_: Variant, _: Kind, _: &Golden, _: u64, _: &mut SmallRng) -> anyhow::Result<()> {
    anyhow::bail!("the arithmetic site needs a build with `--features inject`")
}

/// Disarms the arithmetic fault; returns whether it struck.
fn disarm_arithmetic() -> bool {
    #[cfg(feature = "inject")]
    {
        let fired = anguard::inject::alu::fired();
        anguard::inject::alu::disarm();
        fired
    }
    #[cfg(not(feature = "inject"))]
    false
}

#[cfg(test)]
mod tests {
    use anguard::sim::Record;

    use super::*;

    fn record(t_us: u64, node: u32, event: Event<Option<u32>>) -> Record<Option<u32>> {
        Record { t_us, node, event }
    }

    fn golden_of(trace: Trace<Option<u32>>) -> Golden {
        Golden {
            trace,
            events: 0,
            states: Vec::new(),
            discards: 0,
            leader_at_end: Some(0),
            alu_ops: Vec::new(),
        }
    }

    #[test]
    fn a_check_is_a_detection_only_if_nothing_went_wrong_before_it() {
        let scenario = Scenario {
            algo: Algo::Hale,
            variant: Variant::Encoded,
            seed: 0,
        };
        let golden = golden_of(Trace::from_records(vec![record(
            100,
            0,
            Event::Report { output: Some(0) },
        )]));
        let lead = |t_us, node| record(t_us, node, Event::Report { output: Some(node) });
        let fault = |t_us, node| record(t_us, node, Event::Fault { word: 1 });

        let caught = Trace::from_records(vec![lead(100, 0), fault(200, 1)]);
        let verdict = classify(&scenario, &golden, &caught, &[], Some(0));
        assert_eq!(verdict.outcome, Outcome::Detected, "{}", verdict.why);

        let too_late = Trace::from_records(vec![lead(100, 0), lead(150, 1), fault(200, 1)]);
        let verdict = classify(&scenario, &golden, &too_late, &[], Some(0));
        assert_eq!(verdict.outcome, Outcome::Sdc, "{}", verdict.why);
        assert!(verdict.why.contains("nodes 0 and 1"), "{}", verdict.why);
    }
}

/// The arithmetic site end to end (`cargo test -p anguard-protocols
/// --features inject`): every fault strikes an operation, and no fault in an
/// encoded operation's result goes unnoticed into the outcome.
#[cfg(all(test, feature = "inject"))]
mod arithmetic_tests {
    use super::*;

    #[test]
    fn arithmetic_faults_strike_and_the_encoded_build_has_no_sdc() {
        let mut outcomes = std::collections::BTreeMap::new();
        for algo in [Algo::Hale, Algo::Rotel4] {
            for seed in 0..3 {
                for variant in [Variant::Plain, Variant::Encoded] {
                    let scenario = Scenario {
                        algo,
                        variant,
                        seed,
                    };
                    let golden = golden(&scenario).expect("a scenario");
                    let mut rng = SmallRng::seed_from_u64(seed);
                    for kind in Kind::ALL {
                        let fault = Fault::random(Site::Arithmetic, kind, &mut rng);
                        let verdict = faulty(&scenario, &fault, &golden).expect("a run");
                        assert_ne!(verdict.why, "the armed operation never ran", "{fault:?}");
                        if variant == Variant::Encoded {
                            assert_ne!(verdict.outcome, Outcome::Sdc, "{fault:?}: {}", verdict.why);
                        }
                        *outcomes
                            .entry((variant.name(), verdict.outcome))
                            .or_insert(0) += 1;
                    }
                }
            }
        }
        // Most encoded faults are caught by a check, none in plain.
        assert!(
            outcomes.get(&("encoded", Outcome::Detected)) > Some(&15),
            "{outcomes:?}"
        );
        assert_eq!(
            outcomes.get(&("plain", Outcome::Detected)),
            None,
            "{outcomes:?}"
        );
    }
}
