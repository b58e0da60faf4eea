//! The replicated store's parameters, validated.

use anguard::{Word, payload};
use thiserror::Error;

/// The largest `n` a configuration accepts.
pub const MAX_N: u32 = 255;

/// The largest time parameter, in ms: clock readings compare by their
/// wrapping difference, which must stay far below 2³¹ ms.
pub const MAX_TIME_MS: u32 = 1 << 24;

/// A configuration [`KvConfig::new`] refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum KvConfigError {
    /// `n` out of range.
    #[error("n = {n} must be between 1 and {MAX_N}")]
    BadN {
        /// The given `n`.
        n: u32,
    },
    /// A heartbeat period of 0 ms, or a time above [`MAX_TIME_MS`].
    #[error("{what} = {value} ms must be between 1 and {MAX_TIME_MS} ms")]
    BadTime {
        /// Which parameter.
        what: &'static str,
        /// Its value.
        value: u32,
    },
    /// Election timeouts that a heartbeat cannot keep from firing.
    #[error(
        "the election timeout {min}..{max} ms must start above 2 heartbeats ({heartbeat} ms each) and be a non-empty range"
    )]
    BadElectionTimeout {
        /// The heartbeat period.
        heartbeat: u32,
        /// The shortest timeout.
        min: u32,
        /// The longest timeout.
        max: u32,
    },
    /// A batch, a pipeline or a snapshot interval of 0 entries.
    #[error("{what} must be at least 1")]
    Zero {
        /// Which parameter.
        what: &'static str,
    },
    /// A snapshot chunk bound of 0 bytes, or above [`MAX_SNAPSHOT_CHUNK`].
    #[error("a snapshot chunk of {bytes} bytes must be between 1 and {MAX_SNAPSHOT_CHUNK} bytes")]
    BadChunk {
        /// The given bound.
        bytes: u32,
    },
}

/// How a leader answers a GET.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Reads {
    /// Through the log, like a write: appended, replicated, made durable,
    /// and answered when applied.
    Log,
    /// ReadIndex: no log entry; answered once the leader applied what it
    /// knew committed when the read came and a majority confirmed, after
    /// it came, that it still leads.
    #[default]
    Index,
}

impl Reads {
    /// The path's name, as `--reads` spells it.
    pub const fn name(self) -> &'static str {
        match self {
            Reads::Log => "log",
            Reads::Index => "index",
        }
    }
}

/// The store's parameters: every value of this type is one the protocol is
/// safe with (safety needs none of the timing) and live with once messages
/// take well under a heartbeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KvConfig {
    n: u32,
    heartbeat_ms: u32,
    election_min_ms: u32,
    election_max_ms: u32,
    max_batch: u32,
    max_inflight: u32,
    snapshot_every: u32,
    snapshot_chunk: u32,
    reads: Reads,
    max_reads: u32,
}

/// Applied entries between two snapshots of a replica's store, by default.
pub const SNAPSHOT_EVERY: u32 = 1024;

/// The bytes of keys and values (and their lengths, seals and origins) a leader
/// sends a follower in one chunk of a snapshot, by default: a quarter of a
/// message's limit.
pub const SNAPSHOT_CHUNK: u32 = (payload::MAX_PAYLOAD / 4) as u32;

/// The largest chunk bound a configuration accepts: half a message's
/// limit, so that a chunk's message always fits.
pub const MAX_SNAPSHOT_CHUNK: u32 = (payload::MAX_PAYLOAD / 2) as u32;
/// Reads a leader holds at once without the log, by default: past them, a
/// GET goes through the log.
pub const MAX_READS: u32 = 4096;

impl KvConfig {
    /// `n` replicas; a leader sends a heartbeat every `heartbeat_ms`; a
    /// follower that hears no leader for a random time in
    /// `election_min_ms..election_max_ms` stands for election; an append
    /// carries at most `max_batch` entries (and at most
    /// [`APPEND_BYTES`](crate::kv::raft::APPEND_BYTES) of them, but one
    /// whatever its size); while one is unanswered, the next goes only once
    /// it is full (what comes meanwhile is batched), and at most
    /// `max_inflight` full ones are unanswered per follower (the pipeline).
    pub fn new(
        n: u32,
        heartbeat_ms: u32,
        election_min_ms: u32,
        election_max_ms: u32,
        max_batch: u32,
        max_inflight: u32,
    ) -> Result<Self, KvConfigError> {
        if n == 0 || n > MAX_N {
            return Err(KvConfigError::BadN { n });
        }
        for (what, value) in [
            ("the heartbeat", heartbeat_ms),
            ("the shortest election timeout", election_min_ms),
            ("the longest election timeout", election_max_ms),
        ] {
            if value == 0 || value > MAX_TIME_MS {
                return Err(KvConfigError::BadTime { what, value });
            }
        }
        if election_min_ms <= 2 * heartbeat_ms || election_max_ms <= election_min_ms {
            return Err(KvConfigError::BadElectionTimeout {
                heartbeat: heartbeat_ms,
                min: election_min_ms,
                max: election_max_ms,
            });
        }
        for (what, value) in [("max_batch", max_batch), ("max_inflight", max_inflight)] {
            if value == 0 {
                return Err(KvConfigError::Zero { what });
            }
        }
        Ok(Self {
            n,
            heartbeat_ms,
            election_min_ms,
            election_max_ms,
            max_batch,
            max_inflight,
            snapshot_every: SNAPSHOT_EVERY,
            snapshot_chunk: SNAPSHOT_CHUNK,
            reads: Reads::default(),
            max_reads: MAX_READS,
        })
    }

    /// The same, with GETs answered by `reads` (by default [`Reads::Index`]).
    pub fn with_reads(self, reads: Reads) -> Self {
        Self { reads, ..self }
    }

    /// The same, with a leader holding at most `reads` GETs at once without
    /// the log (by default [`MAX_READS`]); past them, a GET goes through
    /// the log.
    pub fn with_max_reads(self, reads: u32) -> Result<Self, KvConfigError> {
        if reads == 0 {
            return Err(KvConfigError::Zero { what: "max_reads" });
        }
        Ok(Self {
            max_reads: reads,
            ..self
        })
    }

    /// How GETs are answered.
    pub fn reads(&self) -> Reads {
        self.reads
    }

    /// The same, with a replica snapshotting its store and cutting its log
    /// every `entries` applied entries (by default [`SNAPSHOT_EVERY`]), or
    /// every as many as its store holds keys if that is more: a snapshot
    /// copies the store.
    pub fn with_snapshot_every(self, entries: u32) -> Result<Self, KvConfigError> {
        if entries == 0 {
            return Err(KvConfigError::Zero {
                what: "snapshot_every",
            });
        }
        Ok(Self {
            snapshot_every: entries,
            ..self
        })
    }

    /// The same, with a leader sending a snapshot in chunks of at most
    /// `bytes` of keys and values, each pair counted with its lengths, seal
    /// and origin (a pair larger than that goes alone); by default
    /// [`SNAPSHOT_CHUNK`].
    pub fn with_snapshot_chunk(self, bytes: u32) -> Result<Self, KvConfigError> {
        if bytes == 0 || bytes > MAX_SNAPSHOT_CHUNK {
            return Err(KvConfigError::BadChunk { bytes });
        }
        Ok(Self {
            snapshot_chunk: bytes,
            ..self
        })
    }

    /// `n` replicas with the defaults: a heartbeat every `heartbeat_ms`,
    /// election timeouts of 5 to 10 heartbeats, batches of 64 entries, 8
    /// appends in flight.
    pub fn with_heartbeat(n: u32, heartbeat_ms: u32) -> Result<Self, KvConfigError> {
        let min = heartbeat_ms.saturating_mul(5);
        Self::new(n, heartbeat_ms, min, min.saturating_mul(2), 64, 8)
    }

    /// The number of replicas.
    pub fn n(&self) -> u32 {
        self.n
    }

    /// The heartbeat period, in ms.
    pub fn heartbeat_ms(&self) -> u32 {
        self.heartbeat_ms
    }

    /// The parameters as words of a build (`u32` or `AnU32`).
    pub fn params<W: Word>(&self) -> Params<W> {
        Params {
            n: W::from_u32(self.n),
            heartbeat: W::from_u32(self.heartbeat_ms),
            election_min: W::from_u32(self.election_min_ms),
            election_spread: W::from_u32(self.election_max_ms - self.election_min_ms),
            max_batch: W::from_u32(self.max_batch),
            max_inflight: W::from_u32(self.max_inflight),
            snapshot_every: W::from_u32(self.snapshot_every),
            snapshot_chunk: W::from_u32(self.snapshot_chunk),
            read_index: self.reads == Reads::Index,
            max_reads: W::from_u32(self.max_reads),
        }
    }
}

/// [`KvConfig`] as the protocol's words.
#[derive(Debug, Clone, Copy)]
pub struct Params<W> {
    /// The number of replicas.
    pub n: W,
    /// The heartbeat period, in ms.
    pub heartbeat: W,
    /// The shortest election timeout, in ms.
    pub election_min: W,
    /// The longest minus the shortest election timeout, in ms.
    pub election_spread: W,
    /// Entries per append, at most.
    pub max_batch: W,
    /// Unanswered appends per follower, at most.
    pub max_inflight: W,
    /// Applied entries between two snapshots.
    pub snapshot_every: W,
    /// Bytes of a snapshot's pairs per chunk, at most.
    pub snapshot_chunk: W,
    /// Whether GETs skip the log ([`Reads::Index`]).
    pub read_index: bool,
    /// GETs held at once without the log, at most.
    pub max_reads: W,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_is_validated() {
        assert_eq!(
            KvConfig::new(0, 10, 50, 100, 1, 1),
            Err(KvConfigError::BadN { n: 0 })
        );
        assert!(matches!(
            KvConfig::new(3, 0, 50, 100, 1, 1),
            Err(KvConfigError::BadTime { .. })
        ));
        assert!(matches!(
            KvConfig::new(3, 10, 20, 100, 1, 1),
            Err(KvConfigError::BadElectionTimeout { .. })
        ));
        assert!(matches!(
            KvConfig::new(3, 10, 50, 50, 1, 1),
            Err(KvConfigError::BadElectionTimeout { .. })
        ));
        assert_eq!(
            KvConfig::new(3, 10, 50, 100, 0, 1),
            Err(KvConfigError::Zero { what: "max_batch" })
        );
        assert!(KvConfig::with_heartbeat(3, 10).is_ok());
        let config = KvConfig::with_heartbeat(3, 10).unwrap();
        assert_eq!(
            config.with_snapshot_every(0),
            Err(KvConfigError::Zero {
                what: "snapshot_every"
            })
        );
        assert!(config.with_snapshot_every(8).is_ok());
        for bytes in [0, MAX_SNAPSHOT_CHUNK + 1] {
            assert_eq!(
                config.with_snapshot_chunk(bytes),
                Err(KvConfigError::BadChunk { bytes })
            );
        }
        assert!(config.with_snapshot_chunk(1).is_ok());
        assert!(config.with_snapshot_chunk(MAX_SNAPSHOT_CHUNK).is_ok());
        assert_eq!(
            config.with_max_reads(0),
            Err(KvConfigError::Zero { what: "max_reads" })
        );
        assert_eq!(config.reads(), Reads::Index);
        assert_eq!(config.with_reads(Reads::Log).reads(), Reads::Log);
    }
}
