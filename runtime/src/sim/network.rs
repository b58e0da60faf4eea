//! Links between simulated nodes: delay, loss, duplication, reordering and
//! partitions.

use rand::Rng;
use rand::rngs::SmallRng;

/// How one directed link behaves.
///
/// ```
/// use anguard::sim::LinkConfig;
///
/// let lossy = LinkConfig { loss: 0.1, ..LinkConfig::default() };
/// assert!(lossy.validate().is_ok());
/// assert!(LinkConfig { loss: 2.0, ..lossy }.validate().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkConfig {
    /// The shortest delay, in µs.
    pub delay_min_us: u64,
    /// The longest delay, in µs (uniform between the two).
    pub delay_max_us: u64,
    /// The probability that a message is lost.
    pub loss: f64,
    /// The probability that a message is delivered twice (independent delays).
    pub duplicate: f64,
    /// Whether messages may overtake each other; if not, the link is FIFO.
    pub reorder: bool,
}

impl Default for LinkConfig {
    /// 1–2 ms delay, no loss, no duplication, reordering allowed.
    fn default() -> Self {
        Self {
            delay_min_us: 1_000,
            delay_max_us: 2_000,
            loss: 0.0,
            duplicate: 0.0,
            reorder: true,
        }
    }
}

/// A link configuration that makes no sense.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinkError {
    /// `delay_min_us > delay_max_us`.
    #[error("delay range {0}..={1} µs is empty")]
    Delay(u64, u64),
    /// A probability outside `0..=1`.
    #[error("{0} is not a probability in 0..=1")]
    Probability(f64),
}

impl LinkConfig {
    /// Checks the ranges.
    pub fn validate(&self) -> Result<(), LinkError> {
        if self.delay_min_us > self.delay_max_us {
            return Err(LinkError::Delay(self.delay_min_us, self.delay_max_us));
        }
        for p in [self.loss, self.duplicate] {
            if !(0.0..=1.0).contains(&p) {
                return Err(LinkError::Probability(p));
            }
        }
        Ok(())
    }
}

/// The fate of one message sent over a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    /// Lost.
    Lost,
    /// Delivered at these true times (the second for a duplicate).
    Delivered(u64, Option<u64>),
}

/// All n² links.
#[derive(Debug, Clone)]
pub(crate) struct Network {
    n: usize,
    links: Vec<LinkConfig>,
    blocked: Vec<bool>,
    /// Last delivery time per link, for FIFO links.
    last: Vec<u64>,
}

impl Network {
    pub(crate) fn new(n: usize, link: LinkConfig) -> Self {
        Self {
            n,
            links: vec![link; n * n],
            blocked: vec![false; n * n],
            last: vec![0; n * n],
        }
    }

    #[inline]
    fn at(&self, from: u32, to: u32) -> usize {
        from as usize * self.n + to as usize
    }

    pub(crate) fn set_link(&mut self, from: u32, to: u32, link: LinkConfig) {
        let i = self.at(from, to);
        self.links[i] = link;
    }

    pub(crate) fn link(&self, from: u32, to: u32) -> &LinkConfig {
        &self.links[self.at(from, to)]
    }

    pub(crate) fn set_blocked(&mut self, from: u32, to: u32, blocked: bool) {
        let i = self.at(from, to);
        self.blocked[i] = blocked;
    }

    pub(crate) fn heal(&mut self) {
        self.blocked.fill(false);
    }

    #[inline]
    pub(crate) fn blocked(&self, from: u32, to: u32) -> bool {
        self.blocked[self.at(from, to)]
    }

    /// Draws the fate of a message sent at `now` (always the same number of
    /// draws for the same link settings, whatever the payload).
    pub(crate) fn fate(&mut self, rng: &mut SmallRng, from: u32, to: u32, now: u64) -> Fate {
        let i = self.at(from, to);
        let link = self.links[i];
        if link.loss > 0.0 && rng.random_bool(link.loss) {
            return Fate::Lost;
        }
        let mut first = now + rng.random_range(link.delay_min_us..=link.delay_max_us);
        let mut second = (link.duplicate > 0.0 && rng.random_bool(link.duplicate))
            .then(|| now + rng.random_range(link.delay_min_us..=link.delay_max_us));
        if !link.reorder {
            first = first.max(self.last[i]);
            second = second.map(|t| t.max(first));
            self.last[i] = second.unwrap_or(first);
        }
        Fate::Delivered(first, second)
    }
}
