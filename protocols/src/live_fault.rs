//! Faults struck into the state of a live node: the campaign's
//! [`Fault::strike_state`] (the same choice of target and bits as a
//! simulated faulty run), applied to a node running on the network, with
//! the target named after the field it belongs to.
//!
//! ```
//! use anguard::campaign::{Fault, Kind, Site};
//! use anguard_protocols::algo::{Algo, Config, Variant};
//!
//! let config = Config::new(Algo::Hale, 3, 100)?;
//! let mut node = config.node(Variant::Plain);
//! let fault = Fault { site: Site::StateWord, kind: Kind::OneBit, at_us: 0, node: 0, detail: 7 };
//! let injected = config.strike(Variant::Plain, &fault, node.state_mut())?;
//! assert_eq!(injected.struck.mask.count_ones(), 1);
//! assert!(injected.field.is_some(), "{injected}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::any::Any;
use core::fmt;

use anguard::campaign::{Fault, Site, Struck};
use anguard::state::State;
use anguard::{AnU32, Word};

use crate::algo::{Config, Election, ProtocolFn, Variant};

/// Protocol state whose fields its `Debug` output names.
pub trait NamedState: State + fmt::Debug {}

impl<T: State + fmt::Debug> NamedState for T {}

/// A fault struck into a node's state, described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injected {
    /// The fault.
    pub fault: Fault,
    /// What the strike did.
    pub struck: Struck,
    /// Whether the node runs the encoded build.
    pub encoded: bool,
    /// The field it hit, as the state's `Debug` spells it (`promised`,
    /// `last_heard[2]`), if that could be told.
    pub field: Option<String>,
}

impl Injected {
    /// The bits the strike flipped, lowest first.
    pub fn flipped_bits(&self) -> Vec<u32> {
        (0..64).filter(|b| self.struck.mask >> b & 1 == 1).collect()
    }

    /// The target's value before the strike, if it was a valid word.
    pub fn value_before(&self) -> Option<u64> {
        self.value(self.struck.bits)
    }

    /// Its value after, if still a valid word (never, for an encoded word
    /// hit by up to 3 bits).
    pub fn value_after(&self) -> Option<u64> {
        self.value(self.struck.bits ^ self.struck.mask)
    }

    fn value(&self, bits: u64) -> Option<u64> {
        match (self.fault.site, self.encoded) {
            (Site::StateWord, true) => AnU32::from_raw(bits).ok().map(|w| w.decode().into()),
            _ => Some(bits),
        }
    }
}

impl fmt::Display for Injected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bits = self.flipped_bits();
        let bits = bits
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let what = match self.fault.site {
            Site::StateWord => "word",
            _ => "uncovered piece",
        };
        let s = if self.struck.mask.count_ones() == 1 {
            ""
        } else {
            "s"
        };
        write!(f, "bit{s} {bits} of ")?;
        match &self.field {
            Some(field) => write!(f, "`{field}`")?,
            None => write!(f, "an unnamed {what}")?,
        }
        write!(
            f,
            " ({what} {} of {}",
            self.struck.index + 1,
            self.struck.of
        )?;
        match (self.value_before(), self.value_after()) {
            (Some(before), Some(after)) => write!(f, "): {before} → {after}"),
            (Some(before), None) => write!(
                f,
                ", value {before}): code word {:#x} → {:#x}, not a code word",
                self.struck.bits,
                self.struck.bits ^ self.struck.mask
            ),
            _ => write!(f, ")"),
        }
    }
}

/// A fault struck into a live node, as it reports it (in the
/// `fault-injected` line of its `--json` output).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FaultReport {
    /// The site: `state-word` or `uncovered`.
    pub site: String,
    /// The kind: `1-bit`, `2-bit`, `3-bit`, `random-byte`, `random-word`.
    pub kind: String,
    /// The seed of the choice of target and bits.
    pub seed: u64,
    /// The field hit, if it could be told.
    pub field: Option<String>,
    /// The target's index among the site's targets, from 0, and how many there were.
    pub index: usize,
    pub of: usize,
    /// The bits flipped, lowest first.
    pub bits: Vec<u32>,
    /// The target's value before and after, where it is a valid word.
    pub before: Option<u64>,
    pub after: Option<u64>,
    /// All of it, for people.
    pub what: String,
}

impl From<&Injected> for FaultReport {
    fn from(injected: &Injected) -> Self {
        Self {
            site: injected.fault.site.name().to_string(),
            kind: injected.fault.kind.name().to_string(),
            seed: injected.fault.detail,
            field: injected.field.clone(),
            index: injected.struck.index,
            of: injected.struck.of,
            bits: injected.flipped_bits(),
            before: injected.value_before(),
            after: injected.value_after(),
            what: injected.to_string(),
        }
    }
}

impl Config {
    /// Strikes `fault` (a state site) into `state`, the state of a node of
    /// this configuration in `variant` (what its `state_mut` gives), and
    /// names the field it hit.
    pub fn strike(
        &self,
        variant: Variant,
        fault: &Fault,
        state: &mut dyn Any,
    ) -> Result<Injected, String> {
        let state = (self.with_protocol(variant, StateOf))(state)
            .ok_or("the node's state is not of its protocol's type")?;
        strike(fault, state, variant == Variant::Encoded)
    }
}

/// The function that finds a protocol's state behind a node's `state_mut`.
struct StateOf;

type StateFn = for<'a> fn(&'a mut dyn Any) -> Option<&'a mut dyn NamedState>;

impl ProtocolFn for StateOf {
    type Output = StateFn;
    fn call<W, P>(self, _protocol: impl Fn() -> P + Send + Sync + 'static) -> StateFn
    where
        W: Word,
        P: Election<W>,
    {
        |any| any.downcast_mut::<P>().map(|p| p as &mut dyn NamedState)
    }
}

/// Strikes `fault` into `state` and names what it hit.
pub fn strike(
    fault: &Fault,
    state: &mut dyn NamedState,
    encoded: bool,
) -> Result<Injected, String> {
    let before = format!("{state:?}");
    let struck = fault.strike_state(state)?;
    let field = if fault.site == Site::StateWord {
        // The struck word may no longer format: undo the strike, change the
        // word to another valid one, see which field changed, and strike again.
        let probe = valid_neighbour(struck.bits, struck.width);
        let flip = |state: &mut dyn NamedState, mask: u64| {
            fault
                .site
                .with_target(state, struck.index, |t| t.flip(mask))
        };
        flip(state, struck.mask ^ probe);
        let probed = format!("{state:?}");
        flip(state, probe ^ struck.mask);
        field_changed(&before, &probed)
    } else {
        // Uncovered state keeps every word valid: it formats as it is.
        field_changed(&before, &format!("{state:?}"))
    };
    Ok(Injected {
        fault: *fault,
        struck,
        encoded,
        field,
    })
}

/// A mask that turns word `bits` into another valid word: its value with
/// the lowest bit flipped.
fn valid_neighbour(bits: u64, width: u32) -> u64 {
    match AnU32::from_raw(bits) {
        Ok(word) if width == 64 => bits ^ AnU32::encode(word.decode() ^ 1).to_raw(),
        _ => 1,
    }
}

/// The field whose formatted value differs first between two `Debug`
/// outputs of one state: `name`, or `name[i]` inside a list.
fn field_changed(before: &str, after: &str) -> Option<String> {
    let at = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map(|((i, _), _)| i)?;
    let prefix = &before[..at];
    // The last `name: ` before the change.
    let colon = prefix.rfind(": ")?;
    let name_start = prefix[..colon]
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let name = &prefix[name_start..colon];
    if name.is_empty() {
        return None;
    }
    let value = &prefix[colon + 2..];
    Some(match value.strip_prefix('[') {
        // The element: top-level commas before the change.
        Some(list) => {
            let mut depth = 0i32;
            let index = list
                .chars()
                .filter(|&c| {
                    match c {
                        '(' | '[' | '{' => depth += 1,
                        ')' | ']' | '}' => depth -= 1,
                        _ => {}
                    }
                    c == ',' && depth == 0
                })
                .count();
            format!("{name}[{index}]")
        }
        None => name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anguard::campaign::Kind;

    use crate::algo::Algo;

    #[test]
    fn one_fault_strikes_the_same_field_of_both_builds() {
        let config = Config::new(Algo::Hale, 3, 100).unwrap();
        for seed in 0..50 {
            let fault = Fault {
                site: Site::StateWord,
                kind: Kind::OneBit,
                at_us: 0,
                node: 0,
                detail: seed,
            };
            let struck = Variant::ALL.map(|variant| {
                let mut node = config.node(variant);
                config.strike(variant, &fault, node.state_mut()).unwrap()
            });
            let [plain, encoded] = &struck;
            assert_eq!(plain.field, encoded.field, "seed {seed}");
            assert!(plain.field.is_some(), "seed {seed}: {plain}");
            assert_eq!(
                (plain.struck.index, plain.struck.of),
                (encoded.struck.index, encoded.struck.of)
            );
            assert_eq!(plain.value_before(), encoded.value_before(), "seed {seed}");
            assert!(plain.value_after().is_some());
            assert_eq!(encoded.value_after(), None, "seed {seed}: {encoded}");
        }
    }

    #[test]
    fn only_state_sites_strike_a_live_node() {
        let config = Config::new(Algo::Rotel4, 3, 20).unwrap();
        let mut node = config.node(Variant::Plain);
        let fault = Fault {
            site: Site::Message,
            kind: Kind::OneBit,
            at_us: 0,
            node: 0,
            detail: 1,
        };
        let error = config
            .strike(Variant::Plain, &fault, node.state_mut())
            .unwrap_err();
        assert!(error.contains("does not strike a node's state"), "{error}");
    }

    #[test]
    fn fields_are_named_from_the_debug_output() {
        let before = "Hale { n: 3, promised: Some(0), last_heard: [None, Some(5), Some(7)] }";
        let promised = "Hale { n: 3, promised: Some(1), last_heard: [None, Some(5), Some(7)] }";
        let heard = "Hale { n: 3, promised: Some(0), last_heard: [None, Some(5), Some(6)] }";
        assert_eq!(field_changed(before, promised).as_deref(), Some("promised"));
        assert_eq!(
            field_changed(before, heard).as_deref(),
            Some("last_heard[2]")
        );
        assert_eq!(field_changed(before, before), None);
    }
}
