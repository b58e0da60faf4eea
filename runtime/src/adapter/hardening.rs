//! How hard a node checks itself: the level a user picks per node.

use core::fmt;
use core::str::FromStr;

/// How hard a node checks itself, on top of the checks of its words.
///
/// ```
/// use anguard::Hardening;
///
/// assert_eq!("an-dup".parse::<Hardening>(), Ok(Hardening::AnDup));
/// assert_eq!(Hardening::default(), Hardening::An);
/// assert!("an-triple".parse::<Hardening>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hardening {
    /// The AN code's checks, and the state scrub after every event (for
    /// plain words: nothing to check).
    #[default]
    An,
    /// [`An`](Self::An), and every handler run twice: on a copy of the state
    /// first, then on the state. The two runs' effects (messages, alarms,
    /// outputs, rejections) and resulting states must agree before any
    /// effect leaves the node; if they do not, the fault policy gets the
    /// first word on which they differ. It catches what a valid but wrong
    /// code word hides from the AN code, when the fault strikes one run
    /// only: a wrong branch, a skipped store, an exchanged operand or
    /// operator, a word flipped mid-handler.
    AnDup,
}

impl Hardening {
    /// Every level, weakest first.
    pub const ALL: [Hardening; 2] = [Hardening::An, Hardening::AnDup];

    /// The level's name, as flags and tables spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Hardening::An => "an",
            Hardening::AnDup => "an-dup",
        }
    }

    /// Whether each handler runs twice.
    pub const fn duplicates(self) -> bool {
        matches!(self, Hardening::AnDup)
    }
}

impl fmt::Display for Hardening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no hardening level.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown hardening level {0:?} (levels: an, an-dup)")]
pub struct UnknownHardening(pub String);

impl FromStr for Hardening {
    type Err = UnknownHardening;
    fn from_str(name: &str) -> Result<Self, UnknownHardening> {
        Hardening::ALL
            .into_iter()
            .find(|level| level.name() == name)
            .ok_or_else(|| UnknownHardening(name.to_string()))
    }
}
