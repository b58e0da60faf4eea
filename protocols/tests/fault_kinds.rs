//! Fault kinds beyond flipped words, on a small campaign at every hardening
//! level, in both directions: the plain build suffers each kind, and the
//! protected encoded build detects it.
#![cfg(feature = "inject")]

use anguard::Hardening;
use anguard::campaign::{Campaign, Counts, Kind, Outcome, Site, Tally};
use anguard_protocols::campaign::hardened_election_targets;

/// A small campaign: `runs` faults at `site`, 1 to 3 stuck or flipped bits,
/// every build at every level.
fn campaign(runs: usize, site: Site) -> Tally {
    std::panic::set_hook(Box::new(|_| {}));
    let campaign = Campaign {
        runs,
        seed: 5,
        sites: vec![site],
        kinds: vec![Kind::OneBit, Kind::TwoBits, Kind::ThreeBits],
        ..Campaign::default()
    };
    let targets = hardened_election_targets(&Hardening::ALL).unwrap();
    let report = campaign.run(&targets).expect("runs");
    let _ = std::panic::take_hook();
    report.tally
}

fn counts(tally: &Tally, build: &str, site: Site) -> Counts {
    tally
        .groups()
        .find(|&(b, s, _)| b == build && s == site)
        .map(|(_, _, counts)| *counts)
        .unwrap_or_else(|| panic!("no runs of {build} at {site}"))
}

/// Whether a build suffered: some runs ended wrong or stuck, none was
/// caught.
fn suffered(counts: &Counts) -> bool {
    counts.get(Outcome::Sdc) + counts.get(Outcome::Hang) > 0 && counts.get(Outcome::Detected) == 0
}

/// A permanent defect of one node's arithmetic: plain runs go wrong, with
/// or without duplication (both runs compute the same wrong result); the
/// encoded build meets it on code words, where a stuck bit is never a code
/// word, and detects every one.
#[test]
fn a_permanent_defect_is_suffered_by_plain_and_detected_by_encoded() {
    let tally = campaign(48, Site::Permanent);
    for build in ["plain", "plain-dup"] {
        let plain = counts(&tally, build, Site::Permanent);
        assert!(suffered(&plain), "{build}:\n{}", tally.markdown());
    }
    for build in ["encoded", "encoded-dup"] {
        let encoded = counts(&tally, build, Site::Permanent);
        assert_eq!(encoded.get(Outcome::Sdc), 0, "{}", tally.markdown());
        assert_eq!(
            encoded.get(Outcome::Detected),
            encoded.total(),
            "{}",
            tally.markdown()
        );
    }
}

/// A transient arithmetic fault: duplication catches it in the plain build
/// too, when it strikes one of the two runs.
#[test]
fn a_transient_arithmetic_fault_is_detected_by_duplication() {
    let tally = campaign(48, Site::Arithmetic);
    let plain = counts(&tally, "plain", Site::Arithmetic);
    assert!(plain.get(Outcome::Sdc) > 0, "{}", tally.markdown());
    assert_eq!(plain.get(Outcome::Detected), 0);
    let dup = counts(&tally, "plain-dup", Site::Arithmetic);
    assert_eq!(dup.get(Outcome::Sdc), 0, "{}", tally.markdown());
    assert!(dup.get(Outcome::Detected) > 0, "{}", tally.markdown());
    let encoded = counts(&tally, "encoded-dup", Site::Arithmetic);
    assert_eq!(encoded.get(Outcome::Sdc), 0, "{}", tally.markdown());
    assert!(encoded.get(Outcome::Detected) > encoded.total() / 2);
}

/// Outside the encoded module (a decoded destination or alarm time, a
/// message's bytes after serialization): no level detects it, as no code
/// word covers the value any more. What protects the election is the
/// receiver's check of a payload's words (a discard) and the protocol's own
/// tolerance of a lost or misrouted message: the limitation is measured,
/// not hidden.
#[test]
fn faults_outside_the_encoded_module_go_undetected_at_every_level() {
    let tally = campaign(48, Site::Outside);
    for build in ["plain", "encoded", "plain-dup", "encoded-dup"] {
        let counts = counts(&tally, build, Site::Outside);
        assert_eq!(
            counts.get(Outcome::Detected),
            0,
            "{build}:\n{}",
            tally.markdown()
        );
        assert!(
            counts.get(Outcome::Masked) < counts.total(),
            "{build}: the faults struck:\n{}",
            tally.markdown()
        );
    }
    let encoded = counts(&tally, "encoded", Site::Outside);
    assert!(encoded.get(Outcome::Discarded) > 0, "{}", tally.markdown());
}

/// A decision taken the wrong way once: every word stays valid, so the AN
/// code alone misses it in the encoded build as in the plain one; with
/// duplicated execution the two runs differ, and no run goes wrong unseen.
#[test]
fn a_wrong_branch_passes_an_and_is_detected_by_duplication() {
    let tally = campaign(96, Site::Branch);
    for build in ["plain", "encoded"] {
        let an = counts(&tally, build, Site::Branch);
        assert!(suffered(&an), "{build}:\n{}", tally.markdown());
    }
    for build in ["plain-dup", "encoded-dup"] {
        let dup = counts(&tally, build, Site::Branch);
        assert_eq!(dup.get(Outcome::Sdc), 0, "{build}:\n{}", tally.markdown());
        assert!(
            dup.get(Outcome::Detected) > dup.total() / 2,
            "{}",
            tally.markdown()
        );
    }
}

/// A store to the state skipped once: the stale value is a valid word, so
/// the AN code alone misses it (the run differs, unnoticed); with
/// duplicated execution the resulting states differ, and it is detected.
#[test]
fn a_lost_update_passes_an_and_is_detected_by_duplication() {
    let tally = campaign(48, Site::LostUpdate);
    for build in ["plain", "encoded"] {
        let an = counts(&tally, build, Site::LostUpdate);
        assert_eq!(
            an.get(Outcome::Detected),
            0,
            "{build}:\n{}",
            tally.markdown()
        );
        assert!(
            an.get(Outcome::Benign) + an.get(Outcome::Sdc) > 0,
            "{}",
            tally.markdown()
        );
    }
    for build in ["plain-dup", "encoded-dup"] {
        let dup = counts(&tally, build, Site::LostUpdate);
        assert_eq!(dup.get(Outcome::Sdc), 0, "{build}:\n{}", tally.markdown());
        assert!(dup.get(Outcome::Detected) > 0, "{}", tally.markdown());
    }
}

/// An operation that reads another live word in place of an operand: the
/// word is valid, so the AN code alone misses it as plain code does (the
/// run goes otherwise, unnoticed); with duplicated execution the two runs
/// differ, and no run goes wrong unseen.
#[test]
fn an_exchanged_operand_passes_an_and_is_detected_by_duplication() {
    exchanges_pass_an_and_are_caught_by_duplication(Site::ExchangedOperand, 288);
}

/// An operation that executes a neighbouring operator on the right
/// operands: as an exchanged operand, a valid wrong word.
#[test]
fn an_exchanged_operator_passes_an_and_is_detected_by_duplication() {
    exchanges_pass_an_and_are_caught_by_duplication(Site::ExchangedOperator, 96);
}

fn exchanges_pass_an_and_are_caught_by_duplication(site: Site, runs: usize) {
    let tally = campaign(runs, site);
    for build in ["plain", "encoded"] {
        let an = counts(&tally, build, site);
        assert_eq!(
            an.get(Outcome::Detected),
            0,
            "{build}:\n{}",
            tally.markdown()
        );
        assert!(
            an.get(Outcome::Benign) + an.get(Outcome::Sdc) + an.get(Outcome::Hang) > 0,
            "{build}: the faults changed runs:\n{}",
            tally.markdown()
        );
    }
    for build in ["plain-dup", "encoded-dup"] {
        let dup = counts(&tally, build, site);
        assert_eq!(dup.get(Outcome::Sdc), 0, "{build}:\n{}", tally.markdown());
        assert!(dup.get(Outcome::Detected) > 0, "{}", tally.markdown());
    }
}

/// A state word flipped in the middle of a handler, just after a store to
/// it: plain runs go wrong; in the encoded build the flipped word is no
/// code word, and the handler's next read or the scrub after it catches it.
#[test]
fn a_mid_handler_flip_is_suffered_by_plain_and_detected_by_encoded() {
    let tally = campaign(96, Site::MidHandler);
    let plain = counts(&tally, "plain", Site::MidHandler);
    assert!(suffered(&plain), "{}", tally.markdown());
    for build in ["encoded", "encoded-dup"] {
        let encoded = counts(&tally, build, Site::MidHandler);
        assert_eq!(
            encoded.get(Outcome::Sdc),
            0,
            "{build}:\n{}",
            tally.markdown()
        );
        assert!(
            encoded.get(Outcome::Detected) > 0,
            "{build}:\n{}",
            tally.markdown()
        );
    }
}
