//! A bit flip in a word of an encoded process's state is caught by the next
//! check that reads it: the process stops (a crash, which both algorithms
//! tolerate), or the invalid word reaches an alarm or a message that the
//! wrapper discards (an omission). The plain build runs on, unaware.

mod common;

use anguard::inject::{Flip, State, Visitor};
use anguard::sim::{Event, Sim};
use anguard_protocols::{HaleConfig, Rotel4Config, hale, rotel4};
use common::*;

/// Flips `mask` into the `target`-th word it is shown; counts the words.
struct FlipWord {
    target: usize,
    seen: usize,
    mask: u64,
}

impl Visitor for FlipWord {
    fn word(&mut self, word: &mut dyn Flip) {
        if self.seen == self.target {
            word.flip(self.mask);
        }
        self.seen += 1;
    }
    fn uncovered(&mut self, _: &mut dyn Flip) {}
}

/// For every word of node 0's state: flips one bit of it and runs on.
/// Returns (words, flips detected).
fn flip_each_word<P: State + 'static>(
    mut new_sim: impl FnMut() -> Sim<Option<u32>>,
    what: &str,
) -> (usize, usize) {
    let mut words = usize::MAX;
    let mut detected = 0;
    let mut target = 0;
    while target < words {
        let mut sim = new_sim();
        sim.run_for(S);
        let mut flip = FlipWord {
            target,
            seen: 0,
            mask: 1 << (target % 31),
        };
        sim.with_state(0, |state| {
            state
                .downcast_mut::<P>()
                .expect("the protocol type")
                .visit(&mut flip);
        });
        words = flip.seen;
        sim.run_for(2 * S);
        // Caught by a check (the node stops), or carried into an alarm or
        // a message that the wrapper discards (an omission).
        let faults = sim.trace().count(|e| matches!(e, Event::Fault { .. }));
        let discards = sim.trace().count(|e| matches!(e, Event::Discard(_)));
        assert!(faults <= 1, "{what}: word {target}: {faults} faults");
        if faults + discards > 0 {
            detected += 1;
        }
        assert_no_overlap(sim.trace(), 3, sim.now_us(), what);
        target += 1;
    }
    (words, detected)
}

#[test]
fn flipped_state_words_are_detected_in_the_encoded_build() {
    let config = HaleConfig::new(3, 50, 150, 10, 1000).unwrap();
    let new_sim = |build| {
        move || {
            Sim::new(
                sim_config(3, 1, timely(9 * MS), 1000),
                hale_nodes(build, config),
            )
        }
    };
    let (words, detected) =
        flip_each_word::<hale::encoded::Hale>(new_sim(Build::Encoded), "hale encoded");
    eprintln!("hale encoded: {detected} of {words} flipped state words detected");
    // Unnoticed: `quiet_until`, dead once the quiet period is over, and
    // per-peer heard times overwritten before they are read.
    assert!(
        words >= 15 && detected + 3 >= words,
        "{detected} of {words}"
    );
    let (_, plain_detected) =
        flip_each_word::<hale::plain::Hale>(new_sim(Build::Plain), "hale plain");
    assert_eq!(plain_detected, 0, "the plain build has no checks");

    let config = Rotel4Config::new(3, 10).unwrap();
    let new_sim = |build| {
        move || {
            Sim::new(
                sim_config(3, 1, timely(9 * MS), 100),
                rotel4_nodes(build, config),
            )
        }
    };
    let (words, detected) =
        flip_each_word::<rotel4::encoded::Rotel4>(new_sim(Build::Encoded), "rotel4 encoded");
    eprintln!("rotel4 encoded: {detected} of {words} flipped state words detected");
    assert_eq!(detected, words);
}
