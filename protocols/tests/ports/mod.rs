//! Free loopback addresses for the node processes a test starts.
//!
//! A port is found free by binding port 0 and letting go of it, so that the
//! node can bind it. Until the node does, the OS may hand the same port to
//! another test of this binary (its tests run in parallel threads): two
//! nodes would then want one address, and one would exit at once. So every
//! port handed out is remembered, and never handed out again here.

use std::collections::BTreeSet;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Mutex, PoisonError};

static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());

/// `n` loopback addresses, free now, and never handed out before by this
/// process.
pub fn free_addresses(n: usize) -> Vec<SocketAddr> {
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(PoisonError::into_inner);
    // Every listener is held until all are chosen, so that none repeats.
    let mut held = Vec::new();
    let mut chosen = Vec::new();
    while chosen.len() < n {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
        let addr = listener.local_addr().expect("a bound listener's address");
        if handed_out.insert(addr.port()) {
            chosen.push(addr);
        }
        held.push(listener);
    }
    chosen
}
