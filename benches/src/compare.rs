//! Measuring encoded code against plain code on this noisy, shared machine:
//! both sides run interleaved in one process, many rounds each, and only
//! ratios are reported: of their medians, and per round, for the spread.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The medians of one plain-vs-encoded comparison, and the ratio of each round.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Median time of one call of the plain side.
    pub plain: Duration,
    /// Median time of one call of the encoded side.
    pub encoded: Duration,
    /// encoded / plain in each round (the two calls of a round run back to
    /// back), sorted.
    pub round_ratios: Vec<f64>,
}

impl Comparison {
    /// encoded / plain, of the medians.
    pub fn ratio(&self) -> f64 {
        self.encoded.as_secs_f64() / self.plain.as_secs_f64()
    }

    /// The 10th and 90th percentiles of the per-round ratios.
    pub fn spread(&self) -> (f64, f64) {
        let at = |q: f64| self.round_ratios[((self.round_ratios.len() - 1) as f64 * q) as usize];
        (at(0.1), at(0.9))
    }
}

/// Runs `plain` and `encoded` alternately for `rounds` rounds and returns the
/// median of each. Each call should do the same work in both builds.
pub fn compare<P, E, T, U>(rounds: usize, mut plain: P, mut encoded: E) -> Comparison
where
    P: FnMut() -> T,
    E: FnMut() -> U,
{
    assert!(rounds > 0, "at least one round");
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
    let mut round_ratios: Vec<f64> = plain_times
        .iter()
        .zip(&encoded_times)
        .map(|(p, e)| e.as_secs_f64() / p.as_secs_f64())
        .collect();
    round_ratios.sort_unstable_by(f64::total_cmp);
    Comparison {
        plain: median(&mut plain_times),
        encoded: median(&mut encoded_times),
        round_ratios,
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
