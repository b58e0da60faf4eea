//! A linearizability checker for key-value histories, after Wing and Gong
//! with Lowe's memoization (as Porcupine does it).
//!
//! Linearizability is local: a history is linearizable iff the history of
//! each key is. For each key, a depth-first search tries to order the
//! operations so that each takes effect at a point between its call and its
//! return and the store's sequential semantics give every reply recorded.
//! An operation without a return (its client gave up) may take effect at any
//! point after its call, or never. The search remembers each pair (set of
//! operations done, store state) it has seen fail, so it never explores the
//! same configuration twice.
//!
//! ```
//! use anguard_protocols::kv::linearizable::{Op, check};
//! use anguard_protocols::kv::{Command, Reply};
//!
//! let set = Op::done(0, 10, Command::Set(b"k".to_vec(), b"1".to_vec()), Reply::Ok);
//! // A read that starts after the write returned must see it.
//! let stale = Op::done(20, 30, Command::Get(b"k".to_vec()), Reply::Value(None));
//! assert!(check(&[set.clone(), stale]).is_err());
//! let fresh = Op::done(20, 30, Command::Get(b"k".to_vec()), Reply::Value(Some(b"1".to_vec())));
//! assert!(check(&[set, fresh]).is_ok());
//! ```

use std::collections::{BTreeMap, HashSet};

use super::raft::plain::Store;
use super::{Command, Reply};

/// One operation of a client, in true time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    /// When the client called it.
    pub call_us: u64,
    /// When the reply came, with the reply; `None` if none came.
    pub ret: Option<(u64, Reply)>,
    /// What it asked.
    pub command: Command,
}

impl Op {
    /// An operation that returned `reply` at `ret_us`.
    pub fn done(call_us: u64, ret_us: u64, command: Command, reply: Reply) -> Self {
        Self {
            call_us,
            ret: Some((ret_us, reply)),
            command,
        }
    }

    /// An operation that never returned.
    pub fn pending(call_us: u64, command: Command) -> Self {
        Self {
            call_us,
            ret: None,
            command,
        }
    }

    fn ret_us(&self) -> u64 {
        self.ret.as_ref().map_or(u64::MAX, |(t, _)| *t)
    }
}

/// A history with no valid order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {} operations on key {:?} are not linearizable: {ops:?}", ops.len(), String::from_utf8_lossy(key))]
pub struct Violation {
    /// The key.
    pub key: Vec<u8>,
    /// Its operations, by call time.
    pub ops: Vec<Op>,
}

/// Checks a history (the operations of every client, in any order).
pub fn check(history: &[Op]) -> Result<(), Violation> {
    let mut by_key: BTreeMap<&[u8], Vec<&Op>> = BTreeMap::new();
    for op in history {
        by_key.entry(op.command.key()).or_default().push(op);
    }
    for (key, mut ops) in by_key {
        ops.sort_by_key(|op| (op.call_us, op.ret_us()));
        if !Search::new(&ops).run() {
            return Err(Violation {
                key: key.to_vec(),
                ops: ops.into_iter().cloned().collect(),
            });
        }
    }
    Ok(())
}

/// The search over one key's operations, sorted by call time.
struct Search<'a> {
    ops: &'a [&'a Op],
    /// Configurations known to fail: operations done, and the store then.
    failed: HashSet<(Vec<u64>, Option<Vec<u8>>)>,
}

impl<'a> Search<'a> {
    fn new(ops: &'a [&'a Op]) -> Self {
        Self {
            ops,
            failed: HashSet::new(),
        }
    }

    fn run(&mut self) -> bool {
        let done = vec![0u64; self.ops.len().div_ceil(64)];
        self.extend(done, Store::default())
    }

    /// Whether the operations not in `done` can follow, from `store`.
    fn extend(&mut self, done: Vec<u64>, store: Store) -> bool {
        let is_done = |i: usize| done[i / 64] & (1 << (i % 64)) != 0;
        let open: Vec<usize> = (0..self.ops.len()).filter(|&i| !is_done(i)).collect();
        // Done when every operation that returned has taken effect.
        if open.iter().all(|&i| self.ops[i].ret.is_none()) {
            return true;
        }
        let key = self.ops[open[0]].command.key();
        let value = store.get(key).map(<[u8]>::to_vec);
        if self.failed.contains(&(done.clone(), value.clone())) {
            return false;
        }
        // Whatever goes next was called before every open operation returned.
        let horizon = open
            .iter()
            .map(|&i| self.ops[i].ret_us())
            .min()
            .unwrap_or(u64::MAX);
        for &i in open.iter().take_while(|&&i| self.ops[i].call_us <= horizon) {
            let op = self.ops[i];
            let mut next = store.clone();
            let reply = next.apply(&op.command);
            if op
                .ret
                .as_ref()
                .is_some_and(|(_, expected)| *expected != reply)
            {
                continue;
            }
            let mut done = done.clone();
            done[i / 64] |= 1 << (i % 64);
            if self.extend(done, next) {
                return true;
            }
        }
        self.failed.insert((done, value));
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Vec<u8> {
        b"k".to_vec()
    }

    fn set(v: &str) -> Command {
        Command::Set(key(), v.as_bytes().to_vec())
    }

    fn get() -> Command {
        Command::Get(key())
    }

    fn value(v: &str) -> Reply {
        Reply::Value(Some(v.as_bytes().to_vec()))
    }

    #[test]
    fn concurrent_writes_may_be_seen_in_either_order() {
        let history = [
            Op::done(0, 100, set("a"), Reply::Ok),
            Op::done(10, 90, set("b"), Reply::Ok),
            Op::done(110, 120, get(), value("a")),
        ];
        assert!(check(&history).is_ok());
        let history = [
            Op::done(0, 100, set("a"), Reply::Ok),
            Op::done(10, 90, set("b"), Reply::Ok),
            Op::done(110, 120, get(), value("b")),
        ];
        assert!(check(&history).is_ok());
    }

    #[test]
    fn a_read_cannot_go_back_in_time() {
        // Once a read saw "b", a later read cannot see "a" again.
        let history = [
            Op::done(0, 10, set("a"), Reply::Ok),
            Op::done(20, 100, set("b"), Reply::Ok),
            Op::done(30, 40, get(), value("b")),
            Op::done(50, 60, get(), value("a")),
        ];
        assert!(check(&history).is_err());
    }

    #[test]
    fn two_increments_cannot_both_return_one() {
        let history = [
            Op::done(0, 10, Command::Incr(key()), Reply::Integer(1)),
            Op::done(5, 15, Command::Incr(key()), Reply::Integer(1)),
        ];
        assert!(check(&history).is_err());
        let history = [
            Op::done(0, 10, Command::Incr(key()), Reply::Integer(2)),
            Op::done(5, 15, Command::Incr(key()), Reply::Integer(1)),
        ];
        assert!(check(&history).is_ok());
    }

    #[test]
    fn a_value_never_written_is_a_violation() {
        let history = [
            Op::done(0, 10, set("a"), Reply::Ok),
            Op::done(20, 30, get(), value("z")),
        ];
        assert!(check(&history).is_err());
    }

    #[test]
    fn a_lost_acknowledged_write_is_a_violation() {
        let history = [
            Op::done(0, 10, set("a"), Reply::Ok),
            Op::done(20, 30, Command::Del(key()), Reply::Integer(0)),
        ];
        assert!(check(&history).is_err());
    }

    #[test]
    fn a_pending_write_may_take_effect_late_or_never() {
        let late = [
            Op::pending(0, set("a")),
            Op::done(50, 60, get(), Reply::Value(None)),
            Op::done(70, 80, get(), value("a")),
        ];
        assert!(check(&late).is_ok());
        let never = [
            Op::pending(0, set("a")),
            Op::done(50, 60, get(), Reply::Value(None)),
        ];
        assert!(check(&never).is_ok());
        // But not before it was called.
        let early = [
            Op::done(0, 10, get(), value("a")),
            Op::pending(20, set("a")),
        ];
        assert!(check(&early).is_err());
    }

    #[test]
    fn keys_are_checked_apart() {
        let other = Command::Set(b"other".to_vec(), b"x".to_vec());
        let history = [
            Op::done(0, 10, other, Reply::Ok),
            Op::done(20, 30, get(), Reply::Value(None)),
        ];
        assert!(check(&history).is_ok());
    }

    #[test]
    fn a_long_concurrent_history_is_checked_quickly() {
        // 40 overlapping increments with shuffled results: the memo keeps
        // the search polynomial.
        let history: Vec<Op> = (0..40u64)
            .map(|i| {
                Op::done(
                    i,
                    1000 + i,
                    Command::Incr(key()),
                    Reply::Integer((i * 7 % 40 + 1) as i64),
                )
            })
            .collect();
        assert!(check(&history).is_ok());
    }
}
