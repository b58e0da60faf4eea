//! One scenario's runs: the fault-free (golden) run of a build, and a faulty
//! run classified against it.

use rand::SeedableRng;
use rand::rngs::SmallRng;

use super::execute::CampaignError;
use super::fault::Fault;
use super::site::{Injection, fingerprint};
use super::target::{Build, Target};
use super::verdict::{Ending, Outcome, Verdict, classify};
use crate::sim::{Sim, TraceLevel};

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
    /// Arithmetic operations (feature `inject`) done by the end of each
    /// step of the run: entry k is the count at `k·ALU_STEP_US`.
    alu_ops: Vec<u64>,
}

impl<O: CampaignOutput> Target<O> {
    /// The fault-free run of `build` (one of this target's) in scenario
    /// `seed`, to true time `end_us`.
    pub fn golden(&self, build: &Build<O>, seed: u64, end_us: u64) -> Golden<O> {
        let mut sim = build_sim(self, build, seed);
        let alu_ops = run_counting_alu(&mut sim, end_us);
        Golden {
            events: sim.stats().events,
            ending: ending(&mut sim, build, self.sim_config().n),
            alu_ops,
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
        alu_ops: &golden.alu_ops,
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

/// Runs `sim` to `end_us`, counting arithmetic operations as it goes (the
/// simulator is deterministic: stopping at each step changes nothing).
#[cfg(feature = "inject")]
fn run_counting_alu<O: CampaignOutput>(sim: &mut Sim<O>, end_us: u64) -> Vec<u64> {
    use super::site::ALU_STEP_US;
    use crate::inject::alu;
    let start = alu::operations();
    let mut ops = vec![0];
    for k in 1..=end_us.div_ceil(ALU_STEP_US) {
        sim.run_until((k * ALU_STEP_US).min(end_us));
        ops.push(alu::operations() - start);
    }
    ops
}

#[cfg(not(feature = "inject"))]
fn run_counting_alu<O: CampaignOutput>(sim: &mut Sim<O>, end_us: u64) -> Vec<u64> {
    sim.run_until(end_us);
    Vec::new()
}
