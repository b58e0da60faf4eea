//! Runs a module's `plain` and `encoded` builds on the same input and
//! compares what they return, decoded, or how they panic.

use std::cell::Cell;
use std::cmp::Ordering;
use std::fmt::Debug;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use anguard::AnU32;
use anguard::an::{An, Code};
use anguard::fault::{self, Fault, Policy};

/// The plain value of an encoded result.
pub trait Decode {
    /// What the `plain` build returns.
    type Plain;
    /// Decodes every word (checked).
    fn decode(self) -> Self::Plain;
}

impl<T: Code> Decode for An<T> {
    type Plain = T;
    fn decode(self) -> T {
        An::decode(self)
    }
}

macro_rules! unencoded {
    ($($t:ty),*) => {$(
        impl Decode for $t {
            type Plain = $t;
            fn decode(self) -> $t {
                self
            }
        }
    )*};
}
unencoded!(
    (),
    bool,
    u8,
    u16,
    u64,
    usize,
    i16,
    i32,
    i64,
    f64,
    &'static str,
    Ordering
);

impl<T: Decode> Decode for Option<T> {
    type Plain = Option<T::Plain>;
    fn decode(self) -> Self::Plain {
        self.map(T::decode)
    }
}

impl<T: Decode, E: Decode> Decode for Result<T, E> {
    type Plain = Result<T::Plain, E::Plain>;
    fn decode(self) -> Self::Plain {
        self.map(T::decode).map_err(E::decode)
    }
}

impl<T: Decode> Decode for Vec<T> {
    type Plain = Vec<T::Plain>;
    fn decode(self) -> Self::Plain {
        self.into_iter().map(T::decode).collect()
    }
}

macro_rules! tuples {
    ($(($($name:ident),*))*) => {$(
        impl<$($name: Decode),*> Decode for ($($name,)*) {
            type Plain = ($($name::Plain,)*);
            #[allow(non_snake_case)]
            fn decode(self) -> Self::Plain {
                let ($($name,)*) = self;
                ($($name.decode(),)*)
            }
        }
    )*};
}
tuples! {
    (A, B)
    (A, B, C)
    (A, B, C, D)
    (A, B, C, D, E)
    (A, B, C, D, E, F)
    (A, B, C, D, E, F, G)
}

/// Encodes every word of `words`.
pub fn encode_all(words: &[u32]) -> Vec<AnU32> {
    words.iter().copied().map(AnU32::encode).collect()
}

/// How a run ended.
#[derive(Debug, PartialEq)]
pub enum Outcome<T> {
    /// It returned this.
    Returned(T),
    /// It panicked with this message.
    Panicked(String),
}

thread_local! {
    /// Whether panics of this thread are expected and should not be printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic as its message.
pub fn outcome<T>(f: impl FnOnce() -> T) -> Outcome<T> {
    static SETUP: Once = Once::new();
    SETUP.call_once(|| {
        fault::set_policy(Policy::Panic);
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.get() {
                default(info);
            }
        }));
    });
    QUIET.set(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.set(false);
    match result {
        Ok(value) => Outcome::Returned(value),
        Err(payload) => Outcome::Panicked(if let Some(message) = payload.downcast_ref::<&str>() {
            (*message).to_owned()
        } else if let Some(message) = payload.downcast_ref::<String>() {
            message.clone()
        } else if let Some(fault) = payload.downcast_ref::<Fault>() {
            fault.to_string()
        } else {
            "<non-string panic>".to_owned()
        }),
    }
}

/// Asserts that `plain` and `encoded` (which decodes its result) return the
/// same value or panic with the same message.
#[track_caller]
pub fn assert_same<T: PartialEq + Debug>(plain: impl FnOnce() -> T, encoded: impl FnOnce() -> T) {
    assert_eq!(
        outcome(plain),
        outcome(encoded),
        "plain (left) and encoded (right) differ"
    );
}
