//! rotel4's parameters, validated, and as the protocol's words.

use anguard::Word;
use thiserror::Error;

/// The largest `n` a configuration accepts.
pub const MAX_N: u32 = 1024;

/// The largest δ, in ms: timer readings must stay far below 2³¹ ms.
pub const MAX_DELTA_MS: u32 = 1 << 29;

/// A configuration [`Rotel4Config::new`] refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum Rotel4ConfigError {
    /// `n` out of range.
    #[error("n = {n} must be between 1 and {MAX_N}")]
    BadN {
        /// The given `n`.
        n: u32,
    },
    /// δ out of range.
    #[error("δ = {delta} ms must be between 1 and {MAX_DELTA_MS} ms")]
    BadDelta {
        /// The given δ.
        delta: u32,
    },
}

/// rotel4's parameters, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotel4Config {
    n: u32,
    delta: u32,
}

impl Rotel4Config {
    /// `n` processes; the leader sends `Ok` every `delta` (δ) ms, which is
    /// also the bound on message delay the timeout assumes.
    pub fn new(n: u32, delta: u32) -> Result<Self, Rotel4ConfigError> {
        if n == 0 || n > MAX_N {
            return Err(Rotel4ConfigError::BadN { n });
        }
        if delta == 0 || delta > MAX_DELTA_MS {
            return Err(Rotel4ConfigError::BadDelta { delta });
        }
        Ok(Rotel4Config { n, delta })
    }

    /// The number of processes.
    pub fn n(&self) -> u32 {
        self.n
    }
    /// δ, in ms.
    pub fn delta(&self) -> u32 {
        self.delta
    }

    /// `(n+4)δ`: the election time after stabilization, in ms.
    pub fn election_bound_ms(&self) -> u64 {
        (u64::from(self.n) + 4) * u64::from(self.delta)
    }

    /// The parameters as words of a build (`u32` or `AnU32`).
    pub fn params<W: Word>(&self) -> Params<W> {
        Params {
            n: W::from_u32(self.n),
            delta: W::from_u32(self.delta),
            timeout: W::from_u32(2 * self.delta + 1),
        }
    }
}

/// [`Rotel4Config`] as the protocol's words.
#[derive(Debug, Clone, Copy)]
pub struct Params<W> {
    /// The number of processes.
    pub n: W,
    /// δ.
    pub delta: W,
    /// `2δ + 1`: the timer.
    pub timeout: W,
}
