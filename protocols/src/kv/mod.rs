//! A replicated key-value store: Raft over GET, SET, DEL and INCR, written
//! once under `#[an_encode]` and built plain and encoded.
//!
//! - [`raft`]: the replica, a sans-IO [`Protocol`](anguard::Protocol) and
//!   [`Service`](anguard::Service) whose inputs are client [`Request`]s and
//!   whose outputs are [`Effect`]s: records to make durable and replies.
//! - [`config`]: its validated parameters.
//! - [`command`], [`effect`]: the plain values both builds share.
//!
//! ```
//! use anguard::sim::{Sim, SimConfig};
//! use anguard::{Adapter, AnU32};
//! use anguard_protocols::kv::{Command, Effect, KvConfig, Reply, Request, raft};
//!
//! let config = KvConfig::with_heartbeat(3, 10)?;
//! let mut sim = Sim::new(SimConfig { seed: 1, ..SimConfig::default() }, move |_| {
//!     Box::new(Adapter::<AnU32, _>::new(raft::encoded::Raft::new(&config)).with_inputs())
//! });
//! sim.run_for(1_000_000);
//! // Ask every replica: the leader appends the request, the others say who leads.
//! let set = Request { client: 1, seq: 1, command: Command::Set(b"k".to_vec(), b"v".to_vec()) };
//! let mut bytes = Vec::new();
//! anguard::payload::encode(&set, &mut bytes)?;
//! for node in 0..3 {
//!     sim.input(node, &bytes);
//! }
//! sim.run_for(100_000);
//! let replies: Vec<Reply> = sim.trace().records().iter().filter_map(|r| match &r.event {
//!     anguard::sim::Event::Report { output: Some(Effect::Reply { reply, .. }) } => Some(reply.clone()),
//!     _ => None,
//! }).collect();
//! assert_eq!(replies.iter().filter(|r| **r == Reply::Ok).count(), 1);
//! assert_eq!(replies.iter().filter(|r| matches!(r, Reply::Moved(Some(_)))).count(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod bench;
pub mod campaign;
pub mod command;
pub mod config;
pub mod crc;
pub mod durable;
pub mod effect;
pub mod linearizable;
pub mod raft;
pub mod replica;
pub mod seal;
pub mod server;
pub mod wal;
pub mod workload;

pub use command::{Command, Reply, Request};
pub use config::{KvConfig, KvConfigError, Params, Reads};
pub use durable::{DurableNode, MemoryDisk, Storage};
pub use effect::{Durable, Effect, Entry, KeyValue, Origin, Record, Snapshot, Stored, StoredPair};
