//! Counters over a whole run.

/// Counters over a whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SimStats {
    /// Protocol events handled: starts, deliveries and alarms fired.
    pub events: u64,
    /// Messages sent.
    pub sent: u64,
    /// Messages delivered (a duplicate counts twice).
    pub delivered: u64,
    /// Extra copies made by duplication.
    pub duplicated: u64,
    /// Messages not delivered (loss, partition, crashed or unknown destination).
    pub lost: u64,
    /// Alarms fired.
    pub alarms_fired: u64,
    /// Words the nodes discarded as invalid (omissions).
    pub discarded: u64,
    /// Messages the protocols rejected ([`Io::reject`](crate::Io::reject)).
    pub rejected: u64,
    /// Faults detected (a check panicked with a [`Fault`](crate::fault::Fault)).
    pub faults: u64,
    /// Other panics caught.
    pub panics: u64,
}
