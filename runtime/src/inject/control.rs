//! The control injection points of both copies of an `#[an_encode]` module
//! (feature `inject`): each decision goes through [`decision`], each store
//! to a field of the state through [`store`]. A fault armed at a point
//! strikes the N-th call after it: a decision's outcome inverted once, a
//! store skipped once (the field keeps its old value, a valid word).

use std::cell::Cell;

/// One kind of control point: its calls, and a fault armed at it.
#[derive(Debug)]
pub struct Point {
    armed: Cell<Option<u64>>,
    fired: Cell<bool>,
    calls: Cell<u64>,
}

impl Point {
    const fn new() -> Self {
        Self {
            armed: Cell::new(None),
            fired: Cell::new(false),
            calls: Cell::new(0),
        }
    }

    /// Calls so far on this thread, armed or not.
    pub fn calls(&self) -> u64 {
        self.calls.get()
    }

    /// Strikes the call `after` calls from now (0: the next one).
    pub fn arm(&self, after: u64) {
        self.armed.set(Some(after));
        self.fired.set(false);
    }

    /// Disarms it; whether it struck.
    pub fn disarm(&self) -> bool {
        self.armed.set(None);
        self.fired.get()
    }

    /// Counts one call; whether it is the one struck.
    #[inline]
    fn strikes(&self) -> bool {
        self.calls.set(self.calls.get().wrapping_add(1));
        match self.armed.get() {
            None => false,
            Some(0) => {
                self.armed.set(None);
                self.fired.set(true);
                true
            }
            Some(left) => {
                self.armed.set(Some(left - 1));
                false
            }
        }
    }
}

thread_local! {
    /// The decisions' point.
    pub static DECISIONS: Point = const { Point::new() };
    /// The stores' point.
    pub static STORES: Point = const { Point::new() };
}

/// A decision's outcome, inverted if struck. Generic, as the macro cannot
/// see types: a `bool` counts and may be inverted; any other type passes
/// unchanged and uncounted.
#[inline(always)]
pub fn decision<T: 'static>(mut outcome: T) -> T {
    if let Some(b) = (&mut outcome as &mut dyn core::any::Any).downcast_mut::<bool>()
        && DECISIONS.with(Point::strikes)
    {
        *b = !*b;
    }
    outcome
}

/// Whether a store happens (false once, if struck).
#[inline(always)]
pub fn store() -> bool {
    !STORES.with(Point::strikes)
}
