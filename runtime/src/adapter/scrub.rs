//! The state scrub of an encoded node.
//!
//! A word corrupted where the protocol does not read it again would sit in
//! memory undetected; the scrub checks every word of the protocol's state (as
//! its [`State`] shows them) after each event, and the length of every vector
//! the state declares sized by a word, and hands an invalid one to the fault
//! policy, for the price of one multiply and compare per word. Of state that
//! grows with use ([`Windowed`](crate::state::Windowed)) it checks a window
//! of [`SCRUB_WINDOW`] elements per event, in turn: its work per event stays
//! bounded, and every element is checked within a bounded number of events.

use crate::state::{Flip, SCRUB_WINDOW, State, Visitor};
use crate::{AnU32, fault};

/// Checks every encoded word of `state`; an invalid one goes to the fault policy.
pub(super) fn scrub<P: State>(state: &mut P) {
    state.visit(&mut Scrub);
}

struct Scrub;

impl Visitor for Scrub {
    fn word(&mut self, word: &mut dyn Flip) {
        if !word.is_valid() {
            fault::invalid_word(word.bits(), "state scrub");
        }
    }

    fn uncovered(&mut self, _: &mut dyn Flip) {}

    fn flag(&mut self, word: &mut dyn Flip) {
        self.word(word);
    }

    fn sized(&mut self, vector: &mut dyn Flip, len: &dyn Flip) {
        let word = len.bits();
        let Ok(len) = AnU32::from_raw(word) else {
            fault::invalid_word(word, "state scrub");
        };
        if vector.bits() != u64::from(len.decode()) {
            // The vector's length disagrees with the (valid) word that
            // sizes it: report that word.
            fault::invalid_word(word, "state scrub: vector length");
        }
    }

    fn window(&self) -> Option<usize> {
        Some(SCRUB_WINDOW)
    }
}
