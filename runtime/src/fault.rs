//! What happens when a check finds an invalid code word.
//!
//! By default the process prints what was found and where to stderr and
//! aborts: a node that cannot trust its state stops instead of lying.
//! Tests and the fault injector switch to [`Policy::Panic`], which panics with
//! a [`Fault`] payload that `std::panic::catch_unwind` can inspect.
//!
//! ```
//! use anguard::fault::{self, Fault, Policy};
//!
//! fault::set_policy(Policy::Panic);
//! let before = fault::detected();
//! let caught = std::panic::catch_unwind(|| fault::invalid_word(0xdead, "example"));
//! let fault = caught.unwrap_err().downcast::<Fault>().unwrap();
//! assert_eq!((fault.word, fault.operation), (0xdead, "example"));
//! assert_eq!(fault::detected(), before + 1);
//! ```

use std::panic::Location;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

/// What the fault handler does with an invalid word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Policy {
    /// Print a diagnostic to stderr and abort the process (the default).
    #[default]
    Abort,
    /// Panic with a [`Fault`] payload (tests, fault injection).
    Panic,
}

/// A detected fault: the invalid word and where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("AN fault: invalid code word {word:#018x} in {operation} at {location}")]
pub struct Fault {
    /// The word that failed the check.
    pub word: u64,
    /// The operation whose check found it.
    pub operation: &'static str,
    /// The caller of that operation.
    pub location: &'static Location<'static>,
}

static POLICY: AtomicU8 = AtomicU8::new(0);
static DETECTED: AtomicU64 = AtomicU64::new(0);

/// Sets the process-wide policy.
pub fn set_policy(policy: Policy) {
    POLICY.store(policy as u8, Ordering::SeqCst);
}

/// The process-wide policy.
pub fn policy() -> Policy {
    match POLICY.load(Ordering::SeqCst) {
        0 => Policy::Abort,
        _ => Policy::Panic,
    }
}

/// How many invalid words the checks of this process have found.
pub fn detected() -> u64 {
    DETECTED.load(Ordering::Relaxed)
}

/// Reports an invalid word found by `operation` and applies the policy.
#[cold]
#[inline(never)]
#[track_caller]
pub fn invalid_word(word: u64, operation: &'static str) -> ! {
    DETECTED.fetch_add(1, Ordering::Relaxed);
    let fault = Fault {
        word,
        operation,
        location: Location::caller(),
    };
    match policy() {
        Policy::Abort => {
            eprintln!("anguard: {fault}; aborting");
            std::process::abort()
        }
        Policy::Panic => std::panic::panic_any(fault),
    }
}
