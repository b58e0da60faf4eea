//! The deterministic simulator: many nodes, one thread, virtual time.
//!
//! A [`Sim`] drives [`Node`](crate::Node)s (built by a factory, so that a
//! restarted node gets fresh state) through a seeded event queue. Each node
//! has a [`Clock`] with an offset and a bounded drift; each directed link a
//! [`LinkConfig`] (delay, loss, duplication, reordering); links can be
//! blocked (partitions). Nodes can be crashed and restarted, and hooks can
//! flip bits in messages in transit, in alarms, and in a node's protocol
//! state. Everything that happens is recorded in a [`Trace`] of plain values
//! over true time, outputs included (a `Sim<O>` runs nodes whose output is
//! `O` in plain values), so the plain and encoded builds of one protocol
//! give the same trace for the same seed.
//!
//! A node whose check finds an invalid word stops, and the trace records it:
//! each handler runs under [`Policy::Panic`](crate::fault::Policy) on the
//! simulator's thread, and only while it runs. The process-wide policy is
//! left alone.
//!
//! ```
//! use anguard::sim::{Event, Sim, SimConfig};
//! use anguard::{Io, Protocol, node_for};
//!
//! /// Every process reports the sender of the last message it got.
//! struct Echo;
//! impl Protocol<u32> for Echo {
//!     type Msg = ();
//!     type Output = Option<u32>;
//!     fn start(&mut self, io: &mut dyn Io<u32, Self>) {
//!         io.set_alarm(0, io.now() + 10);
//!     }
//!     fn on_message(&mut self, from: u32, _msg: (), io: &mut dyn Io<u32, Self>) {
//!         io.report(Some(from));
//!     }
//!     fn on_alarm(&mut self, id: u32, io: &mut dyn Io<u32, Self>) {
//!         io.send((io.me() + 1) % io.n(), ());
//!         io.set_alarm(id, io.now() + 10);
//!     }
//! }
//!
//! let mut sim = Sim::new(SimConfig { n: 3, seed: 7, ..SimConfig::default() }, |_| {
//!     node_for(Echo)
//! });
//! sim.run_for(1_000_000); // 1 s
//! assert_eq!(sim.trace().output_at(1, sim.now_us()), Some(0));
//! sim.crash(0);
//! sim.run_for(1_000_000);
//! assert!(sim.stats().lost > 0);
//! assert!(sim.trace().count(|e| matches!(e, Event::Crash)) == 1);
//! ```

mod clock;
mod config;
mod env;
mod hooks;
mod network;
mod queue;
mod run;
mod simulation;
mod stats;
mod trace;
mod world;

pub use clock::{Clock, PPM};
pub use config::SimConfig;
pub use hooks::{AlarmInfo, MessageInfo};
pub use network::{LinkConfig, LinkError};
pub use simulation::Sim;
pub use stats::SimStats;
pub use trace::{Event, LostBy, Record, Trace, TraceLevel};
