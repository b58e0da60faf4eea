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
        struck = state(any).is_some_and(|s| strike(s, covered, fault.kind, &mut rng).is_some());
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

/// Calls `f` on the `index`-th target of a site during a visit.
struct At<F> {
    covered: bool,
    index: usize,
    seen: usize,
    f: Option<F>,
}

impl<F: FnOnce(&mut dyn Flip)> At<F> {
    fn offer(&mut self, target: &mut dyn Flip) {
        if self.seen == self.index
            && let Some(f) = self.f.take()
        {
            f(target);
        }
        self.seen += 1;
    }
}

impl<F: FnOnce(&mut dyn Flip)> Visitor for At<F> {
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

/// Calls `f` on the `index`-th target of `state` in visiting order: a word
/// if `covered`, an uncovered piece otherwise. Returns false if there is none.
pub(in super::super) fn at_target(
    state: &mut dyn State,
    covered: bool,
    index: usize,
    f: impl FnOnce(&mut dyn Flip),
) -> bool {
    let mut at = At {
        covered,
        index,
        seen: 0,
        f: Some(f),
    };
    state.visit(&mut at);
    at.f.is_none()
}

/// What a strike into a state did: the target it hit, in visiting order
/// among those of its site, and the bits it flipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Struck {
    /// The target's index among the site's targets (words, or uncovered
    /// pieces), in visiting order.
    pub index: usize,
    /// How many targets of the site the state had.
    pub of: usize,
    /// The target's width in bits.
    pub width: u32,
    /// Its bits before the strike.
    pub bits: u64,
    /// The bits flipped.
    pub mask: u64,
}

/// Corrupts one randomly chosen target of `state`: a word if `covered`, an
/// uncovered piece otherwise. Returns `None` if there is none.
pub(in super::super) fn strike(
    state: &mut dyn State,
    covered: bool,
    kind: Kind,
    rng: &mut SmallRng,
) -> Option<Struck> {
    let mut count = Count::default();
    state.visit(&mut count);
    let targets = if covered {
        count.words
    } else {
        count.uncovered
    };
    if targets == 0 {
        return None;
    }
    let index = rng.random_range(0..targets);
    let mut struck = None;
    at_target(state, covered, index, |target| {
        let (width, bits) = (target.width(), target.bits());
        let mask = kind.mask(width, bits, rng);
        target.flip(mask);
        struck = Some(Struck {
            index,
            of: targets,
            width,
            bits,
            mask,
        });
    });
    struck
}
