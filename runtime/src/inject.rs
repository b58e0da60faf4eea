//! Fault injection: the arithmetic, control, exchange and outside injection
//! points, and (re-exported) the [`State`] a protocol shows an injector.
//!
//! A protocol's state is reached through [`crate::state`], which the scrub
//! uses too; its items are re-exported here for injectors.

pub use crate::state::{Flip, State, Visitor};

/// Calls `$callback!` with every std integer type the encoding covers, each
/// with the unsigned type of its bits (`i16 => u16`), after `$args`: the one
/// list the arithmetic and exchange points are generated from, so that both
/// copies have points on the same types.
macro_rules! with_words {
    ($callback:ident!($($args:tt)*)) => {
        $callback! { $($args)*
            u8 => u8, u16 => u16, u32 => u32, u64 => u64, usize => usize,
            i8 => u8, i16 => u16, i32 => u32, i64 => u64, isize => usize,
        }
    };
}

/// The injection point in arithmetic (feature `inject`): the result of the
/// N-th operation on this thread after [`arm`](alu::arm) is corrupted. Encoded
/// operations call it on their code word; the plain build of an
/// `#[an_encode]` module calls it on the results of its integer and `bool`
/// arithmetic.
#[cfg(feature = "inject")]
pub mod alu {
    use std::cell::Cell;

    thread_local! {
        /// Operations left before the fault, and its mask.
        static ARMED: Cell<Option<(u64, u64)>> = const { Cell::new(None) };
        static FIRED: Cell<bool> = const { Cell::new(false) };
        static OPERATIONS: Cell<u64> = const { Cell::new(0) };
        /// A permanent defect: the result bits it matches, and the stuck bits.
        static DEFECT: Cell<Option<Defect>> = const { Cell::new(None) };
        static STRUCK: Cell<u64> = const { Cell::new(0) };
        /// The node whose handler runs (as its adapter said).
        static NODE: Cell<u32> = const { Cell::new(0) };
    }

    /// Says that node `node`'s handler runs now on this thread (its adapter
    /// does): a [`Defect`] strikes only its node's operations.
    #[inline]
    pub fn enter_node(node: u32) {
        NODE.set(node);
    }

    /// The node [`enter_node`] named last.
    #[inline]
    pub fn node() -> u32 {
        NODE.get()
    }

    /// A permanent defect of the arithmetic of node `node` (the machine it
    /// runs on): every result whose bits under
    /// `pattern` equal `value` comes out with the bits of `stuck` set (a
    /// result whose stuck bits are set already comes out right). Without a
    /// `value`, the first result the defect can make wrong sets it: the
    /// pattern is one the run's own results take.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Defect {
        pub node: u32,
        pub pattern: u64,
        pub value: Option<u64>,
        pub stuck: u64,
    }

    /// Installs `defect` on this thread until [`disarm`]: from now on,
    /// every result it matches is wrong.
    pub fn arm_defect(defect: Defect) {
        DEFECT.set(Some(defect));
        STRUCK.set(0);
    }

    /// How many results the defect installed last has made wrong.
    pub fn defect_struck() -> u64 {
        STRUCK.get()
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

    /// Disarms the injection point, and removes any defect.
    pub fn disarm() {
        ARMED.set(None);
        DEFECT.set(None);
    }

    /// Whether the armed fault has hit a result.
    pub fn fired() -> bool {
        FIRED.get()
    }

    /// Counts one operation and returns its result, corrupted if it is the one.
    #[inline]
    pub fn corrupt(result: u64) -> u64 {
        OPERATIONS.set(OPERATIONS.get().wrapping_add(1));
        let result = match DEFECT.get() {
            Some(mut d) if d.node == NODE.get() && result & d.stuck != d.stuck => {
                let value = *d.value.get_or_insert(result & d.pattern);
                if result & d.pattern == value {
                    DEFECT.set(Some(d));
                    STRUCK.set(STRUCK.get() + 1);
                    result | d.stuck
                } else {
                    result
                }
            }
            _ => result,
        };
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
        u32::corrupted(result)
    }

    /// A plain result the injection point counts and may corrupt: a std
    /// integer of any width, or a `bool`, as the low bits of the point's
    /// 64-bit word (a mask's bits above the type's width do nothing).
    pub trait Plain: Copy + 'static {
        /// Counts one operation; `self`, corrupted if it is the one.
        fn corrupted(self) -> Self;
    }

    macro_rules! plain_results {
        ($($t:ty => $bits:ty),* $(,)?) => {$(
            impl Plain for $t {
                #[inline]
                fn corrupted(self) -> Self {
                    corrupt(self as $bits as u64) as $bits as $t
                }
            }
        )*};
    }

    with_words!(plain_results!());

    impl Plain for bool {
        #[inline]
        fn corrupted(self) -> Self {
            corrupt(u64::from(self)) & 1 == 1
        }
    }

    /// [`result_in`]'s type test, over each [`Plain`] type.
    macro_rules! corrupt_any {
        ($place:ident; $($t:ty => $bits:ty,)*) => {
            corrupt_any!(@ $place; $($t,)* bool)
        };
        (@ $place:ident; $($t:ty),*) => {
            $(if let Some(word) = $place.downcast_mut::<$t>() {
                *word = word.corrupted();
            } else if let Some(option) = $place.downcast_mut::<Option<$t>>() {
                match option {
                    Some(word) => *word = word.corrupted(),
                    None => _ = <$t>::default().corrupted(),
                }
            } else if let Some((word, _)) = $place.downcast_mut::<($t, bool)>() {
                *word = word.corrupted();
            } else)* {}
        };
    }

    /// The result of an arithmetic operation in the plain copy of an
    /// `#[an_encode]` module, which calls it through [`__alu!`](crate::__alu)
    /// without knowing the result's type. An integer of a type the encoding
    /// covers (every width) or a `bool` counts as an operation and may be
    /// corrupted ([`Plain`]): a byte buffer's `u8`s too, which the encoded
    /// copy keeps plain, so an operation on two of them (`b - b'0'`) is a
    /// point of the plain copy alone; so
    /// do the results of the integers' `checked_*` (an `Option`: a `None`
    /// counts too, as the encoded operation computes a word before it finds
    /// the overflow) and `overflowing_*` (a pair: the word). Any other type
    /// passes unchanged and uncounted: it has no encoded counterpart.
    #[inline(always)]
    pub fn result<T: 'static>(mut value: T) -> T {
        result_in(&mut value);
        value
    }

    /// [`result`] for the place a compound assignment (`x += y`) wrote.
    #[inline(always)]
    #[allow(clippy::unnecessary_cast, trivial_numeric_casts)]
    pub fn result_in<T: 'static>(place: &mut T) {
        let place = place as &mut dyn core::any::Any;
        with_words!(corrupt_any!(place;));
    }
}

#[cfg(feature = "inject")]
pub mod control;
pub mod exchange;
pub mod outside;

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

/// A decision of either copy of an `#[an_encode]` module: the condition of
/// an `if` or `while`, a match guard. Without the feature `inject` it is the
/// condition as written; with it, the outcome goes through
/// [`control::decision`]. Not a public API.
#[cfg(not(feature = "inject"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __decision {
    ($e:expr) => {
        $e
    };
}

/// A decision, in a fault-injection build: see the other definition.
#[cfg(feature = "inject")]
#[doc(hidden)]
#[macro_export]
macro_rules! __decision {
    ($e:expr) => {
        $crate::inject::control::decision($e)
    };
}

/// A store to a field of the state in either copy of an `#[an_encode]`
/// module: `$place = $value` as written without the feature `inject`; with
/// it, the value is computed, then stored unless [`control::store`] says
/// the store is lost, and the field passes [`control::stored`], which may
/// flip the word it now holds. Not a public API.
#[cfg(not(feature = "inject"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __store {
    ($(@generic)? $place:expr, $value:expr) => {
        $place = $value
    };
}

/// A store, in a fault-injection build: see the other definition.
#[cfg(feature = "inject")]
#[doc(hidden)]
#[macro_export]
macro_rules! __store {
    (@generic $place:expr, $value:expr) => {{
        let value = $value;
        if $crate::inject::control::store() {
            $place = value;
        }
        $crate::inject::control::stored_elsewhere();
    }};
    ($place:expr, $value:expr) => {{
        let value = $value;
        if $crate::inject::control::store() {
            $place = value;
        }
        $crate::inject::control::stored(&mut $place);
    }};
}
