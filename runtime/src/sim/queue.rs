//! The event queue: what happens next, in order of true time, then of
//! scheduling.

use core::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::node::AlarmId;

/// Something scheduled.
pub(super) enum Action {
    Start {
        node: u32,
    },
    Deliver {
        from: u32,
        to: u32,
        payload: Vec<u8>,
    },
    Alarm {
        node: u32,
        id: AlarmId,
        generation: u64,
    },
    Input {
        node: u32,
        payload: Vec<u8>,
    },
}

/// An action at a true time.
pub(super) struct Scheduled {
    pub(super) t_us: u64,
    seq: u64,
    pub(super) action: Action,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.t_us, self.seq) == (other.t_us, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    /// Reversed: the heap pops the earliest (then the first scheduled).
    fn cmp(&self, other: &Self) -> Ordering {
        (other.t_us, other.seq).cmp(&(self.t_us, self.seq))
    }
}

/// The pending actions; equal times pop in the order they were scheduled.
pub(super) struct Queue {
    heap: BinaryHeap<Scheduled>,
    seq: u64,
}

impl Queue {
    pub(super) fn new() -> Self {
        Self {
            heap: BinaryHeap::with_capacity(1024),
            seq: 0,
        }
    }

    #[inline]
    pub(super) fn schedule(&mut self, t_us: u64, action: Action) {
        self.seq += 1;
        self.heap.push(Scheduled {
            t_us,
            seq: self.seq,
            action,
        });
    }

    /// The time of the next action, if any.
    #[inline]
    pub(super) fn next_time(&self) -> Option<u64> {
        self.heap.peek().map(|s| s.t_us)
    }

    pub(super) fn pop(&mut self) -> Option<Scheduled> {
        self.heap.pop()
    }
}
