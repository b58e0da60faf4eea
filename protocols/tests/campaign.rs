//! The election campaign of `anguard inject`, run through the library: what
//! the encoding catches, the arithmetic site end to end (feature `inject`),
//! and the same records on any number of threads.

use anguard::campaign::{Campaign, Kind, Outcome, Site, Tally};
use anguard_protocols::campaign::election_targets;

/// A small campaign: `scenarios` scenarios, every fault of `kinds` at `sites`.
fn campaign(scenarios: usize, sites: &[Site], kinds: &[Kind]) -> Tally {
    std::panic::set_hook(Box::new(|_| {}));
    let campaign = Campaign {
        runs: scenarios * Campaign::default().faults_per_scenario,
        seed: 7,
        sites: sites.to_vec(),
        kinds: kinds.to_vec(),
        ..Campaign::default()
    };
    let report = campaign.run(&election_targets().unwrap()).expect("runs");
    let _ = std::panic::take_hook();
    report.tally
}

/// The first target: no SDC from 1- to 3-bit flips of encoded words, in
/// state, on the wire or in alarms. The plain build, under the same
/// faults, does suffer SDCs: the checker can fail.
#[test]
fn flips_of_encoded_words_never_go_unnoticed() {
    let sites = [Site::StateWord, Site::Message, Site::Alarm];
    let kinds = [Kind::OneBit, Kind::TwoBits, Kind::ThreeBits];
    let tally = campaign(40, &sites, &kinds);
    let encoded = tally.by_build("encoded");
    let plain = tally.by_build("plain");
    assert_eq!(encoded.total(), 320);
    assert_eq!(encoded.get(Outcome::Sdc), 0, "{}", tally.markdown());
    assert!(plain.get(Outcome::Sdc) > 0, "{}", tally.markdown());
    assert!(encoded.get(Outcome::Detected) > 0);
}

/// The uncovered site: hale's `quiet` flag, the `Option` tags and the
/// vector lengths. The plain build's flags and tags are plain; the encoded
/// build's are code words the scrub checks, so no flip of 1 to 3 bits of
/// them goes unnoticed.
#[test]
fn flips_of_flags_and_tags_never_go_unnoticed() {
    let kinds = [Kind::OneBit, Kind::TwoBits, Kind::ThreeBits];
    let tally = campaign(60, &[Site::Uncovered], &kinds);
    let encoded = tally.by_build("encoded");
    assert_eq!(encoded.get(Outcome::Sdc), 0, "{}", tally.markdown());
    assert!(encoded.get(Outcome::Detected) > 0);
    assert!(
        tally.by_build("plain").get(Outcome::Sdc) > 0,
        "{}",
        tally.markdown()
    );
}

#[test]
fn every_thread_count_gives_the_same_records() {
    let targets = election_targets().unwrap();
    let campaign = |threads| Campaign {
        runs: 60,
        seed: 11,
        threads,
        ..Campaign::default()
    };
    std::panic::set_hook(Box::new(|_| {}));
    let one = campaign(1).run(&targets).expect("one thread");
    let four = campaign(4).run(&targets).expect("four threads");
    let _ = std::panic::take_hook();
    assert_eq!(one.records.len(), 120);
    assert_eq!(one, four);
}

/// The arithmetic site end to end (`cargo test -p anguard-protocols
/// --features inject --test campaign`): every fault strikes an operation,
/// and no fault in an encoded operation's result goes unnoticed into the
/// outcome.
#[cfg(feature = "inject")]
#[test]
fn arithmetic_faults_strike_and_the_encoded_build_has_no_sdc() {
    use anguard::campaign::Fault;
    use rand::SeedableRng;
    use rand::rngs::SmallRng;

    let window = Campaign::default().window_us;
    let run_us = Campaign::default().run_us;
    let mut outcomes = std::collections::BTreeMap::new();
    std::panic::set_hook(Box::new(|_| {}));
    for target in election_targets().unwrap() {
        for seed in 0..3 {
            for build in target.builds() {
                let golden = target.golden(build, seed, run_us);
                let mut rng = SmallRng::seed_from_u64(seed);
                for kind in Kind::ALL {
                    let n = target.sim_config().n;
                    let fault = Fault::random(Site::Arithmetic, kind, window.clone(), n, &mut rng);
                    let verdict = target
                        .faulty(build, seed, run_us, &fault, &golden)
                        .expect("a run");
                    assert_ne!(verdict.why, "the armed operation never ran", "{fault:?}");
                    if build.encoded() {
                        assert_ne!(verdict.outcome, Outcome::Sdc, "{fault:?}: {}", verdict.why);
                    }
                    *outcomes
                        .entry((build.name().to_string(), verdict.outcome))
                        .or_insert(0) += 1;
                }
            }
        }
    }
    let _ = std::panic::take_hook();
    // Most encoded faults are caught by a check, none in plain.
    assert!(
        outcomes.get(&("encoded".to_string(), Outcome::Detected)) > Some(&15),
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes.get(&("plain".to_string(), Outcome::Detected)),
        None,
        "{outcomes:?}"
    );
}
