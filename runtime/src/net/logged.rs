//! Which kinds of refusal were logged already: the first of each kind is
//! logged at warning level, the rest at debug level, so a peer that keeps
//! failing does not flood the log.

use std::collections::HashSet;
use std::sync::Mutex;

/// The kinds of refusal logged at warning level so far.
///
/// ```
/// use anguard::net::LoggedKinds;
///
/// let logged = LoggedKinds::default();
/// assert!(logged.first("bad certificate"));
/// assert!(!logged.first("bad certificate"));
/// assert!(logged.first("wrong peer id"));
/// ```
#[derive(Debug, Default)]
pub struct LoggedKinds(Mutex<HashSet<&'static str>>);

impl LoggedKinds {
    /// Whether this is the first refusal of its `kind`.
    pub fn first(&self, kind: &'static str) -> bool {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(kind)
    }
}
