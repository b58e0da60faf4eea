//! What the tests of one binary that start node processes share: they run
//! in parallel threads.
//!
//! - **Ports.** A port is found free by binding port 0 and letting go of
//!   it, so that a node process can bind it. Until the node does, the OS
//!   may hand the same port to another test: two nodes would then want one
//!   address, and one would exit at once. So every port handed out here is
//!   remembered, and never handed out again by this process.
//! - **Turns.** Elections are timed, and two clusters at once on a 2-core
//!   machine would starve each other: tests that run clusters take turns.

use std::collections::BTreeSet;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Holds the turn of a test that runs a cluster, until dropped.
pub fn one_cluster_at_a_time() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(PoisonError::into_inner)
}

static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());

fn handed_out() -> MutexGuard<'static, BTreeSet<u16>> {
    HANDED_OUT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A listener on a loopback port that was never handed out before, and
/// now is. The listeners it passes over go to `passed`.
fn fresh(handed_out: &mut BTreeSet<u16>, passed: &mut Vec<TcpListener>) -> TcpListener {
    loop {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
        let port = listener
            .local_addr()
            .expect("a bound listener's address")
            .port();
        if handed_out.insert(port) {
            return listener;
        }
        passed.push(listener);
    }
}

/// `n` loopback addresses, free now, and never handed out before.
pub fn free_addresses(n: usize) -> Vec<SocketAddr> {
    let mut handed_out = handed_out();
    // Every listener is held until all are chosen, those passed over too:
    // the OS then offers another port each time.
    let mut held = Vec::new();
    let chosen: Vec<TcpListener> = (0..n).map(|_| fresh(&mut handed_out, &mut held)).collect();
    chosen.iter().map(|l| l.local_addr().unwrap()).collect()
}

/// A listener of the test's own, on a port never handed out before.
pub fn listener() -> TcpListener {
    fresh(&mut handed_out(), &mut Vec::new())
}
