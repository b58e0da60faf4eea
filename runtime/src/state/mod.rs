//! A protocol's state, as the scrub and the fault injector see it.
//!
//! [`State::visit`] shows a [`Visitor`] each word of the state and each piece
//! the encoding does not cover (flags, tags, vector lengths), in a fixed
//! order. `#[an_encode]` derives it for every struct and enum of its module,
//! so that a field cannot be forgotten: the same visit hands `u32` words to
//! the visitor in the plain build and `AnU32` code words in the encoded one.
//! The scrub of [`Adapter::scrubbing`](crate::Adapter::scrubbing) checks
//! every code word it is shown; an injector flips the bits of one.
//!
//! Here the derived visit shows `count`, each word of `history`, then its
//! length and `stopped` (uncovered):
//!
//! ```
//! use anguard::state::{Flip, State, Visitor};
//!
//! #[anguard::an_encode]
//! pub mod counter {
//!     #[derive(Debug, Default)]
//!     pub struct Counter {
//!         pub count: u32,
//!         pub history: Vec<u32>,
//!         pub stopped: bool,
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

/// Something a bit flip can hit: its bits, as stored.
pub trait Flip {
    /// How many bits it has (a flip mask is taken modulo this width).
    fn width(&self) -> u32;
    /// Its bits, as stored.
    fn bits(&self) -> u64;
    /// XORs `mask` (truncated to the width) into its bits.
    fn flip(&mut self, mask: u64);
    /// Whether its bits pass the encoding's check (state the encoding does
    /// not cover always does).
    fn is_valid(&self) -> bool {
        true
    }
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
    /// An encoded word where the plain build has state the encoding does
    /// not cover (a flag, an enum's tag): uncovered to an injector, so that
    /// both builds show the same targets, and checked by the scrub.
    fn flag(&mut self, word: &mut dyn Flip) {
        self.uncovered(word);
    }
    /// An encoded word that also holds an `Option`'s tag (zero for `None`):
    /// the word, when there is one (`some`), and the place of the tag, which
    /// the plain build keeps apart and does not cover. A flip of either is a
    /// flip of the word.
    fn tagged(&mut self, word: &mut dyn Flip, some: bool) {
        if some {
            self.word(word);
        }
        self.uncovered(word);
    }
    /// How much of a long collection ([`Windowed`]) this visit takes in:
    /// `None`, all of it (an injector, a fingerprint); `Some(k)`, the next
    /// `k` elements in turn (the scrub, bounded per event).
    fn window(&self) -> Option<usize> {
        None
    }
}

/// Protocol state the scrub and an injector can reach.
///
/// `#[an_encode]` derives it for every struct and enum of its module (see
/// [the macro's documentation](crate::an_encode)); the impls here cover the
/// standard types such state is made of.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not protocol state anguard can visit",
    label = "this field's type has no `anguard::state::State`",
    note = "define the type inside the `#[an_encode]` module (which derives `State`), \
            implement `anguard::state::State` for it, or mark the field `#[state(skip)]`"
)]
pub trait State {
    /// Shows every word and every uncovered piece of state to `v`, in a fixed
    /// order (the same in both builds).
    fn visit(&mut self, v: &mut dyn Visitor);

    /// Shows an `Option` of this state: by default its value, if any, then
    /// its tag, which the encoding does not cover. An encoded word keeps the
    /// tag in the word itself (zero is `None`) and shows only the word.
    fn visit_option(option: &mut Option<Self>, v: &mut dyn Visitor)
    where
        Self: Sized + Default,
    {
        if let Some(value) = option {
            value.visit(v);
        }
        v.uncovered(option);
    }
}

pub mod coverage;
mod fingerprint;
mod flip;
mod impls;
mod window;

pub use fingerprint::{fingerprint, fingerprint_into};
pub use window::{SCRUB_WINDOW, Windowed};
