//! hale's parameters, validated, and as the protocol's words.

use anguard::Word;
use thiserror::Error;

/// Parts per million: the unit of the drift bound ρ.
pub const PPM: u32 = 1_000_000;

/// The largest `n` a configuration accepts.
pub const MAX_N: u32 = 1024;

/// The largest time parameter, in ms (about 12 days): stored clock readings
/// must stay far below half the wrapping clock (2³¹ ms).
pub const MAX_TIME_MS: u32 = 1 << 30;

/// A configuration [`HaleConfig::new`] refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum HaleConfigError {
    /// `n` out of range.
    #[error("n = {n} must be between 1 and {MAX_N}")]
    BadN {
        /// The given `n`.
        n: u32,
    },
    /// A period of 0 ms.
    #[error("the period EP must be at least 1 ms")]
    ZeroPeriod,
    /// ρ of a million ppm or more: clocks could stop.
    #[error("the drift bound ρ = {drift_ppm} ppm must be below {PPM} ppm")]
    DriftTooLarge {
        /// The given ρ.
        drift_ppm: u32,
    },
    /// A time parameter above [`MAX_TIME_MS`].
    #[error("{what} = {value} ms exceeds {MAX_TIME_MS} ms")]
    TooLong {
        /// Which parameter.
        what: &'static str,
        /// Its value.
        value: u32,
    },
    /// The lease cannot cover a renewal: `EP + 2δ ≥ L(1−ρ)/(1+ρ)`.
    #[error("lease too short: EP + 2δ = {needed} ms must be below L(1−ρ)/(1+ρ) = {span} ms")]
    LeaseTooShort {
        /// `EP + 2δ`.
        needed: u64,
        /// `⌊(L−1)(1−ρ)/(1+ρ)⌋`.
        span: u64,
    },
}

/// hale's parameters, validated: every value of this type is a configuration
/// the algorithm is safe and live with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HaleConfig {
    n: u32,
    period: u32,
    lease: u32,
    delta: u32,
    drift_ppm: u32,
    span: u32,
}

impl HaleConfig {
    /// `n` processes, a `Req`/`Alive` every `period` (EP) ms, promises for
    /// `lease` (L) ms, message delay bound `delta` (δ) ms, clock drift bound
    /// `drift_ppm` (ρ, in parts per million).
    pub fn new(
        n: u32,
        period: u32,
        lease: u32,
        delta: u32,
        drift_ppm: u32,
    ) -> Result<Self, HaleConfigError> {
        if n == 0 || n > MAX_N {
            return Err(HaleConfigError::BadN { n });
        }
        if period == 0 {
            return Err(HaleConfigError::ZeroPeriod);
        }
        if drift_ppm >= PPM {
            return Err(HaleConfigError::DriftTooLarge { drift_ppm });
        }
        for (what, value) in [("EP", period), ("L", lease), ("δ", delta)] {
            if value > MAX_TIME_MS {
                return Err(HaleConfigError::TooLong { what, value });
            }
        }
        // (L−1)(1−ρ)/(1+ρ) in u64: L < 2^30 and 1+ρ < 2^21, so no overflow.
        // L−1: a promise read off a whole-ms clock may last 1 ms less than L.
        let span = u64::from(lease.saturating_sub(1)) * u64::from(PPM - drift_ppm)
            / u64::from(PPM + drift_ppm);
        let needed = u64::from(period) + 2 * u64::from(delta);
        if needed >= span {
            return Err(HaleConfigError::LeaseTooShort { needed, span });
        }
        Ok(HaleConfig {
            n,
            period,
            lease,
            delta,
            drift_ppm,
            // span ≤ L < 2^30.
            span: span as u32,
        })
    }

    /// A configuration for a period alone: δ = EP/5 (at least 1 ms),
    /// ρ = 100 ppm, L = 2·(EP + 2δ) + 1.
    pub fn for_period(n: u32, period: u32) -> Result<Self, HaleConfigError> {
        let delta = Self::default_delta(period);
        let lease = Self::default_lease(period, delta);
        Self::new(n, period, lease, delta, Self::DEFAULT_DRIFT_PPM)
    }

    /// ρ when none is given, in parts per million.
    pub const DEFAULT_DRIFT_PPM: u32 = 100;

    /// δ when none is given: EP/5, at least 1 ms.
    pub fn default_delta(period: u32) -> u32 {
        (period / 5).max(1)
    }

    /// L when none is given: 2·(EP + 2δ) + 1, twice what the lease must
    /// outlast (saturating: too long a lease is then refused by [`new`](Self::new)).
    pub fn default_lease(period: u32, delta: u32) -> u32 {
        period
            .saturating_add(delta.saturating_mul(2))
            .saturating_mul(2)
            .saturating_add(1)
    }

    /// The number of processes.
    pub fn n(&self) -> u32 {
        self.n
    }
    /// EP, in ms.
    pub fn period(&self) -> u32 {
        self.period
    }
    /// L, in ms.
    pub fn lease(&self) -> u32 {
        self.lease
    }
    /// δ, in ms.
    pub fn delta(&self) -> u32 {
        self.delta
    }
    /// ρ, in parts per million.
    pub fn drift_ppm(&self) -> u32 {
        self.drift_ppm
    }
    /// `⌊(L−1)(1−ρ)/(1+ρ)⌋`: how long after sending a `Req` its supports count.
    pub fn span(&self) -> u32 {
        self.span
    }

    /// Real ms within which a leader is elected once a majority is timely
    /// (and after a leader crashed): `L + 2·EP + 4δ` local ms at the slowest
    /// clock rate `1−ρ`, rounded up.
    pub fn election_bound_ms(&self) -> u64 {
        let local = u64::from(self.lease) + 2 * u64::from(self.period) + 4 * u64::from(self.delta);
        let slowest = u64::from(PPM - self.drift_ppm);
        (local * u64::from(PPM)).div_ceil(slowest)
    }

    /// The parameters as words of a build (`u32` or `AnU32`).
    pub fn params<W: Word>(&self) -> Params<W> {
        Params {
            n: W::from_u32(self.n),
            period: W::from_u32(self.period),
            lease: W::from_u32(self.lease),
            span: W::from_u32(self.span),
            heard_window: W::from_u32(self.period + 2 * self.delta),
        }
    }
}

/// [`HaleConfig`] as the protocol's words, derived values included.
#[derive(Debug, Clone, Copy)]
pub struct Params<W> {
    /// The number of processes.
    pub n: W,
    /// EP.
    pub period: W,
    /// L.
    pub lease: W,
    /// `(L−1)(1−ρ)/(1+ρ)`.
    pub span: W,
    /// `EP + 2δ`: how long a process counts as heard.
    pub heard_window: W,
}
