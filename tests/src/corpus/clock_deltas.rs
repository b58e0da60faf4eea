/// Clock offsets and counters of every width: `i64` deltas that overflow or
/// wrap, `u16` sequence counters, `i8` and `i16` adjustments, `isize`
/// steps, `Wrapping<u64>` hashing, and casts between all of them.
#[anguard::an_encode]
pub mod clock_deltas {
    use std::num::Wrapping;

    /// The largest offset a sample may move the estimate by.
    pub const MAX_STEP: i64 = 1 << 40;

    /// A `const fn` over `u64`: a constant it computes is encoded at
    /// compile time; called at run time, it runs its plain copy.
    const fn micros(ms: u64) -> u64 {
        ms * 1_000
    }

    /// How far apart two clocks may be, in microseconds.
    pub const HORIZON: u64 = micros(90_000);

    /// Whether `delta` (in microseconds) is within the horizon, and the
    /// horizon of `ms` milliseconds.
    pub fn within_horizon(delta: i64, ms: u64) -> (bool, u64) {
        (delta.unsigned_abs() < HORIZON, micros(ms))
    }

    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct Estimate {
        pub offset: i64,
        pub samples: u16,
        pub rejected: u8,
        pub trend: i8,
    }

    impl Estimate {
        /// Moves the offset by `delta`, clamped, and counts the sample.
        pub fn sample(&mut self, delta: i64) -> i64 {
            let step = delta.clamp(-MAX_STEP, MAX_STEP);
            self.offset = self.offset.saturating_add(step);
            self.samples = self.samples.wrapping_add(1);
            self.trend = match step.signum() {
                -1 => self.trend.saturating_sub(1),
                0 => self.trend,
                _ => self.trend.saturating_add(1),
            };
            if step != delta {
                self.rejected = self.rejected.saturating_add(1);
            }
            step
        }

        /// The offset as a wire field: `i32` milliseconds, if it fits.
        pub fn wire(&self) -> Option<i32> {
            i32::try_from(self.offset / 1_000_000).ok()
        }
    }

    /// `a - b` as the two clocks' readings, with i64's overflow behaviour
    /// (a panic with overflow checks on).
    pub fn delta(a: i64, b: i64) -> i64 {
        a - b
    }

    /// The checked and wrapping forms, and the bits of the difference.
    pub fn delta_forms(a: i64, b: i64) -> (Option<i64>, i64, u64, u32, i64) {
        let wrapped = a.wrapping_sub(b);
        (
            a.checked_sub(b),
            wrapped,
            wrapped.unsigned_abs(),
            wrapped.count_ones(),
            wrapped >> 3,
        )
    }

    /// Which way a delta points, through negative literal patterns.
    pub fn direction(delta: i64) -> i8 {
        match delta {
            i64::MIN..=-1_000_000 => -2,
            -999_999..=-1 => -1,
            0 => 0,
            1..=999_999 => 1,
            _ => 2,
        }
    }

    /// Casts between widths, as a wire format folds fields.
    pub fn narrow(delta: i64, seq: u16, adjust: i16) -> (i32, u16, i8, u8, isize, u64, i16) {
        (
            delta as i32,
            (delta as u16).wrapping_add(seq),
            adjust as i8,
            seq as u8,
            delta as isize,
            (adjust as i64).wrapping_add(-3i64) as u64,
            -(seq as i16 >> 4),
        )
    }

    /// The mean of deltas in `i64`, and their spread in a `u64`.
    pub fn stats(deltas: &[i64]) -> (i64, u64, i64) {
        if deltas.is_empty() {
            return (0, 0, 1);
        }
        let sum: i64 = deltas.iter().map(|&d| d / 1024).sum();
        let (min, max) = (
            deltas.iter().copied().min().unwrap_or(0),
            deltas.iter().copied().max().unwrap_or(0),
        );
        let product: i64 = deltas.iter().map(|&d| (d & 3) - 1).product();
        (sum / deltas.len() as i64, max.abs_diff(min), product)
    }

    /// A sequence counter that wraps at `u16::MAX`, as a distance.
    pub fn seq_distance(from: u16, to: u16) -> (u16, bool) {
        let distance = to.wrapping_sub(from);
        (distance, distance < u16::MAX / 2)
    }

    /// Steps of an `isize` cursor over a ring of `len` slots.
    pub fn cursor(start: isize, steps: &[i16], len: usize) -> usize {
        let len = len as isize;
        let mut at = (start % len + len) % len;
        for &step in steps {
            at = ((at + step as isize) % len + len) % len;
        }
        at as usize
    }

    /// FNV-1a over the deltas' bytes in `Wrapping<u64>`.
    pub fn fingerprint(deltas: &[i64]) -> u64 {
        let mut hash = Wrapping(14_695_981_039_346_656_037_u64);
        for &d in deltas {
            for byte in d.to_le_bytes() {
                hash ^= Wrapping(byte as u64);
                hash *= Wrapping(0x100_0000_01b3);
            }
        }
        hash.0
    }

    /// Ranges over `u16` and `i64`: counted and summed.
    pub fn ranges(from: u16, to: u16, low: i64) -> (u32, i64) {
        let mut count = 0_u32;
        for _ in from..to {
            count += 1;
        }
        let mut total = 0_i64;
        for x in (low..low + 5).rev() {
            total = total.wrapping_mul(3).wrapping_add(x);
        }
        (count, total)
    }
}
