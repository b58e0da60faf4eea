//! The store under the fault campaign: fault-free runs satisfy its
//! properties, the properties catch what they should, and a small campaign
//! classifies every faulty run of both builds.

use anguard::Hardening;
use anguard::campaign::{Campaign, Outcome, Properties};
use anguard::sim::{Event, Record, Sim, Trace, TraceLevel};
use anguard_protocols::algo::Variant;
use anguard_protocols::campaign::build_name;
use anguard_protocols::kv::Effect;
use anguard_protocols::kv::campaign::{StoreProperties, target, workload};

const RUN_US: u64 = 3_000_000;

#[test]
fn fault_free_runs_satisfy_the_properties() {
    let target = target(RUN_US, &Hardening::ALL);
    for build in target.builds() {
        for seed in 0..10 {
            let mut config = *target.sim_config();
            config.seed = seed;
            config.trace = TraceLevel::Full;
            let mut sim = Sim::new(config, build.factory());
            for input in target.inputs() {
                sim.input_at(input.t_us, input.node, input.payload.clone());
            }
            sim.run_until(RUN_US);
            let trace = sim.take_trace();
            let properties = target.properties();
            assert_eq!(
                properties.violation(&trace, RUN_US),
                None,
                "{} seed {seed}",
                build.name()
            );
            assert_eq!(
                properties.stalled(&trace, RUN_US),
                None,
                "{} seed {seed}",
                build.name()
            );
            let replies = trace.count(|e| {
                matches!(e, Event::Report { output: Some(Effect::Reply { reply, .. }) } if !matches!(reply, anguard_protocols::kv::Reply::Moved(_)))
            });
            assert!(
                replies * 10 > workload(RUN_US).len() * 9,
                "{} seed {seed}: {replies} answered",
                build.name()
            );
        }
    }
}

/// The campaign's GETs take the read path of the default configuration,
/// ReadIndex: answered, and never applied as log entries.
#[test]
fn the_workloads_reads_skip_the_log() {
    let target = target(RUN_US, &[Hardening::An]);
    let gets: std::collections::BTreeSet<(u64, u64)> = workload(RUN_US)
        .into_iter()
        .filter(|(_, r)| matches!(r.command, anguard_protocols::kv::Command::Get(_)))
        .map(|(_, r)| (r.client, r.seq))
        .collect();
    for build in target.builds() {
        let mut sim = Sim::new(*target.sim_config(), build.factory());
        for input in target.inputs() {
            sim.input_at(input.t_us, input.node, input.payload.clone());
        }
        sim.run_until(RUN_US);
        let trace = sim.take_trace();
        let logged = trace.count(|e| {
            matches!(e, Event::Report { output: Some(Effect::Applied { request: Some(r), .. }) } if gets.contains(r))
        });
        let answered: std::collections::BTreeSet<(u64, u64)> = trace
            .records()
            .iter()
            .filter_map(|r| match &r.event {
                Event::Report {
                    output:
                        Some(Effect::Reply {
                            client,
                            seq,
                            reply: anguard_protocols::kv::Reply::Value(_),
                        }),
                } => Some((*client, *seq)),
                _ => None,
            })
            .collect();
        assert_eq!(logged, 0, "{}", build.name());
        assert!(
            answered.len() * 10 > gets.len() * 9,
            "{}: {} of {} GETs answered",
            build.name(),
            answered.len(),
            gets.len()
        );
    }
}

#[test]
fn the_properties_catch_a_wrong_read_and_diverging_replicas() {
    let requests = workload(RUN_US);
    let properties = StoreProperties::new(requests.clone());
    // The first GET answered with a value no one wrote.
    let (t, get) = requests
        .iter()
        .find(|(_, r)| matches!(r.command, anguard_protocols::kv::Command::Get(_)))
        .unwrap();
    let wrong = Record {
        t_us: t + 1_000,
        node: 0,
        event: Event::Report {
            output: Some(Effect::Reply {
                client: get.client,
                seq: get.seq,
                reply: anguard_protocols::kv::Reply::Value(Some(b"never written".to_vec())),
            }),
        },
    };
    assert!(
        properties
            .violation(&Trace::from_records(vec![wrong]), RUN_US)
            .is_some()
    );
    let applied = |node, term| Record {
        t_us: 10,
        node,
        event: Event::Report {
            output: Some(Effect::Applied {
                index: 1,
                term,
                request: None,
            }),
        },
    };
    let diverged = Trace::from_records(vec![applied(0, 1), applied(1, 2)]);
    assert!(
        properties
            .violation(&diverged, RUN_US)
            .unwrap()
            .contains("different entries")
    );
    let agreed = Trace::from_records(vec![applied(0, 1), applied(1, 1)]);
    assert_eq!(properties.violation(&agreed, RUN_US), None);
}

/// A campaign of `runs` faulty runs per build at `level`: every run of
/// both builds is classified, and the encoded build detects faults.
fn small_campaign(level: Hardening, runs: usize) {
    std::panic::set_hook(Box::new(|_| {}));
    let campaign = Campaign {
        runs,
        seed: 3,
        run_us: RUN_US,
        ..Campaign::default()
    };
    let report = campaign.run(&[target(RUN_US, &[level])]).expect("runs");
    let _ = std::panic::take_hook();
    let tally = report.tally;
    println!("{}", tally.markdown());
    let [plain, encoded] = Variant::ALL.map(|variant| build_name(variant, level));
    for build in [&plain, &encoded] {
        assert_eq!(
            tally.by_build(build).total(),
            runs as u64,
            "{}",
            tally.markdown()
        );
    }
    assert!(
        tally.by_build(&encoded).get(Outcome::Detected) > 0,
        "{}",
        tally.markdown()
    );
}

#[test]
fn a_small_campaign_classifies_every_run() {
    small_campaign(Hardening::An, 160);
}

#[test]
fn a_small_campaign_at_an_dup_classifies_every_run() {
    small_campaign(Hardening::AnDup, 48);
}
