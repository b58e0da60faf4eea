//! A node's local clock: an offset and a constant drift rate against true time.

/// Parts per million: the unit of drift.
pub const PPM: i64 = 1_000_000;

/// A local clock: `local = offset + true · (1 + drift_ppm / 10⁶)`, in µs.
///
/// ```
/// use anguard::sim::Clock;
///
/// let clock = Clock { offset_us: 5_000, drift_ppm: 1_000 }; // 0.1 % fast
/// assert_eq!(clock.local_us(1_000_000), 5_000 + 1_001_000);
/// assert_eq!(clock.local_ms(1_000_000), 1_006);
/// let t = clock.true_at(1_006_000);
/// assert!(clock.local_us(t) >= 1_006_000 && clock.local_us(t - 1) < 1_006_000);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clock {
    /// The local reading at true time 0, in µs.
    pub offset_us: u64,
    /// How much faster (positive) or slower than true time it runs, in ppm.
    /// Keep it within ±10⁵.
    pub drift_ppm: i64,
}

impl Clock {
    /// The local reading at true time `t_us`, in µs.
    #[inline]
    pub fn local_us(&self, t_us: u64) -> u64 {
        let t = i128::from(t_us);
        let skew = t * i128::from(self.drift_ppm) / i128::from(PPM);
        (i128::from(self.offset_us) + t + skew) as u64
    }

    /// The local reading at true time `t_us`, in ms, as a wrapping u32.
    #[inline]
    pub fn local_ms(&self, t_us: u64) -> u32 {
        (self.local_us(t_us) / 1000) as u32
    }

    /// The earliest true time at which the local reading is at least
    /// `local_us` (0 if it already is at true time 0).
    pub fn true_at(&self, local_us: u64) -> u64 {
        let Some(span) = local_us.checked_sub(self.offset_us) else {
            return 0;
        };
        let rate = i128::from(PPM + self.drift_ppm);
        let mut t = (i128::from(span) * i128::from(PPM) / rate).max(0) as u64;
        while t > 0 && self.local_us(t - 1) >= local_us {
            t -= 1;
        }
        while self.local_us(t) < local_us {
            t += 1;
        }
        t
    }
}
