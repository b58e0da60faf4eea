//! One scenario's runs: the fault-free (golden) run of a build, and a faulty
//! run classified against it.

use rand::SeedableRng;
use rand::rngs::SmallRng;

use super::execute::CampaignError;
use super::fault::Fault;
use super::site::Injection;
use super::target::{Build, Target};
use super::verdict::{Ending, Outcome, Verdict, classify};
use crate::sim::{Sim, TraceLevel};
use crate::state::fingerprint;

/// What a campaign needs of a protocol's plain output: what the simulator
/// records and compares.
pub trait CampaignOutput: Clone + PartialEq + Default + 'static {}

impl<O: Clone + PartialEq + Default + 'static> CampaignOutput for O {}

/// The fault-free run of one build in one scenario, which faulty runs of
/// the same are classified against.
#[derive(Debug, Clone)]
pub struct Golden<O> {
    ending: Ending<O>,
    /// Events handled: a faulty run may take many times more, no more.
    events: u64,
    /// The injection points' calls (feature `inject`) by the end of each
    /// step of the run.
    points: PointCounts,
}

impl<O: CampaignOutput> Target<O> {
    /// The fault-free run of `build` (one of this target's) in scenario
    /// `seed`, to true time `end_us`.
    pub fn golden(&self, build: &Build<O>, seed: u64, end_us: u64) -> Golden<O> {
        let mut sim = build_sim(self, build, seed);
        let points = run_counting_points(&mut sim, end_us);
        Golden {
            events: sim.stats().events,
            ending: ending(&mut sim, build, self.sim_config().n),
            points,
        }
    }

    /// Runs `build` in scenario `seed` with `fault`, to true time `end_us`
    /// (as `golden`'s), and classifies the run against `golden`.
    pub fn faulty(
        &self,
        build: &Build<O>,
        seed: u64,
        end_us: u64,
        fault: &Fault,
        golden: &Golden<O>,
    ) -> Result<Verdict, CampaignError> {
        faulty(self, build, seed, end_us, fault, golden).map_err(|why| CampaignError::Fault {
            target: self.name().to_string(),
            build: build.name().to_string(),
            seed,
            fault: *fault,
            why,
        })
    }
}

fn faulty<O: CampaignOutput>(
    target: &Target<O>,
    build: &Build<O>,
    seed: u64,
    end_us: u64,
    fault: &Fault,
    golden: &Golden<O>,
) -> Result<Verdict, String> {
    let mut sim = build_sim(target, build, seed);
    sim.run_until(fault.at_us);
    let injector = fault.site.injector();
    injector.arm(Injection {
        sim: &mut sim,
        fault,
        word_bytes: build.word_bytes(),
        state: build.state_fn(),
        points: &golden.points,
        rng: SmallRng::seed_from_u64(fault.detail),
    })?;
    // A fault can make a protocol re-arm an alarm for the present forever:
    // time stands still, so bound the work at many times the golden run's.
    let finished = sim.run_until_within(end_us, 20 * golden.events + 100_000);
    let struck = injector.disarm();
    if !finished {
        return Ok(Verdict::new(
            Outcome::Hang,
            "livelock: time stopped advancing",
        ));
    }
    let run = ending(&mut sim, build, target.sim_config().n);
    let verdict = classify(target.properties(), &golden.ending, &run, end_us);
    if struck == Some(false) && verdict.why.is_empty() {
        return Ok(Verdict::new(
            verdict.outcome,
            "the armed operation never ran",
        ));
    }
    Ok(verdict)
}

/// The simulation of `build` in scenario `seed`: every event recorded,
/// every panic caught.
fn build_sim<O: CampaignOutput>(target: &Target<O>, build: &Build<O>, seed: u64) -> Sim<O> {
    let mut config = *target.sim_config();
    config.seed = seed;
    config.trace = TraceLevel::Full;
    config.catch_panics = true;
    let mut sim = Sim::new(config, build.factory());
    for input in target.inputs() {
        sim.input_at(input.t_us, input.node, input.payload.clone());
    }
    sim
}

/// The trace, and every node's state fingerprint (empty for a node that is down).
fn ending<O: CampaignOutput>(sim: &mut Sim<O>, build: &Build<O>, n: u32) -> Ending<O> {
    let states = (0..n)
        .map(|node| {
            sim.with_state(node, |any| {
                build.state(any).map(fingerprint).unwrap_or_default()
            })
            .unwrap_or_default()
        })
        .collect();
    Ending {
        trace: sim.take_trace(),
        states,
    }
}

/// The calls of each injection point (feature `inject`) in a fault-free
/// run, by the end of each step: entry k is the count at `k·POINT_STEP_US`.
#[derive(Debug, Clone, Default)]
#[cfg_attr(not(feature = "inject"), allow(dead_code))]
pub(super) struct PointCounts {
    pub alu: Vec<u64>,
    pub decisions: Vec<u64>,
    pub stores: Vec<u64>,
    pub operands: Vec<u64>,
    pub operators: Vec<u64>,
}

/// The time step at which a fault-free run counts its injection points' calls.
#[cfg_attr(not(feature = "inject"), allow(dead_code))]
pub(super) const POINT_STEP_US: u64 = 10_000;

/// How many of the calls `counts` records come after `at_us` (a lower
/// bound: from the first step at or after it).
#[cfg_attr(not(feature = "inject"), allow(dead_code))]
pub(super) fn calls_after(counts: &[u64], at_us: u64) -> u64 {
    let total = counts.last().copied().unwrap_or(0);
    let step = (at_us.div_ceil(POINT_STEP_US) as usize).min(counts.len().saturating_sub(1));
    total - counts.get(step).copied().unwrap_or(0)
}

/// Runs `sim` to `end_us`, counting each injection point's calls as it goes
/// (the simulator is deterministic: stopping at each step changes nothing).
#[cfg(feature = "inject")]
fn run_counting_points<O: CampaignOutput>(sim: &mut Sim<O>, end_us: u64) -> PointCounts {
    use crate::inject::alu;
    use crate::inject::control::{DECISIONS, STORES};
    use crate::inject::exchange::{OPERANDS, OPERATORS};
    let now = || {
        [
            alu::operations(),
            DECISIONS.with(|p| p.calls()),
            STORES.with(|p| p.calls()),
            OPERANDS.with(|p| p.calls()),
            OPERATORS.with(|p| p.calls()),
        ]
    };
    let start = now();
    let mut counts: [Vec<u64>; 5] = Default::default();
    counts.iter_mut().for_each(|c| c.push(0));
    for k in 1..=end_us.div_ceil(POINT_STEP_US) {
        sim.run_until((k * POINT_STEP_US).min(end_us));
        for ((count, calls), start) in counts.iter_mut().zip(now()).zip(start) {
            count.push(calls - start);
        }
    }
    let [alu, decisions, stores, operands, operators] = counts;
    PointCounts {
        alu,
        decisions,
        stores,
        operands,
        operators,
    }
}

#[cfg(not(feature = "inject"))]
fn run_counting_points<O: CampaignOutput>(sim: &mut Sim<O>, end_us: u64) -> PointCounts {
    sim.run_until(end_us);
    PointCounts::default()
}
