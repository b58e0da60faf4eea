//! Probes of a protocol's state for the tests of what the scrub and an
//! injector see: a visitor that spells out the targets, an environment that
//! records nothing, and whether a node's next event faults.

use anguard::node::{AlarmId, Node, Silent};
use anguard::state::{Flip, Visitor};
use anguard::{AnU32, fault};

/// What a visit shows: `w` a word, `u` uncovered state, `f` an encoded
/// word where the plain build has uncovered state (a flag, an enum's tag).
#[derive(Debug, Default)]
pub struct Shown(pub String);

impl Visitor for Shown {
    fn word(&mut self, _: &mut dyn Flip) {
        self.0.push('w');
    }
    fn uncovered(&mut self, _: &mut dyn Flip) {
        self.0.push('u');
    }
    fn flag(&mut self, _: &mut dyn Flip) {
        self.0.push('f');
    }
}

/// Whether the next event (alarm 0) stops `node` with a `Fault`.
pub fn next_event_faults(node: &mut dyn Node<u32>) -> bool {
    let caught = fault::with_policy(fault::Policy::Panic, || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            node.on_alarm(AlarmId::encoded(AnU32::ZERO), &mut Silent { me: 0, n: 1 });
        }))
    });
    matches!(caught, Err(payload) if payload.is::<fault::Fault>())
}
