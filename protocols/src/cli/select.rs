//! From an algorithm and a build chosen at run time to the protocol's types.

use std::any::Any;

use anguard::inject::{Flip, State, Visitor};
use anguard::sim::{Sim, SimConfig};
use anguard::{AnU32, Node, scrubbed_node_for};
use anguard_protocols::hale::{self, HaleConfig};
use anguard_protocols::rotel4::{self, Rotel4Config};
use anyhow::Context;

use super::{Algo, Variant};

/// A protocol configuration, validated.
#[derive(Debug, Clone, Copy)]
pub enum Config {
    Hale(HaleConfig),
    Rotel4(Rotel4Config),
}

impl Config {
    /// The configuration of `algo` for `n` processes and heartbeat `period`.
    pub fn new(algo: Algo, n: u32, period: u32) -> anyhow::Result<Self> {
        Ok(match algo {
            Algo::Hale => Config::Hale(
                HaleConfig::for_period(n, period).context("invalid hale configuration")?,
            ),
            Algo::Rotel4 => Config::Rotel4(
                Rotel4Config::new(n, period).context("invalid rotel4 configuration")?,
            ),
        })
    }

    /// A fresh node of `variant`, behind its adapter; the encoded one also
    /// scrubs its state after every event.
    pub fn node(&self, variant: Variant) -> Box<dyn Node> {
        match (self, variant) {
            (Config::Hale(c), Variant::Plain) => {
                scrubbed_node_for::<u32, _>(hale::plain::Hale::new(c))
            }
            (Config::Hale(c), Variant::Encoded) => {
                scrubbed_node_for::<AnU32, _>(hale::encoded::Hale::new(c))
            }
            (Config::Rotel4(c), Variant::Plain) => {
                scrubbed_node_for::<u32, _>(rotel4::plain::Rotel4::new(c))
            }
            (Config::Rotel4(c), Variant::Encoded) => {
                scrubbed_node_for::<AnU32, _>(rotel4::encoded::Rotel4::new(c))
            }
        }
    }
}

/// The memory a protocol's state takes in one build, for `n` processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateSize {
    /// The struct itself (`size_of`).
    pub inline_bytes: usize,
    /// The words its `State` shows (encoded words are 8 bytes, plain 4).
    pub words: usize,
    /// Those words' bytes.
    pub word_bytes: usize,
}

impl Config {
    /// The size of node 0's protocol state of `variant`, in steady state
    /// (after 2 s of a fault-free simulated run).
    pub fn state_size(&self, variant: Variant) -> StateSize {
        let inline_bytes = match (self, variant) {
            (Config::Hale(_), Variant::Plain) => size_of::<hale::plain::Hale>(),
            (Config::Hale(_), Variant::Encoded) => size_of::<hale::encoded::Hale>(),
            (Config::Rotel4(_), Variant::Plain) => size_of::<rotel4::plain::Rotel4>(),
            (Config::Rotel4(_), Variant::Encoded) => size_of::<rotel4::encoded::Rotel4>(),
        };
        struct Words(usize, usize);
        impl Visitor for Words {
            fn word(&mut self, word: &mut dyn Flip) {
                self.0 += 1;
                self.1 += word.width() as usize / 8;
            }
            fn uncovered(&mut self, _: &mut dyn Flip) {}
        }
        // Measure node 0 in steady state, after an election: optional words
        // (a promise, the last time each peer was heard) are in use then.
        let config = *self;
        let n = match self {
            Config::Hale(c) => c.n(),
            Config::Rotel4(c) => c.n(),
        };
        let mut sim = Sim::new(
            SimConfig {
                n,
                ..SimConfig::default()
            },
            move |_| config.node(variant),
        );
        sim.run_until(2_000_000);
        let mut words = Words(0, 0);
        sim.with_state(0, |any| {
            if let Some(state) = state(any) {
                state.visit(&mut words);
            }
        });
        StateSize {
            inline_bytes,
            words: words.0,
            word_bytes: words.1,
        }
    }
}

/// The protocol state behind a node's `state_mut`, as an injector sees it.
pub fn state(any: &mut dyn Any) -> Option<&mut dyn State> {
    if any.is::<hale::plain::Hale>() {
        return any
            .downcast_mut::<hale::plain::Hale>()
            .map(|s| s as &mut dyn State);
    }
    if any.is::<hale::encoded::Hale>() {
        return any
            .downcast_mut::<hale::encoded::Hale>()
            .map(|s| s as &mut dyn State);
    }
    if any.is::<rotel4::plain::Rotel4>() {
        return any
            .downcast_mut::<rotel4::plain::Rotel4>()
            .map(|s| s as &mut dyn State);
    }
    any.downcast_mut::<rotel4::encoded::Rotel4>()
        .map(|s| s as &mut dyn State)
}
