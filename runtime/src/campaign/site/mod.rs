//! Where a fault hits. Each site is a variant of [`Site`] and an
//! [`Injector`] of its own module; [`Site::injector`] is the one place that
//! maps the first to the second, so a new site is a variant, a name and a
//! module.

mod alarm;
mod arithmetic;
mod control;
mod exchange;
mod message;
mod outside;
mod permanent;
mod state;

use core::fmt;
use core::str::FromStr;

use core::any::Any;

use rand::rngs::SmallRng;

use super::fault::Fault;
use super::run::PointCounts;
use crate::node::AlarmId;
use crate::sim::{AlarmInfo, MessageInfo, Sim};
use crate::state::State;

pub use state::Struck;
pub(super) use state::{at_target, strike};

/// Where a fault hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Site {
    /// A word of the protocol's state: `AnU32` in the encoded build, the same
    /// field's `u32` in the plain one.
    StateWord,
    /// State the encoding does not cover: flags, `Option` tags, vector lengths.
    Uncovered,
    /// A message's bytes on the wire (the first delivered after the fault's time).
    Message,
    /// An alarm as the driver holds it (the first set after the fault's
    /// time): its id (encoded in the encoded build) or its time (always
    /// plain: the wrapper decoded it).
    Alarm,
    /// The result of an arithmetic operation (builds with feature `inject`).
    Arithmetic,
    /// A permanent defect of the arithmetic, from the fault's time to the
    /// end of the run: every result matching a bit pattern comes out with
    /// stuck bits (builds with feature `inject`).
    Permanent,
    /// A value the adapter checked and decoded, on its way out of the
    /// encoded module: a message's destination, an alarm's time, a
    /// message's serialized bytes (builds with feature `inject`).
    Outside,
    /// A decision (`if`, `while`, a match guard) of either copy taken the
    /// wrong way once (builds with feature `inject`).
    Branch,
    /// A store to a field of the state skipped once (builds with feature
    /// `inject`).
    LostUpdate,
    /// An operation of either copy reads another live word of its
    /// operand's type in place of one operand, once (builds with feature
    /// `inject`).
    ExchangedOperand,
    /// An operation of either copy executes a neighbouring operator (`+`
    /// for `-`, `|` for `&`, …) on the same operands, once (builds with
    /// feature `inject`).
    ExchangedOperator,
    /// A state word flipped in the middle of a handler: the word a store
    /// to a field of the state just wrote (builds with feature `inject`).
    MidHandler,
}

impl Site {
    /// Every site.
    pub const ALL: [Site; 12] = [
        Site::StateWord,
        Site::Uncovered,
        Site::Message,
        Site::Alarm,
        Site::Arithmetic,
        Site::Permanent,
        Site::Outside,
        Site::Branch,
        Site::LostUpdate,
        Site::ExchangedOperand,
        Site::ExchangedOperator,
        Site::MidHandler,
    ];

    /// The site's name, as records, tables and flags spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Site::StateWord => "state-word",
            Site::Uncovered => "uncovered",
            Site::Message => "message",
            Site::Alarm => "alarm",
            Site::Arithmetic => "arithmetic",
            Site::Permanent => "permanent",
            Site::Outside => "outside",
            Site::Branch => "branch",
            Site::LostUpdate => "lost-update",
            Site::ExchangedOperand => "exchanged-operand",
            Site::ExchangedOperator => "exchanged-operator",
            Site::MidHandler => "mid-handler",
        }
    }

    /// Whether this build of the runtime can inject here (only the state,
    /// message and alarm sites work without feature `inject`).
    pub const fn is_available(self) -> bool {
        matches!(
            self,
            Site::StateWord | Site::Uncovered | Site::Message | Site::Alarm
        ) || cfg!(feature = "inject")
    }

    /// The sites this build of the runtime can inject into.
    pub fn available() -> Vec<Site> {
        Site::ALL.into_iter().filter(|s| s.is_available()).collect()
    }

    /// Calls `f` on the `index`-th target of this site in `state`, in
    /// visiting order (as [`Struck::index`] counts them), if this is a state
    /// site and there is one; returns whether it was called.
    pub fn with_target(
        self,
        state: &mut dyn State,
        index: usize,
        f: impl FnOnce(&mut dyn crate::state::Flip),
    ) -> bool {
        match self {
            Site::StateWord | Site::Uncovered => {
                at_target(state, self == Site::StateWord, index, f)
            }
            _ => false,
        }
    }

    /// The site's injector: the one map from a site to its behaviour.
    pub(super) fn injector(self) -> &'static dyn Injector {
        match self {
            Site::StateWord => &state::StateWord,
            Site::Uncovered => &state::Uncovered,
            Site::Message => &message::Message,
            Site::Alarm => &alarm::Alarm,
            Site::Arithmetic => &arithmetic::Arithmetic,
            Site::Permanent => &permanent::Permanent,
            Site::Outside => &outside::Outside,
            Site::Branch => &control::Branch,
            Site::LostUpdate => &control::LostUpdate,
            Site::ExchangedOperand => &exchange::ExchangedOperand,
            Site::ExchangedOperator => &exchange::ExchangedOperator,
            Site::MidHandler => &control::MidHandler,
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is no site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown fault site {0:?} (sites: state-word, uncovered, message, alarm, arithmetic, permanent, outside, branch, lost-update, exchanged-operand, exchanged-operator, mid-handler)"
)]
pub struct UnknownSite(pub String);

impl FromStr for Site {
    type Err = UnknownSite;
    fn from_str(name: &str) -> Result<Self, UnknownSite> {
        Site::ALL
            .into_iter()
            .find(|site| site.name() == name)
            .ok_or_else(|| UnknownSite(name.to_string()))
    }
}

/// A faulty run, stopped at the fault's time, as a site's injector finds it.
pub(super) struct Injection<'a> {
    /// The simulation, at the fault's time.
    pub sim: &'a mut dyn SimAccess,
    pub fault: &'a Fault,
    /// The build's words: 8 bytes encoded, 4 plain.
    pub word_bytes: usize,
    /// The protocol state behind a node's `state_mut`.
    pub state: for<'s> fn(&'s mut dyn Any) -> Option<&'s mut dyn State>,
    /// The injection points' calls in the fault-free run, by time (feature
    /// `inject`).
    #[cfg_attr(not(feature = "inject"), allow(dead_code))]
    pub points: &'a PointCounts,
    /// Every choice of bits, seeded by the fault.
    pub rng: SmallRng,
}

impl Injection<'_> {
    /// A mask of the fault's kind for a word of the build (32 bits plain,
    /// 64 encoded), the first draw of the fault's choices.
    #[cfg(feature = "inject")]
    pub(super) fn word_mask(&mut self) -> u64 {
        use rand::Rng;
        let bits = self.rng.random();
        self.fault
            .kind
            .mask(8 * self.word_bytes as u32, bits, &mut self.rng)
    }
}

/// A hook on every message delivered (see [`Sim::set_message_hook`]).
type MessageHook = Box<dyn FnMut(&MessageInfo, &mut Vec<u8>)>;
/// A hook on every alarm set (see [`Sim::set_alarm_hook`]).
type AlarmHook = Box<dyn FnMut(&AlarmInfo, &mut AlarmId, &mut u32)>;

/// What an injector reaches of a simulation, whatever its protocol's output.
pub(super) trait SimAccess {
    /// Calls `f` on the protocol state of `node`, if it is up.
    fn with_state(&mut self, node: u32, f: &mut dyn FnMut(&mut dyn Any));
    /// See [`Sim::set_message_hook`].
    fn set_message_hook(&mut self, hook: MessageHook);
    /// See [`Sim::set_alarm_hook`].
    fn set_alarm_hook(&mut self, hook: AlarmHook);
}

impl<O> SimAccess for Sim<O> {
    fn with_state(&mut self, node: u32, f: &mut dyn FnMut(&mut dyn Any)) {
        Sim::with_state(self, node, f);
    }
    fn set_message_hook(&mut self, hook: MessageHook) {
        Sim::set_message_hook(self, hook);
    }
    fn set_alarm_hook(&mut self, hook: AlarmHook) {
        Sim::set_alarm_hook(self, hook);
    }
}

/// How a site strikes.
pub(super) trait Injector: Sync {
    /// Strikes now, or arms a hook that strikes later in the run. An error
    /// says why the fault cannot strike (no target there).
    fn arm(&self, injection: Injection<'_>) -> Result<(), String>;
    /// After the run: disarms what `arm` left armed, and says whether it
    /// struck (`None`: it always does).
    fn disarm(&self) -> Option<bool> {
        None
    }
}
