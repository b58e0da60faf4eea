//! What the caller supplies: the protocols under test, their builds, and the
//! properties their runs are held to.

use core::any::Any;
use core::fmt;
use std::sync::Arc;

use crate::sim::{SimConfig, Trace};
use crate::state::State;
use crate::{
    Adapter, Hardening, Node, Output, Protocol, Service, Word, hardened_node_for, scrubbed_node_for,
};

/// The properties a run of a protocol whose plain output is `O` is held to.
/// A faulty run that breaks one, and is not stopped by a check first, is
/// silent data corruption.
pub trait Properties<O>: Send + Sync {
    /// Why the run recorded in `trace`, up to true time `end_us`, violates a
    /// safety property, if it does.
    fn violation(&self, trace: &Trace<O>, end_us: u64) -> Option<String>;

    /// Why the run has not made the progress it should have by `end_us`, if
    /// it has not (an election: no leader that every node up follows). A
    /// faulty run that stalled, where the fault-free run of the same
    /// scenario did not, hung. By default a run never stalls.
    fn stalled(&self, trace: &Trace<O>, end_us: u64) -> Option<String> {
        let _ = (trace, end_us);
        None
    }
}

/// One build of a protocol whose plain output is `O`: a name, and how to
/// make a node's protocol.
pub struct Build<O> {
    name: String,
    encoded: bool,
    node: Arc<dyn Fn(u32) -> Box<dyn Node<O>> + Send + Sync>,
    state: for<'a> fn(&'a mut dyn Any) -> Option<&'a mut dyn State>,
}

impl<O> Build<O> {
    /// The build `name` whose node `id` runs `protocol(id)`, behind the
    /// adapter of its word type (for `AnU32`, the checking wrapper, which
    /// also scrubs the state after every event).
    pub fn new<W, P>(
        name: impl Into<String>,
        protocol: impl Fn(u32) -> P + Send + Sync + 'static,
    ) -> Self
    where
        W: Word,
        P: Protocol<W, Output: Output<Plain = O>> + State + 'static,
    {
        Self::of::<W, P>(name, move |id| scrubbed_node_for::<W, P>(protocol(id)))
    }

    /// Like [`new`](Self::new), for a [`Service`]: its nodes also take the
    /// target's [inputs](Target::inputs).
    pub fn service<W, P>(
        name: impl Into<String>,
        protocol: impl Fn(u32) -> P + Send + Sync + 'static,
    ) -> Self
    where
        W: Word,
        P: Service<W, Output: Output<Plain = O>> + State + 'static,
    {
        Self::of::<W, P>(name, move |id| {
            Box::new(Adapter::<W, P>::scrubbing(protocol(id)).with_inputs())
        })
    }

    fn of<W: Word, P: State + 'static>(
        name: impl Into<String>,
        node: impl Fn(u32) -> Box<dyn Node<O>> + Send + Sync + 'static,
    ) -> Self {
        Self {
            name: name.into(),
            encoded: W::ENCODED,
            node: Arc::new(node),
            state: state_of::<P>,
        }
    }

    /// Like [`new`](Self::new), with the nodes at `hardening` (see
    /// [`Adapter::hardened`](crate::Adapter::hardened)).
    pub fn hardened<W, P>(
        name: impl Into<String>,
        hardening: Hardening,
        protocol: impl Fn(u32) -> P + Send + Sync + 'static,
    ) -> Self
    where
        W: Word,
        P: Protocol<W, Output: Output<Plain = O> + Clone> + State + Clone + 'static,
    {
        Self::of::<W, P>(name, move |id| {
            hardened_node_for::<W, P>(protocol(id), hardening)
        })
    }

    /// Like [`service`](Self::service), with the nodes at `hardening` (see
    /// [`Adapter::hardened`]).
    pub fn hardened_service<W, P>(
        name: impl Into<String>,
        hardening: Hardening,
        protocol: impl Fn(u32) -> P + Send + Sync + 'static,
    ) -> Self
    where
        W: Word,
        P: Service<W, Output: Output<Plain = O> + Clone> + State + Clone + 'static,
    {
        Self::of::<W, P>(name, move |id| {
            Box::new(Adapter::<W, P>::hardened(protocol(id), hardening).with_inputs())
        })
    }

    /// The build's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether its words are AN-encoded.
    pub fn encoded(&self) -> bool {
        self.encoded
    }

    /// The bytes of one of its words: 8 encoded, 4 plain.
    pub fn word_bytes(&self) -> usize {
        if self.encoded { 8 } else { 4 }
    }

    /// A fresh node `id`.
    pub fn node(&self, id: u32) -> Box<dyn Node<O>> {
        (self.node)(id)
    }

    /// A factory of its nodes, for [`Sim::new`](crate::sim::Sim::new).
    pub fn factory(&self) -> impl FnMut(u32) -> Box<dyn Node<O>> + 'static
    where
        O: 'static,
    {
        let node = Arc::clone(&self.node);
        move |id| node(id)
    }

    /// The function that finds the protocol state behind a node's `state_mut`.
    pub(super) fn state_fn(&self) -> for<'a> fn(&'a mut dyn Any) -> Option<&'a mut dyn State> {
        self.state
    }

    /// The protocol state behind a node of this build's `state_mut`.
    pub fn state<'a>(&self, any: &'a mut dyn Any) -> Option<&'a mut dyn State> {
        (self.state)(any)
    }
}

fn state_of<P: State + 'static>(any: &mut dyn Any) -> Option<&mut dyn State> {
    any.downcast_mut::<P>().map(|state| state as &mut dyn State)
}

impl<O> fmt::Debug for Build<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Build")
            .field("name", &self.name)
            .field("encoded", &self.encoded)
            .finish_non_exhaustive()
    }
}

/// A protocol under test: its builds, how its runs are simulated, and what
/// they must satisfy. Every scenario of it runs every build with the same
/// seed and the same faults.
pub struct Target<O> {
    name: String,
    sim: SimConfig,
    builds: Vec<Build<O>>,
    properties: Box<dyn Properties<O>>,
    inputs: Vec<ScheduledInput>,
}

/// An input a target's runs give a node: at true time `t_us`, to `node`,
/// the bytes `payload` (see [`Sim::input_at`](crate::sim::Sim::input_at)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledInput {
    /// When, in true µs from the start of the run.
    pub t_us: u64,
    /// To which node.
    pub node: u32,
    /// The input's bytes.
    pub payload: Vec<u8>,
}

impl<O> Target<O> {
    /// The protocol `name`, simulated as `sim` says (each scenario draws its
    /// own seed; the campaign records every event and catches every panic),
    /// held to `properties`. It has no build until [`build`](Self::build).
    pub fn new(
        name: impl Into<String>,
        sim: SimConfig,
        properties: impl Properties<O> + 'static,
    ) -> Self {
        Self {
            name: name.into(),
            sim,
            builds: Vec::new(),
            properties: Box::new(properties),
            inputs: Vec::new(),
        }
    }

    /// Adds a build.
    #[must_use]
    pub fn build(mut self, build: Build<O>) -> Self {
        self.builds.push(build);
        self
    }

    /// Gives every run these inputs (a client workload), the same in every
    /// scenario and build; the properties know what was asked.
    #[must_use]
    pub fn with_inputs(mut self, inputs: Vec<ScheduledInput>) -> Self {
        self.inputs = inputs;
        self
    }

    /// The inputs every run is given.
    pub fn inputs(&self) -> &[ScheduledInput] {
        &self.inputs
    }

    /// The protocol's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its builds, in the order they were added.
    pub fn builds(&self) -> &[Build<O>] {
        &self.builds
    }

    /// How its runs are simulated.
    pub fn sim_config(&self) -> &SimConfig {
        &self.sim
    }

    /// What its runs must satisfy.
    pub fn properties(&self) -> &dyn Properties<O> {
        &*self.properties
    }
}

impl<O> fmt::Debug for Target<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("name", &self.name)
            .field("sim", &self.sim)
            .field("builds", &self.builds)
            .finish_non_exhaustive()
    }
}
