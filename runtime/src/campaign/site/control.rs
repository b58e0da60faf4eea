//! The control sites (feature `inject`): one decision's outcome inverted,
//! one store to a field of the state skipped, or the word it stored
//! flipped, drawn uniformly from those the
//! fault-free run makes (all nodes together) between the fault's time and
//! the end, so that it strikes if there is one (a run may store to its
//! state rarely: then the fault is armed at the next call, and the record
//! says if none came). Both copies of an `#[an_encode]`
//! module have the same points in the same order; every word stays a
//! valid code word, which is what an AN code cannot see.

use super::{Injection, Injector};

/// A decision (`if`, `while`, a match guard) taken the wrong way once.
pub(in super::super) struct Branch;

/// A store to a field of the state skipped once: the field keeps its old,
/// valid value.
pub(in super::super) struct LostUpdate;

/// The word a store to a field of the state just wrote, flipped as the
/// kind says: a state word corrupted between two operations of a handler,
/// not between events.
pub(in super::super) struct MidHandler;

#[cfg(feature = "inject")]
pub(super) mod armed {
    use std::thread::LocalKey;

    use rand::Rng;

    use super::super::super::run::calls_after;
    use super::{Branch, Injection, Injector, LostUpdate, MidHandler};
    use crate::inject::control::{DECISIONS, FLIPS, Point, STORES, arm_flip};

    /// Arms `point` at a call drawn uniformly from the `calls` the
    /// fault-free run makes after the fault's time (the next one if none).
    pub(in super::super) fn arm(
        point: &'static LocalKey<Point>,
        calls: &[u64],
        injection: Injection<'_>,
    ) -> Result<(), String> {
        let mut rng = injection.rng;
        let ahead = calls_after(calls, injection.fault.at_us).max(1);
        point.with(|p| p.arm(rng.random_range(0..ahead)));
        Ok(())
    }

    impl Injector for Branch {
        fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
            arm(&DECISIONS, &injection.points.decisions, injection)
        }
        fn disarm(&self) -> Option<bool> {
            Some(DECISIONS.with(Point::disarm))
        }
    }

    impl Injector for LostUpdate {
        fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
            arm(&STORES, &injection.points.stores, injection)
        }
        fn disarm(&self) -> Option<bool> {
            Some(STORES.with(Point::disarm))
        }
    }

    /// The stores' calls are the flips' calls: each store passes both.
    impl Injector for MidHandler {
        fn arm(&self, mut injection: Injection<'_>) -> Result<(), String> {
            let mask = injection.word_mask();
            let ahead = calls_after(&injection.points.stores, injection.fault.at_us).max(1);
            arm_flip(injection.rng.random_range(0..ahead), mask);
            Ok(())
        }
        fn disarm(&self) -> Option<bool> {
            Some(FLIPS.with(Point::disarm))
        }
    }
}

#[cfg(not(feature = "inject"))]
impl Injector for Branch {
    fn arm(&self, _: Injection<'_>) -> Result<(), String> {
        Err("the branch site needs anguard's feature `inject`".into())
    }
}

#[cfg(not(feature = "inject"))]
impl Injector for LostUpdate {
    fn arm(&self, _: Injection<'_>) -> Result<(), String> {
        Err("the lost-update site needs anguard's feature `inject`".into())
    }
}

#[cfg(not(feature = "inject"))]
impl Injector for MidHandler {
    fn arm(&self, _: Injection<'_>) -> Result<(), String> {
        Err("the mid-handler site needs anguard's feature `inject`".into())
    }
}
