/// A latency histogram with decade buckets, as a node's metrics keep it.
#[anguard::an_encode]
pub mod histogram {
    pub const BUCKETS: usize = 6;

    /// The decade of a latency in ms.
    pub fn bucket(latency: u32) -> usize {
        match latency {
            0..=9 => 0,
            10..=99 => 1,
            100..=999 => 2,
            1_000..=9_999 => 3,
            10_000..=99_999 => 4,
            _ => 5,
        }
    }

    #[derive(Debug, Clone, Default)]
    pub struct Histogram {
        pub counts: [u32; BUCKETS],
        pub max: u32,
        pub sum: u64,
    }

    impl Histogram {
        pub fn record(&mut self, latency: u32) {
            self.counts[bucket(latency)] += 1;
            self.max = self.max.max(latency);
            self.sum += u64::from(latency);
        }

        /// The smallest bucket bound below which `percent` of samples fall.
        pub fn percentile_bound(&self, percent: u32) -> Option<u32> {
            let total: u32 = self.counts.iter().copied().sum();
            if total == 0 {
                return None;
            }
            let wanted = (total as u64 * percent.min(100) as u64).div_ceil(100) as u32;
            let mut seen: u32 = 0;
            for (i, &count) in self.counts.iter().enumerate() {
                seen += count;
                if seen >= wanted {
                    return Some(10u32.pow(i as u32 + 1));
                }
            }
            Some(u32::MAX)
        }
    }
}
