//! Hooks that change messages in transit and alarms as they are set: where
//! an injector flips bits outside a node's state.

use crate::node::AlarmId;

/// A message about to be delivered, for [`Sim::set_message_hook`](super::Sim::set_message_hook).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageInfo {
    /// True time of the delivery, in µs.
    pub t_us: u64,
    /// The sender.
    pub from: u32,
    /// The destination.
    pub to: u32,
    /// How many messages were delivered before this one.
    pub index: u64,
}

/// An alarm being set, for [`Sim::set_alarm_hook`](super::Sim::set_alarm_hook).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlarmInfo {
    /// True time, in µs.
    pub t_us: u64,
    /// The node setting it.
    pub node: u32,
    /// How many alarms were set before this one.
    pub index: u64,
}

pub(super) type MessageHook = Box<dyn FnMut(&MessageInfo, &mut Vec<u8>)>;
pub(super) type AlarmHook = Box<dyn FnMut(&AlarmInfo, &mut AlarmId, &mut u32)>;
