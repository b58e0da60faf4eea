//! From an algorithm and a build chosen at run time to the protocol's types.

use std::any::Any;

use anguard::AnU32;
use anguard::inject::State;
use anguard::node::{Node, scrubbed_node_for};
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
