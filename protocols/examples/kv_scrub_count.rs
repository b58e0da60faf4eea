//! The state scrub's cost per event for an encoded store replica, in
//! instructions under valgrind's callgrind (the same for the same binary,
//! whatever else the machine is doing).
//!
//! ```sh
//! cargo build --release -p anguard-protocols --example kv_scrub_count
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*counted_region*' \
//!     target/release/examples/kv_scrub_count scrubbed 10000
//! ```
//!
//! The replica is a follower recovered from a log of `ENTRIES` SETs; the
//! event is a heartbeat alarm, which a follower ignores, fired `EVENTS`
//! times: `scrubbed` minus `unscrubbed`, divided by `EVENTS`, is the
//! scrub's cost per event.

use anguard::node::{AlarmId, Node, Silent};
use anguard::{Adapter, AnU32};
use anguard_protocols::kv::raft::{encoded, plain};
use anguard_protocols::kv::{Command, Durable, Entry, KvConfig, Request};

/// Events counted.
const EVENTS: u32 = 100;

/// Everything executed in here, and only that, is counted.
#[inline(never)]
fn counted_region(work: &mut dyn FnMut()) {
    work();
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let build = args.next().unwrap_or_else(|| "scrubbed".into());
    let entries: u64 = args.next().as_deref().unwrap_or("10000").parse()?;
    let config = KvConfig::with_heartbeat(3, 10)?;
    let durable = Durable {
        term: 1,
        log: (0..entries)
            .map(|seq| Entry {
                term: 1,
                request: Some(Request {
                    client: 1,
                    seq,
                    command: Command::Set(b"key:__rand_int__".to_vec(), b"xxx".to_vec()),
                }),
            })
            .collect(),
        ..Durable::default()
    };
    let replica = encoded::Raft::recover(&config, durable);
    let mut node = match build.as_str() {
        "scrubbed" => Adapter::<AnU32, _>::scrubbing(replica),
        "unscrubbed" => Adapter::<AnU32, _>::new(replica),
        other => return Err(format!("no build {other}: scrubbed or unscrubbed").into()),
    };
    node.start(&mut Silent { me: 1, n: 3 });
    let heartbeat = AlarmId::encoded(AnU32::encode(plain::HEARTBEAT));
    counted_region(&mut || {
        for _ in 0..EVENTS {
            node.on_alarm(heartbeat, &mut Silent { me: 1, n: 3 });
        }
    });
    Ok(())
}
