/// Vector clocks and per-peer counters, as a replicated log keeps them.
#[anguard::an_encode]
pub mod vector_clock {
    use core::cmp::Ordering;

    /// One entry per process.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct VectorClock {
        pub entries: Vec<u32>,
    }

    impl VectorClock {
        pub fn new(n: u32) -> Self {
            VectorClock {
                entries: vec![0; n as usize],
            }
        }

        /// A local event at process `me`.
        pub fn tick(&mut self, me: u32) {
            self.entries[me as usize] += 1;
        }

        /// Receiving a message stamped `other` at process `me`.
        pub fn merge(&mut self, other: &VectorClock, me: u32) {
            for i in 0..self.entries.len() {
                self.entries[i] = self.entries[i].max(other.entries[i]);
            }
            self.tick(me);
        }

        /// `None` when the two are concurrent.
        pub fn compare(&self, other: &VectorClock) -> Option<Ordering> {
            let mut less = false;
            let mut greater = false;
            for (mine, theirs) in self.entries.iter().zip(&other.entries) {
                match mine.cmp(theirs) {
                    Ordering::Less => less = true,
                    Ordering::Greater => greater = true,
                    Ordering::Equal => {}
                }
            }
            match (less, greater) {
                (false, false) => Some(Ordering::Equal),
                (true, false) => Some(Ordering::Less),
                (false, true) => Some(Ordering::Greater),
                (true, true) => None,
            }
        }

        /// The sum of all entries: the number of events seen.
        pub fn total(&self) -> u32 {
            let mut total: u32 = 0;
            for &entry in &self.entries {
                total = total.saturating_add(entry);
            }
            total
        }
    }
}
