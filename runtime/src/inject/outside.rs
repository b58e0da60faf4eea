//! The injection points outside the encoded module (feature `inject`):
//! values the adapter has checked and decoded, on their way to the driver.
//! A fault here strikes where no code word protects the value any more:
//! the destination of a message and the time of an alarm (decoded), and a
//! message's bytes after the adapter serialized (and checked) its words.
//! Without the feature, [`strike`] does nothing and compiles to nothing.

/// A value outside the encoded module, as the adapter hands it on.
#[derive(Debug)]
pub enum Decoded<'a> {
    /// A message's destination: decoded, or one of a broadcast's.
    Destination(&'a mut u32),
    /// An alarm's time, decoded.
    AlarmTime(&'a mut u32),
    /// A message's bytes, serialized from checked words.
    Payload(&'a mut [u8]),
}

#[cfg(feature = "inject")]
pub use armed::{Hook, arm, disarm};

/// The adapter's injection point: `value`, maybe struck (never, without
/// the feature `inject`).
#[inline(always)]
pub fn strike(value: Decoded<'_>) {
    #[cfg(feature = "inject")]
    armed::strike(value);
    #[cfg(not(feature = "inject"))]
    let _ = value;
}

#[cfg(feature = "inject")]
mod armed {
    use std::cell::RefCell;

    use super::Decoded;

    /// What strikes: called on every decoded value of the node the adapter
    /// entered ([`enter_node`](crate::inject::alu::enter_node)); true once it struck.
    pub type Hook = Box<dyn FnMut(u32, Decoded<'_>) -> bool>;

    thread_local! {
        static HOOK: RefCell<Option<Hook>> = const { RefCell::new(None) };
        static FIRED: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
    }

    /// Installs `hook` on this thread, until it strikes or [`disarm`].
    pub fn arm(hook: Hook) {
        HOOK.set(Some(hook));
        FIRED.set(false);
    }

    /// Removes the hook; whether it struck.
    pub fn disarm() -> bool {
        HOOK.set(None);
        FIRED.get()
    }

    #[inline]
    pub(super) fn strike(value: Decoded<'_>) {
        HOOK.with_borrow_mut(|hook| {
            if let Some(strike) = hook
                && strike(crate::inject::alu::node(), value)
            {
                *hook = None;
                FIRED.set(true);
            }
        });
    }
}
