/// A token-bucket rate limiter on a wrapping millisecond clock.
#[anguard::an_encode]
pub mod token_bucket {
    #[derive(Debug, Clone)]
    pub struct Bucket {
        capacity: u32,
        tokens: u32,
        per_token_ms: u32,
        last: u32,
    }

    impl Bucket {
        pub fn new(capacity: u32, per_token_ms: u32, now: u32) -> Self {
            Bucket {
                capacity,
                tokens: capacity,
                per_token_ms: per_token_ms.max(1),
                last: now,
            }
        }

        fn refill(&mut self, now: u32) {
            let elapsed = now.wrapping_sub(self.last);
            let earned = elapsed / self.per_token_ms;
            if earned > 0 {
                self.tokens = self.tokens.saturating_add(earned).min(self.capacity);
                self.last = self.last.wrapping_add(earned * self.per_token_ms);
            }
        }

        /// Takes `cost` tokens if there are that many.
        pub fn try_take(&mut self, cost: u32, now: u32) -> bool {
            self.refill(now);
            match self.tokens.checked_sub(cost) {
                Some(left) => {
                    self.tokens = left;
                    true
                }
                None => false,
            }
        }

        pub fn tokens(&self) -> u32 {
            self.tokens
        }
    }
}
