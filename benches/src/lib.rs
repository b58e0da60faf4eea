//! Measuring encoded code against plain code on this noisy, shared machine:
//! both sides run interleaved in one process, many rounds each, and only the
//! ratio of their medians is reported.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The medians of one plain-vs-encoded comparison.
#[derive(Debug, Clone, Copy)]
pub struct Comparison {
    /// Median time of one call of the plain side.
    pub plain: Duration,
    /// Median time of one call of the encoded side.
    pub encoded: Duration,
}

impl Comparison {
    /// encoded / plain.
    pub fn ratio(&self) -> f64 {
        self.encoded.as_secs_f64() / self.plain.as_secs_f64()
    }
}

/// Runs `plain` and `encoded` alternately for `rounds` rounds and returns the
/// median of each. Each call should do the same work in both builds.
pub fn compare<P, E, T, U>(rounds: usize, mut plain: P, mut encoded: E) -> Comparison
where
    P: FnMut() -> T,
    E: FnMut() -> U,
{
    let mut plain_times = Vec::with_capacity(rounds);
    let mut encoded_times = Vec::with_capacity(rounds);
    for _ in 0..rounds.div_ceil(10) {
        black_box(plain());
        black_box(encoded());
    }
    for _ in 0..rounds {
        plain_times.push(time(&mut plain));
        encoded_times.push(time(&mut encoded));
    }
    Comparison {
        plain: median(&mut plain_times),
        encoded: median(&mut encoded_times),
    }
}

fn time<T>(f: &mut impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}
