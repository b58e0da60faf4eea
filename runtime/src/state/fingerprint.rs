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
    let mut words = Vec::new();
    fingerprint_into(state, &mut words);
    words
}

/// [`fingerprint`], appended to `words` (whose buffer it reuses).
pub fn fingerprint_into(state: &mut dyn State, words: &mut Vec<u64>) {
    state.visit(&mut Collect(words));
}

struct Collect<'a>(&'a mut Vec<u64>);

impl Visitor for Collect<'_> {
    fn word(&mut self, word: &mut dyn Flip) {
        self.0.push(word.bits());
    }
    fn uncovered(&mut self, state: &mut dyn Flip) {
        self.0.push(state.bits() | 1 << 63);
    }
}
