/// A failure detector's bookkeeping with boolean flags everywhere: fields,
/// parameters, returns, `Vec<bool>`, `Option<bool>`, stored comparisons,
/// predicates, `matches!`, boolean patterns and a foreign trait's `bool`;
/// an `Option<u64>` of sweep times.
#[anguard::an_encode]
pub mod flags {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Health {
        Up,
        Suspect(u32),
    }

    /// A report to the others: stored comparisons in its fields.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Report {
        pub peer: u32,
        pub late: bool,
        pub quorum: bool,
        pub alive: Vec<bool>,
    }

    #[derive(Debug, Clone)]
    pub struct Detector {
        n: u32,
        timeout: u32,
        heard: Vec<Option<u32>>,
        suspected: Vec<bool>,
        /// Whether the last sweep changed anything; `None` before the first.
        changed: Option<bool>,
        stopped: bool,
        /// When the last sweep ran, in wide time.
        swept_at: Option<u64>,
    }

    impl Detector {
        pub fn new(n: u32, timeout: u32) -> Detector {
            Detector {
                n,
                timeout,
                heard: vec![None; n as usize],
                suspected: vec![false; n as usize],
                changed: None,
                stopped: false,
                swept_at: None,
            }
        }

        /// Notes `peer` at `now`; false if it is no peer, or if stopped.
        pub fn heard(&mut self, peer: u32, now: u32) -> bool {
            if self.stopped || peer >= self.n {
                return false;
            }
            self.heard[peer as usize] = Some(now);
            let was: bool = self.suspected[peer as usize];
            self.suspected[peer as usize] = false;
            was || peer < self.n
        }

        /// Suspects every peer not heard within the timeout; whether any
        /// flag changed.
        pub fn sweep(&mut self, now: u32) -> bool {
            let mut changed = false;
            let mut id: u32 = 0;
            while id < self.n && !self.stopped {
                let late = match self.heard[id as usize] {
                    Some(at) => now.wrapping_sub(at) > self.timeout,
                    None => true,
                };
                if late && !self.suspected[id as usize] {
                    self.suspected[id as usize] = true;
                    changed = true;
                }
                id += 1;
            }
            self.changed = Some(changed);
            self.swept_at = Some(u64::from(now) << 8);
            changed
        }

        /// Whether a sweep ran within `window` of `now` (wide times).
        pub fn swept_within(&self, now: u32, window: u64) -> bool {
            let now: u64 = u64::from(now) << 8;
            self.swept_at.is_some_and(|at| now - at <= window)
        }

        pub fn swept_at(&self) -> Option<u64> {
            self.swept_at
        }

        pub fn stop(&mut self, stop: bool) {
            self.stopped |= stop;
        }

        pub fn is_stopped(&self) -> bool {
            self.stopped
        }

        /// `now` if stopped.
        pub fn stopped_at(&self, now: u32) -> Option<u32> {
            self.stopped.then_some(now)
        }

        pub fn changed(&self) -> Option<bool> {
            self.changed
        }

        /// How many peers are up.
        pub fn up(&self) -> u32 {
            self.suspected.iter().filter(|&&s| !s).count() as u32
        }

        /// Whether a majority is up: a stored comparison, returned.
        pub fn has_quorum(&self) -> bool {
            let quorum = self.up() * 2 > self.n;
            quorum && !self.stopped
        }

        /// The first suspect, if any.
        pub fn first_suspect(&self) -> Option<u32> {
            let first = self.suspected.iter().position(|&s| s)?;
            Some(first as u32)
        }

        /// Whether every peer is up; a closure with a written `-> bool`.
        pub fn all_up(&self) -> bool {
            self.suspected.iter().all(|s| -> bool { !*s })
        }

        pub fn health(&self, peer: u32) -> Health {
            match (self.suspected[peer as usize], self.heard[peer as usize]) {
                (true, Some(at)) => Health::Suspect(at),
                (true, None) => Health::Suspect(0),
                (false, _) => Health::Up,
            }
        }

        /// Ends in a plain `bool`.
        pub fn is_up(&self, peer: u32) -> bool {
            matches!(self.health(peer), Health::Up)
        }

        /// Forgets the suspects (a predicate on `retain`), returning them.
        pub fn drop_suspects(&mut self, mut ids: Vec<u32>) -> Vec<u32> {
            ids.retain(|&id| id < self.n && self.suspected[id as usize]);
            ids
        }

        pub fn report(&self, peer: u32, now: u32) -> Report {
            let late = match self.heard[peer as usize] {
                Some(at) => now.wrapping_sub(at) > self.timeout / 2,
                None => true,
            };
            Report {
                peer,
                late,
                quorum: self.up() * 2 > self.n,
                alive: self.suspected.iter().map(|&s| !s).collect(),
            }
        }

        /// A flag as a number, and a number as a flag.
        pub fn score(&self, peer: u32, bonus: bool) -> u32 {
            let up = self.is_up(peer) as u32;
            let flags: u32 = (bonus as u32) << 1 | up;
            match bonus {
                true => flags + 10,
                false => flags,
            }
        }
    }

    /// A foreign trait whose `bool` is its own.
    impl PartialOrd for Health {
        fn partial_cmp(&self, other: &Health) -> Option<core::cmp::Ordering> {
            Some(self.rank().cmp(&other.rank()))
        }

        fn lt(&self, other: &Health) -> bool {
            self.rank() < other.rank()
        }
    }

    impl Health {
        fn rank(&self) -> u32 {
            match self {
                Health::Up => 0,
                Health::Suspect(_) => 1,
            }
        }
    }

    /// Whether `flags` has an odd number of `true`s and no gap of two.
    pub fn odd_without_gaps(flags: &[bool]) -> bool {
        let mut odd = false;
        let mut last: bool = true;
        for &flag in flags {
            assert!(last || flag, "a gap of two");
            odd ^= flag;
            last = flag;
        }
        debug_assert!(!odd || flags.iter().any(|&f| f));
        odd
    }
}
