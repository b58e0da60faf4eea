//! Running a campaign's scenarios on every core, and putting the records in
//! the order a single thread would have produced them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use super::plan::{Campaign, Scenario};
use super::report::{Record, Report};
use super::run::CampaignOutput;
use super::target::Target;

/// Why a campaign could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CampaignError {
    /// Nothing to run.
    #[error("a campaign needs at least one protocol, build, site and kind")]
    Empty,
    /// A site this build of the runtime cannot inject into.
    #[error("the {0} site needs anguard's feature `inject`")]
    Unavailable(super::site::Site),
    /// A fault that could not strike.
    #[error("{target} ({build}), scenario seed {seed}: {fault}: {why}")]
    Fault {
        target: String,
        build: String,
        seed: u64,
        fault: super::fault::Fault,
        why: String,
    },
}

impl Campaign {
    /// Runs the campaign over `targets`, the protocols taking turns by scenario.
    pub fn run<O: CampaignOutput>(&self, targets: &[Target<O>]) -> Result<Report, CampaignError> {
        self.run_with_progress(targets, |_| {})
    }

    /// Like [`run`](Self::run), telling `progress` how many faulty runs each
    /// finished scenario adds (on the calling thread).
    pub fn run_with_progress<O: CampaignOutput>(
        &self,
        targets: &[Target<O>],
        mut progress: impl FnMut(usize),
    ) -> Result<Report, CampaignError> {
        self.check(targets)?;
        let nodes: Vec<u32> = targets.iter().map(|t| t.sim_config().n).collect();
        let scenarios = self.scenarios();
        let threads = match self.threads {
            0 => thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
        .min(scenarios.max(1));
        let next = AtomicUsize::new(0);
        // The lowest scenario that failed: those after it need not run, and
        // those before it still do, so the error reported is the one a
        // single thread would meet first.
        let failed = AtomicUsize::new(usize::MAX);
        let (sender, receiver) = mpsc::channel();
        let mut done: Vec<Option<Result<Vec<Record>, CampaignError>>> =
            (0..scenarios).map(|_| None).collect();
        thread::scope(|scope| {
            for _ in 0..threads {
                let sender = sender.clone();
                let (next, failed, nodes) = (&next, &failed, &nodes);
                scope.spawn(move || {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= scenarios.min(failed.load(Ordering::Relaxed)) {
                            return;
                        }
                        let scenario = self.scenario(index, nodes);
                        let result = self.scenario_runs(&targets[scenario.target], &scenario);
                        if result.is_err() {
                            failed.fetch_min(index, Ordering::Relaxed);
                        }
                        if sender.send((index, result)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(sender);
            for (index, result) in receiver {
                if let Ok(records) = &result {
                    progress(records.len());
                }
                done[index] = Some(result);
            }
        });
        let mut records = Vec::with_capacity(2 * self.runs);
        for result in done.into_iter().flatten() {
            records.extend(result?);
        }
        Ok(Report::new(records))
    }

    fn check<O>(&self, targets: &[Target<O>]) -> Result<(), CampaignError> {
        if targets.is_empty()
            || targets.iter().any(|t| t.builds().is_empty())
            || self.sites.is_empty()
            || self.kinds.is_empty()
        {
            return Err(CampaignError::Empty);
        }
        match self.sites.iter().find(|s| !s.is_available()) {
            Some(&site) => Err(CampaignError::Unavailable(site)),
            None => Ok(()),
        }
    }

    /// The faulty runs of one scenario, every build after its golden run;
    /// by time of the fault, then build.
    fn scenario_runs<O: CampaignOutput>(
        &self,
        target: &Target<O>,
        scenario: &Scenario,
    ) -> Result<Vec<Record>, CampaignError> {
        let mut runs = Vec::with_capacity(target.builds().len() * scenario.faults.len());
        for (b, build) in target.builds().iter().enumerate() {
            let golden = target.golden(build, scenario.seed, self.run_us);
            for fault in &scenario.faults {
                let verdict = target.faulty(build, scenario.seed, self.run_us, fault, &golden)?;
                let record = Record {
                    target: target.name().to_string(),
                    build: build.name().to_string(),
                    scenario_seed: scenario.seed,
                    fault: *fault,
                    verdict,
                };
                runs.push((fault.at_us, b, record));
            }
        }
        runs.sort_by_key(|&(at_us, b, _)| (at_us, b));
        Ok(runs.into_iter().map(|(_, _, record)| record).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::{Build, Kind, Properties, Site};
    use crate::sim::{SimConfig, Trace};
    use crate::state::{State, Visitor};
    use crate::{Io, Protocol};

    /// A protocol with no state at all: no fault of a state site can strike it.
    struct Idle;
    impl Protocol<u32> for Idle {
        type Msg = ();
        type Output = ();
        fn start(&mut self, _io: &mut dyn Io<u32, Self>) {}
        fn on_message(&mut self, _from: u32, _msg: (), _io: &mut dyn Io<u32, Self>) {}
        fn on_alarm(&mut self, _id: u32, _io: &mut dyn Io<u32, Self>) {}
    }
    impl State for Idle {
        fn visit(&mut self, _v: &mut dyn Visitor) {}
    }

    struct Anything;
    impl Properties<()> for Anything {
        fn violation(&self, _trace: &Trace<()>, _end_us: u64) -> Option<String> {
            None
        }
    }

    #[test]
    fn a_fault_that_cannot_strike_is_the_same_error_on_any_number_of_threads() {
        let target = || {
            Target::new("idle", SimConfig::default(), Anything).build(Build::new("plain", |_| Idle))
        };
        let campaign = |threads| Campaign {
            runs: 64,
            sites: vec![Site::Message, Site::StateWord],
            kinds: vec![Kind::OneBit],
            run_us: 100_000,
            window_us: 10_000..90_000,
            threads,
            ..Campaign::default()
        };
        let one = campaign(1).run(&[target()]).unwrap_err();
        let four = campaign(4).run(&[target()]).unwrap_err();
        assert_eq!(one, four);
        let CampaignError::Fault { fault, why, .. } = one else {
            panic!("{one}");
        };
        assert_eq!(fault.site, Site::StateWord);
        assert!(why.contains("no state-word state"), "{why}");
    }

    #[test]
    fn an_empty_campaign_or_an_unavailable_site_is_refused() {
        let target = Target::new("idle", SimConfig::default(), Anything)
            .build(Build::new("plain", |_| Idle));
        let no_sites = Campaign {
            sites: Vec::new(),
            ..Campaign::default()
        };
        assert_eq!(no_sites.run(&[target]), Err(CampaignError::Empty));
        let no_targets: &[Target<()>] = &[];
        assert_eq!(
            Campaign::default().run(no_targets),
            Err(CampaignError::Empty)
        );
        if !Site::Arithmetic.is_available() {
            let arithmetic = Campaign {
                sites: vec![Site::Arithmetic],
                ..Campaign::default()
            };
            let target = Target::new("idle", SimConfig::default(), Anything)
                .build(Build::new("plain", |_| Idle));
            assert_eq!(
                arithmetic.run(&[target]),
                Err(CampaignError::Unavailable(Site::Arithmetic))
            );
        }
    }
}
