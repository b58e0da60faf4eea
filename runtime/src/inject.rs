//! Fault injection into protocol state.
//!
//! A protocol exposes its state to an injector by implementing [`State`]:
//! one `visit` that names each word and each piece of state the encoding does
//! not cover. Written once over `u32` inside `#[an_encode]`, the same visit
//! hands the injector `u32` words in the plain build and `AnU32` code words in
//! the encoded one.
//!
//! ```
//! use anguard::inject::{Flip, State, Visitor};
//!
//! #[anguard::an_encode]
//! pub mod counter {
//!     use anguard::inject::{State, Visitor};
//!
//!     #[derive(Debug, Default)]
//!     pub struct Counter {
//!         pub count: u32,
//!         pub history: Vec<u32>,
//!         pub stopped: bool,
//!     }
//!
//!     impl State for Counter {
//!         fn visit(&mut self, v: &mut dyn Visitor) {
//!             v.word(&mut self.count);
//!             for word in self.history.iter_mut() {
//!                 v.word(word);
//!             }
//!             v.uncovered(&mut self.stopped);
//!             v.uncovered(&mut self.history);
//!         }
//!     }
//! }
//!
//! /// Flips bit 3 of the first word it is shown.
//! struct FirstWord(bool);
//! impl Visitor for FirstWord {
//!     fn word(&mut self, word: &mut dyn Flip) {
//!         if !self.0 {
//!             word.flip(1 << 3);
//!             self.0 = true;
//!         }
//!     }
//!     fn uncovered(&mut self, _: &mut dyn Flip) {}
//! }
//!
//! let mut plain = counter::plain::Counter { count: 1, ..Default::default() };
//! plain.visit(&mut FirstWord(false));
//! assert_eq!(plain.count, 9, "plain: silently wrong");
//!
//! let mut encoded = counter::encoded::Counter { count: anguard::AnU32::encode(1), ..Default::default() };
//! encoded.visit(&mut FirstWord(false));
//! assert!(!encoded.count.is_valid(), "encoded: the next check catches it");
//! ```

use crate::AnU32;

/// Something a bit flip can hit: its bits, as stored.
pub trait Flip {
    /// How many bits it has (a flip mask is taken modulo this width).
    fn width(&self) -> u32;
    /// Its bits, as stored.
    fn bits(&self) -> u64;
    /// XORs `mask` (truncated to the width) into its bits.
    fn flip(&mut self, mask: u64);
}

/// What a protocol shows an injector.
pub trait Visitor {
    /// A word the encoding covers: `u32` in the plain build, `AnU32` in the
    /// encoded one.
    fn word(&mut self, word: &mut dyn Flip);
    /// State the encoding does not cover: flags, enum tags, vector lengths.
    fn uncovered(&mut self, state: &mut dyn Flip);
    /// A vector whose length must always equal the word `len` (one slot per
    /// process, say). Its length is not encoded, but a scrub can check it
    /// against `len`, which is; to an injector it is uncovered state.
    fn sized(&mut self, vector: &mut dyn Flip, len: &dyn Flip) {
        let _ = len;
        self.uncovered(vector);
    }
}

/// Protocol state an injector can reach.
pub trait State {
    /// Shows every word and every uncovered piece of state to `v`, in a fixed
    /// order (the same in both builds).
    fn visit(&mut self, v: &mut dyn Visitor);
}

fn mask_to(width: u32, mask: u64) -> u64 {
    if width >= 64 {
        mask
    } else {
        mask & ((1u64 << width) - 1)
    }
}

impl Flip for u32 {
    fn width(&self) -> u32 {
        32
    }
    fn bits(&self) -> u64 {
        u64::from(*self)
    }
    fn flip(&mut self, mask: u64) {
        *self ^= mask_to(32, mask) as u32;
    }
}

/// The whole 64-bit code word: a flip makes it (almost always) invalid.
impl Flip for AnU32 {
    fn width(&self) -> u32 {
        64
    }
    fn bits(&self) -> u64 {
        self.to_raw()
    }
    fn flip(&mut self, mask: u64) {
        *self = AnU32::from_raw_trusted(self.to_raw() ^ mask);
    }
}

/// A flag has one bit that means anything.
impl Flip for bool {
    fn width(&self) -> u32 {
        1
    }
    fn bits(&self) -> u64 {
        u64::from(*self)
    }
    fn flip(&mut self, mask: u64) {
        *self ^= mask & 1 == 1;
    }
}

/// An `Option`'s tag: a flip turns `Some(x)` into `None`, and `None` into
/// `Some` of the default value.
impl<T: Default> Flip for Option<T> {
    fn width(&self) -> u32 {
        1
    }
    fn bits(&self) -> u64 {
        u64::from(self.is_some())
    }
    fn flip(&mut self, mask: u64) {
        if mask & 1 == 1 {
            *self = match self.take() {
                Some(_) => None,
                None => Some(T::default()),
            };
        }
    }
}

/// A vector's length: a flip truncates it, or extends it with default
/// values (where real memory would expose whatever lies beyond). Flips are
/// kept to the low 8 bits so that an extension stays allocatable.
impl<T: Default + Clone> Flip for Vec<T> {
    fn width(&self) -> u32 {
        8
    }
    fn bits(&self) -> u64 {
        self.len() as u64
    }
    fn flip(&mut self, mask: u64) {
        let len = self.len() ^ mask_to(8, mask) as usize;
        self.resize(len, T::default());
    }
}

/// The injection point in arithmetic (feature `inject`): the result of the
/// N-th operation on this thread after [`arm`](alu::arm) is corrupted. Encoded
/// operations call it on their code word; the plain build of an
/// `#[an_encode]` module calls it on the results of its u32 arithmetic.
#[cfg(feature = "inject")]
pub mod alu {
    use std::cell::Cell;

    thread_local! {
        /// Operations left before the fault, and its mask.
        static ARMED: Cell<Option<(u64, u64)>> = const { Cell::new(None) };
        static FIRED: Cell<bool> = const { Cell::new(false) };
        static OPERATIONS: Cell<u64> = const { Cell::new(0) };
    }

    /// How many operations have passed the injection point on this thread,
    /// armed or not: the difference between two readings is the number of
    /// results a fault armed at the first could have hit.
    pub fn operations() -> u64 {
        OPERATIONS.get()
    }

    /// Corrupts the result of the operation `after` operations from now
    /// (0: the next one) by XOR with `mask`.
    pub fn arm(after: u64, mask: u64) {
        ARMED.set(Some((after, mask)));
        FIRED.set(false);
    }

    /// Disarms the injection point.
    pub fn disarm() {
        ARMED.set(None);
    }

    /// Whether the armed fault has hit a result.
    pub fn fired() -> bool {
        FIRED.get()
    }

    /// Counts one operation and returns its result, corrupted if it is the one.
    #[inline]
    pub fn corrupt(result: u64) -> u64 {
        OPERATIONS.set(OPERATIONS.get().wrapping_add(1));
        match ARMED.get() {
            None => result,
            Some((0, mask)) => {
                ARMED.set(None);
                FIRED.set(true);
                result ^ mask
            }
            Some((left, mask)) => {
                ARMED.set(Some((left - 1, mask)));
                result
            }
        }
    }

    /// The plain build's injection point: a u32 result.
    #[inline]
    pub fn corrupt_u32(result: u32) -> u32 {
        corrupt(u64::from(result)) as u32
    }

    /// The result of an arithmetic operation in the plain copy of an
    /// `#[an_encode]` module, which calls it through [`__alu!`](crate::__alu)
    /// without knowing the result's type. A `u32` counts as an operation and
    /// may be corrupted ([`corrupt_u32`]); so do the results of u32's
    /// `checked_*` (`Option<u32>`: a `None` counts too, as the encoded
    /// operation computes a word before it finds the overflow) and
    /// `overflowing_*` (`(u32, bool)`: the word). Any other type passes
    /// unchanged and uncounted: it has no encoded counterpart.
    #[inline(always)]
    pub fn result<T: 'static>(mut value: T) -> T {
        result_in(&mut value);
        value
    }

    /// [`result`] for the place a compound assignment (`x += y`) wrote.
    #[inline(always)]
    pub fn result_in<T: 'static>(place: &mut T) {
        let place = place as &mut dyn core::any::Any;
        if let Some(word) = place.downcast_mut::<u32>() {
            *word = corrupt_u32(*word);
        } else if let Some(option) = place.downcast_mut::<Option<u32>>() {
            match option {
                Some(word) => *word = corrupt_u32(*word),
                None => _ = corrupt_u32(0),
            }
        } else if let Some((word, _)) = place.downcast_mut::<(u32, bool)>() {
            *word = corrupt_u32(*word);
        }
    }
}

/// The plain copy's arithmetic hook. `#[an_encode]` wraps each arithmetic
/// expression of the plain copy (a tree of `+ - * / % << >> & | ^` and
/// their compound assignments) in it, as `__alu!(a + b * c)`. Without the
/// feature `inject` it is the identity, so normal builds compile exactly the
/// expression as written: same code, same panics, same lints. With it, the
/// result of each operation of the tree goes through `inject::alu::result`: the
/// same injection point as `AnU32`'s operations, for the u32 code. Not a
/// public API.
#[cfg(not(feature = "inject"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __alu {
    ($e:expr) => {
        $e
    };
}

/// The plain copy's arithmetic hook, in a fault-injection build: see the
/// other definition. `__alu_tree!` (from `anguard-macros`) wraps every
/// operation of the expression's arithmetic in [`alu::result`]; a compound
/// assignment evaluates its right-hand side, then its place (once), as it
/// does for primitive types, and passes the place to [`alu::result_in`].
#[cfg(feature = "inject")]
#[doc(hidden)]
#[macro_export]
macro_rules! __alu {
    ($e:expr) => {
        $crate::inject::__alu_tree!($crate; $e)
    };
}

#[cfg(feature = "inject")]
#[doc(hidden)]
pub use anguard_macros::__alu_tree;
