//! The control injection points of both copies of an `#[an_encode]` module
//! (feature `inject`): each decision goes through [`decision`], each store
//! to a field of the state through [`store`] and then [`stored`]. A fault
//! armed at a point strikes the N-th call after it: a decision's outcome
//! inverted once, a store skipped once (the field keeps its old value, a
//! valid word), or the word just stored flipped (a state word corrupted in
//! the middle of a handler, between two of its operations).

use core::any::Any;
use std::cell::Cell;

use crate::an::An;
use crate::state::{Flip, State, Visitor};

/// One injection point of both copies (a control point, an exchange
/// point): its calls, and a fault armed at it.
#[derive(Debug)]
pub struct Point {
    armed: Cell<Option<u64>>,
    fired: Cell<bool>,
    calls: Cell<u64>,
}

impl Point {
    pub(crate) const fn new() -> Self {
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
        let due = self.due();
        if due {
            self.fire();
        }
        due
    }

    /// Counts one call; whether the fault is due here (it stays due until
    /// [`fire`](Self::fire)).
    #[inline]
    pub(crate) fn due(&self) -> bool {
        self.calls.set(self.calls.get().wrapping_add(1));
        match self.armed.get() {
            None => false,
            Some(0) => true,
            Some(left) => {
                self.armed.set(Some(left - 1));
                false
            }
        }
    }

    pub(crate) fn fire(&self) {
        self.armed.set(None);
        self.fired.set(true);
    }
}

thread_local! {
    /// The decisions' point.
    pub static DECISIONS: Point = const { Point::new() };
    /// The stores' point.
    pub static STORES: Point = const { Point::new() };
    /// The point of flips of a stored word: the same calls as [`STORES`].
    pub static FLIPS: Point = const { Point::new() };
    /// The bits a flip of a stored word flips.
    static FLIP_MASK: Cell<u64> = const { Cell::new(0) };
}

/// Arms [`FLIPS`]: the word stored `after` stores from now (0: the next
/// one) gets `mask` flipped (its low bits, as wide as the word). A store of
/// no word (a flag, a vector) does not count: the fault waits for the next
/// word stored.
pub fn arm_flip(after: u64, mask: u64) {
    FLIP_MASK.set(mask);
    FLIPS.with(|p| p.arm(after));
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

/// The field a store just wrote: flipped, if [`FLIPS`] strikes here and it
/// holds a word (as its [`State`] shows one). Generic, as the macro cannot
/// see types: the state's words (`u32` plain, every `An<T>` encoded, and
/// `Option`s of them) may be flipped; any other type only counts.
#[inline(always)]
pub fn stored<T: 'static>(place: &mut T) {
    if FLIPS.with(Point::due) && flip_word(place as &mut dyn Any) {
        FLIPS.with(Point::fire);
    }
}

/// A store in an impl of a type with parameters or lifetimes, whose field
/// may not be `'static`: it counts at [`FLIPS`] as [`stored`] does, and
/// cannot be flipped (the fault waits for the next store).
#[inline(always)]
pub fn stored_elsewhere() {
    FLIPS.with(Point::due);
}

/// Flips the first word `place`'s state shows, if it is a word of a type
/// the state knows; whether it did.
fn flip_word(place: &mut dyn Any) -> bool {
    let mut flip = FlipFirst {
        mask: FLIP_MASK.get(),
        done: false,
    };
    macro_rules! visit_any {
        ($($t:ty),*) => {
            $(if let Some(word) = place.downcast_mut::<$t>() {
                State::visit(word, &mut flip);
            } else if let Some(word) = place.downcast_mut::<Option<$t>>() {
                State::visit(word, &mut flip);
            } else)* {}
        };
    }
    visit_any!(
        u32,
        bool,
        u8,
        u16,
        u64,
        usize,
        i8,
        i16,
        i32,
        i64,
        isize,
        An<u8>,
        An<u16>,
        An<u32>,
        An<u64>,
        An<usize>,
        An<i8>,
        An<i16>,
        An<i32>,
        An<i64>,
        An<isize>,
        An<bool>
    );
    flip.done
}

/// Flips the first word it is shown.
struct FlipFirst {
    mask: u64,
    done: bool,
}

impl Visitor for FlipFirst {
    fn word(&mut self, word: &mut dyn Flip) {
        if !self.done {
            word.flip(self.mask);
            self.done = true;
        }
    }
    fn uncovered(&mut self, _: &mut dyn Flip) {}
}
