//! The state sites: a word of the protocol's state, or a piece of state the
//! encoding does not cover, struck at the fault's time.

use rand::Rng;
use rand::rngs::SmallRng;

use super::super::kind::Kind;
use super::{Injection, Injector};
use crate::state::{Flip, State, Visitor};

pub(in super::super) struct StateWord;
pub(in super::super) struct Uncovered;

impl Injector for StateWord {
    fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
        strike_node(injection, true)
    }
}

impl Injector for Uncovered {
    fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
        strike_node(injection, false)
    }
}

fn strike_node(injection: Injection<'_>, covered: bool) -> Result<(), String> {
    let Injection {
        sim,
        fault,
        state,
        mut rng,
        ..
    } = injection;
    let mut struck = false;
    sim.with_state(fault.node, &mut |any| {
        struck = state(any).is_some_and(|s| strike(s, covered, fault.kind, &mut rng));
    });
    match struck {
        true => Ok(()),
        false => Err(format!(
            "node {} has no {} state to strike",
            fault.node, fault.site
        )),
    }
}

/// Counts the targets a visit shows, at one site.
#[derive(Debug, Default)]
struct Count {
    words: usize,
    uncovered: usize,
}

impl Visitor for Count {
    fn word(&mut self, _: &mut dyn Flip) {
        self.words += 1;
    }
    fn uncovered(&mut self, _: &mut dyn Flip) {
        self.uncovered += 1;
    }
}

/// Corrupts the `index`-th target of a site during a visit.
struct Strike<'a> {
    covered: bool,
    index: usize,
    seen: usize,
    kind: Kind,
    rng: &'a mut SmallRng,
}

impl Strike<'_> {
    fn offer(&mut self, target: &mut dyn Flip) {
        if self.seen == self.index {
            let mask = self.kind.mask(target.width(), target.bits(), self.rng);
            target.flip(mask);
        }
        self.seen += 1;
    }
}

impl Visitor for Strike<'_> {
    fn word(&mut self, word: &mut dyn Flip) {
        if self.covered {
            self.offer(word);
        }
    }
    fn uncovered(&mut self, state: &mut dyn Flip) {
        if !self.covered {
            self.offer(state);
        }
    }
}

/// Corrupts one randomly chosen target of `state`: a word if `covered`, an
/// uncovered piece otherwise. Returns false if there is none.
fn strike(state: &mut dyn State, covered: bool, kind: Kind, rng: &mut SmallRng) -> bool {
    let mut count = Count::default();
    state.visit(&mut count);
    let targets = if covered {
        count.words
    } else {
        count.uncovered
    };
    if targets == 0 {
        return false;
    }
    let index = rng.random_range(0..targets);
    state.visit(&mut Strike {
        covered,
        index,
        seen: 0,
        kind,
        rng,
    });
    true
}

/// A fingerprint of a state: every target's bits, in visiting order.
pub(in super::super) fn fingerprint(state: &mut dyn State) -> Vec<u64> {
    struct Collect(Vec<u64>);
    impl Visitor for Collect {
        fn word(&mut self, word: &mut dyn Flip) {
            self.0.push(word.bits());
        }
        fn uncovered(&mut self, state: &mut dyn Flip) {
            self.0.push(state.bits() | 1 << 63);
        }
    }
    let mut collect = Collect(Vec::new());
    state.visit(&mut collect);
    collect.0
}
