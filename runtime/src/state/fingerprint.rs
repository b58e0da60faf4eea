//! A state's fingerprint: what two states are compared by.

use super::{Flip, State, Visitor};

/// Every piece of `state` as its bits, in visiting order; an uncovered
/// piece with bit 63 set, so that the two kinds never compare equal. Two
/// states of one type with the same fingerprint hold the same words.
///
/// ```
/// use anguard::state::{Flip, State, Visitor, fingerprint};
///
/// struct Counter(u32, bool);
/// impl State for Counter {
///     fn visit(&mut self, v: &mut dyn Visitor) {
///         v.word(&mut self.0);
///         v.uncovered(&mut self.1);
///     }
/// }
/// assert_eq!(fingerprint(&mut Counter(7, true)), [7, 1 | 1 << 63]);
/// ```
pub fn fingerprint(state: &mut dyn State) -> Vec<u64> {
    let mut collect = Collect(Vec::new());
    state.visit(&mut collect);
    collect.0
}

struct Collect(Vec<u64>);

impl Visitor for Collect {
    fn word(&mut self, word: &mut dyn Flip) {
        self.0.push(word.bits());
    }
    fn uncovered(&mut self, state: &mut dyn Flip) {
        self.0.push(state.bits() | 1 << 63);
    }
}
