//! What happens when a check finds an invalid code word.
//!
//! By default the process prints what was found and where to stderr and
//! aborts: a node that cannot trust its state stops instead of lying.
//! [`Policy::Panic`] panics with a [`Fault`] payload instead, which
//! `std::panic::catch_unwind` can inspect: tests and fault injectors run
//! their code under it with [`with_policy`] (or a [`scoped`] guard), which
//! changes the policy of the current thread only, until it returns. The
//! simulator does so around each handler it runs. [`set_policy`] changes the
//! default of the whole process: for a binary's `main`, not for a library.
//!
//! ```
//! use anguard::fault::{self, Fault, Policy};
//!
//! let before = fault::detected();
//! let caught = fault::with_policy(Policy::Panic, || {
//!     std::panic::catch_unwind(|| fault::invalid_word(0xdead, "example"))
//! });
//! let fault = caught.unwrap_err().downcast::<Fault>().unwrap();
//! assert_eq!((fault.word, fault.operation), (0xdead, "example"));
//! assert_eq!(fault::detected(), before + 1);
//! assert_eq!(fault::policy(), Policy::Abort, "only while it ran");
//! ```

use std::cell::Cell;
use std::marker::PhantomData;
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

thread_local! {
    /// The current thread's policy while a [`scoped`] guard lives.
    static SCOPED: Cell<Option<Policy>> = const { Cell::new(None) };
}

/// Sets the process-wide default policy (threads inside [`with_policy`] or
/// a [`scoped`] guard keep theirs).
pub fn set_policy(policy: Policy) {
    POLICY.store(policy as u8, Ordering::SeqCst);
}

/// The policy in force on this thread: its scoped one, else the process's.
pub fn policy() -> Policy {
    SCOPED
        .get()
        .unwrap_or_else(|| match POLICY.load(Ordering::SeqCst) {
            0 => Policy::Abort,
            _ => Policy::Panic,
        })
}

/// Restores the thread's previous policy when dropped. See [`scoped`].
#[derive(Debug)]
#[must_use = "the policy is restored when the guard is dropped"]
pub struct PolicyGuard {
    previous: Option<Policy>,
    /// Thread-local: the guard must be dropped on the thread that made it.
    thread: PhantomData<*const ()>,
}

impl Drop for PolicyGuard {
    fn drop(&mut self) {
        SCOPED.set(self.previous);
    }
}

/// Makes `policy` the current thread's until the guard is dropped (also when
/// a panic unwinds through it). Guards nest.
pub fn scoped(policy: Policy) -> PolicyGuard {
    PolicyGuard {
        previous: SCOPED.replace(Some(policy)),
        thread: PhantomData,
    }
}

/// Runs `f` with `policy` on the current thread, then restores the previous one.
pub fn with_policy<R>(policy: Policy, f: impl FnOnce() -> R) -> R {
    let _guard = scoped(policy);
    f()
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
