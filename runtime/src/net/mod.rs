//! The tokio TCP event loop: one node per process, on a `current_thread`
//! runtime.
//!
//! A [`NetNode`] drives one [`Node`](crate::Node) over TCP: a static peer
//! list (id → address, see [`config`]), one outbound connection per peer with
//! reconnect and exponential backoff, inbound connections bound to a peer id
//! by a [`handshake`], length-delimited [`frame`]s with a maximum size,
//! alarms on tokio time, the clock as ms since start. A message to an
//! unreachable peer is dropped (an omission), never queued without bound.
//! Counters and shutdown go through a [`NodeHandle`]; output changes go to a
//! callback. The node stops on [`NodeHandle::shutdown`] or when the future
//! given to [`NetNode::with_shutdown`] resolves: signals are the caller's.
//!
//! ```no_run
//! use anguard::net::{NetConfig, NetNode, config::parse_peers};
//! use anguard::{Io, Protocol, node_for};
//!
//! struct Quiet;
//! impl Protocol<u32> for Quiet {
//!     type Msg = ();
//!     type Output = Option<u32>;
//!     fn start(&mut self, io: &mut dyn Io<u32, Self>) { io.report(Some(0)); }
//!     fn on_message(&mut self, _: u32, _: (), _: &mut dyn Io<u32, Self>) {}
//!     fn on_alarm(&mut self, _: u32, _: &mut dyn Io<u32, Self>) {}
//! }
//!
//! let peers = parse_peers("127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002")?;
//! let node = NetNode::new(NetConfig::new(0, peers), node_for(Quiet))?
//!     .on_report(|r| println!("{} ms: node {} trusts {:?}", r.t_ms, r.node, r.leader))
//!     .with_shutdown(async { tokio::time::sleep(std::time::Duration::from_secs(5)).await });
//! let handle = node.handle(); // stats(), shutdown()
//! let stats = node.run_blocking(None)?; // for 5 s, or until handle.shutdown()
//! println!("{stats:?}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod alarms;
pub mod config;
mod counters;
mod driver;
mod error;
pub mod frame;
pub mod handshake;
mod inbound;
mod logged;
mod node;
mod peer;
mod shared;
pub mod tls;
mod transport;

pub use alarms::{Alarms, Due};
pub use config::{ConfigError, NetConfig};
pub use counters::{NodeHandle, Stats};
pub use driver::Report;
pub use error::NetError;
pub use logged::LoggedKinds;
pub use node::{NetNode, bind};
pub use transport::{Stream, secure_accepted, secure_dialled};
