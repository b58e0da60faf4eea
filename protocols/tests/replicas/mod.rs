//! Replica processes of the store for the tests that run them.
#![allow(dead_code)]

use std::process::Child;

/// Replica processes by id, killed with SIGKILL when dropped.
pub struct Replicas(pub Vec<Option<Child>>);

impl Replicas {
    /// Kills replica `id` (SIGKILL: no chance to flush anything), if it runs.
    pub fn kill(&mut self, id: usize) {
        if let Some(mut child) = self.0[id].take() {
            child.kill().expect("kill -9");
            child.wait().expect("reaped");
        }
    }
}

impl Drop for Replicas {
    fn drop(&mut self) {
        for id in 0..self.0.len() {
            self.kill(id);
        }
    }
}

/// The first of this process's client ports in the block from `base`:
/// clients on it and the next 2, peers 100 above. Blocks lie below the
/// ephemeral ports (from 32768), which another process's connection may
/// hold, and apart from the other tests' ranges.
pub fn port(base: u16) -> u16 {
    base + (std::process::id() % 300) as u16 * 6
}
