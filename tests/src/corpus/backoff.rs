/// Exponential backoff with a cap and deterministic jitter, for reconnects.
#[anguard::an_encode]
pub mod backoff {
    #[derive(Debug, Clone)]
    pub struct Backoff {
        pub base_ms: u32,
        pub cap_ms: u32,
        pub attempt: u32,
    }

    impl Backoff {
        pub fn new(base_ms: u32, cap_ms: u32) -> Self {
            Backoff {
                base_ms,
                cap_ms,
                attempt: 0,
            }
        }

        /// The delay before the next attempt: `base * 2^attempt`, capped.
        pub fn next_delay(&mut self) -> u32 {
            let factor = 2u32.checked_pow(self.attempt).unwrap_or(u32::MAX);
            let delay = self.base_ms.saturating_mul(factor).min(self.cap_ms);
            self.attempt = self.attempt.saturating_add(1);
            delay
        }

        /// A delay with jitter in `[delay/2, delay]`, from a caller's random word.
        pub fn jittered(&mut self, random: u32) -> u32 {
            let delay = self.next_delay();
            let half = delay / 2;
            half + random % (delay - half + 1)
        }

        pub fn reset(&mut self) {
            self.attempt = 0;
        }
    }

    /// The total wait of `attempts` un-jittered attempts.
    pub fn total_wait(base_ms: u32, cap_ms: u32, attempts: u32) -> u64 {
        let mut backoff = Backoff::new(base_ms, cap_ms);
        let mut total: u64 = 0;
        for _ in 0..attempts {
            total += backoff.next_delay() as u64;
        }
        total
    }

    /// The attempt whose delay first reaches the cap.
    pub fn attempts_to_cap(base_ms: u32, cap_ms: u32) -> u32 {
        let mut attempt: u32 = 0;
        while base_ms.saturating_mul(1 << attempt.min(31)) < cap_ms && attempt < 32 {
            attempt += 1;
        }
        attempt.clamp(0, 32)
    }
}
