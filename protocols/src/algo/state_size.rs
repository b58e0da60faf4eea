//! The memory a protocol's state takes in one build.

use anguard::sim::{Sim, SimConfig};
use anguard::state::{Flip, Visitor};
use anguard::{Word, scrubbed_node_for};

use super::{Config, Election, ProtocolFn, Variant};

/// The memory a protocol's state takes in one build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateSize {
    /// The struct itself (`size_of`).
    pub inline_bytes: usize,
    /// The words its `State` shows (encoded words are 8 bytes, plain 4).
    pub words: usize,
    /// Those words' bytes.
    pub word_bytes: usize,
}

/// Counts the words a visit shows, and their bytes.
#[derive(Debug, Default)]
struct Words(usize, usize);

impl Visitor for Words {
    fn word(&mut self, word: &mut dyn Flip) {
        self.0 += 1;
        self.1 += word.width() as usize / 8;
    }
    fn uncovered(&mut self, _: &mut dyn Flip) {}
}

/// Measures node 0 of `n` after `after_us` of a fault-free simulated run.
struct Measure {
    n: u32,
    after_us: u64,
}

impl ProtocolFn for Measure {
    type Output = StateSize;
    fn call<W, P>(self, protocol: impl Fn() -> P + Send + Sync + 'static) -> StateSize
    where
        W: Word,
        P: Election<W>,
    {
        let config = SimConfig {
            n: self.n,
            ..SimConfig::default()
        };
        let mut sim = Sim::new(config, move |_| scrubbed_node_for::<W, P>(protocol()));
        sim.run_until(self.after_us);
        let mut words = Words::default();
        sim.with_state(0, |any| {
            if let Some(state) = any.downcast_mut::<P>() {
                state.visit(&mut words);
            }
        });
        StateSize {
            inline_bytes: size_of::<P>(),
            words: words.0,
            word_bytes: words.1,
        }
    }
}

impl Config {
    /// The size of node 0's protocol state of `variant`, in steady state
    /// (after 2 s of a fault-free simulated run: optional words, such as a
    /// promise or the last time each peer was heard, are in use then).
    pub fn state_size(&self, variant: Variant) -> StateSize {
        self.with_protocol(
            variant,
            Measure {
                n: self.n(),
                after_us: 2_000_000,
            },
        )
    }
}
