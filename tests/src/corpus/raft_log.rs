/// A Raft log as replicas keep it: `u64` terms and log indices, `usize`
/// positions and lengths, the leader's commit rule over match indices.
#[anguard::an_encode]
pub mod raft_log {
    /// Index 0 is "before the first entry", whose term is 0.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Log {
        /// The term of each entry; entry `i` (0-based) has index `i + 1`.
        pub terms: Vec<u64>,
        pub commit: u64,
    }

    impl Log {
        pub fn last_index(&self) -> u64 {
            self.terms.len() as u64
        }

        pub fn last_term(&self) -> u64 {
            self.term_at(self.last_index())
        }

        /// The term of the entry at `index`, 0 before the first or past the end.
        pub fn term_at(&self, index: u64) -> u64 {
            match index {
                0 => 0,
                i if i > self.last_index() => 0,
                i => self.terms[(i - 1) as usize],
            }
        }

        /// A follower's append: refused unless the log holds `prev` at
        /// `prev_term`; a conflicting suffix is cut. Returns the new last
        /// index, or the index the leader should go back to.
        pub fn append(&mut self, prev: u64, prev_term: u64, entries: &[u64]) -> Result<u64, u64> {
            if prev > self.last_index() {
                return Err(self.last_index());
            }
            if self.term_at(prev) != prev_term {
                return Err(prev.saturating_sub(1));
            }
            for (offset, &term) in entries.iter().enumerate() {
                let index = prev + offset as u64 + 1;
                if index <= self.last_index() {
                    if self.term_at(index) == term {
                        continue;
                    }
                    self.terms.truncate((index - 1) as usize);
                }
                self.terms.push(term);
            }
            Ok(prev + entries.len() as u64)
        }

        /// Whether a candidate's log is at least as up to date as this one.
        pub fn up_to_date(&self, last_index: u64, last_term: u64) -> bool {
            last_term > self.last_term()
                || (last_term == self.last_term() && last_index >= self.last_index())
        }

        /// The leader's commit rule: the highest index a majority of
        /// `matched` holds, if its entry is of `term`.
        pub fn advance_commit(&mut self, matched: &[u64], term: u64) -> bool {
            let mut sorted = matched.to_vec();
            sorted.sort_unstable();
            let majority: usize = sorted.len() / 2;
            let Some(&candidate) = sorted.get(sorted.len() - 1 - majority) else {
                return false;
            };
            if candidate > self.commit && self.term_at(candidate) == term {
                self.commit = candidate;
                true
            } else {
                false
            }
        }

        /// The terms from `from` (an index) on, at most `max` of them.
        pub fn batch(&self, from: u64, max: usize) -> Vec<u64> {
            let start = (from.max(1) - 1) as usize;
            let end = (start + max).min(self.terms.len());
            if start >= end {
                return Vec::new();
            }
            self.terms[start..end].to_vec()
        }

        /// How many entries each term has, for terms up to `up_to`.
        pub fn per_term(&self, up_to: u64) -> Vec<usize> {
            let mut counts = vec![0_usize; (up_to + 1) as usize];
            for &term in &self.terms {
                if term <= up_to {
                    counts[term as usize] += 1;
                }
            }
            counts
        }

        /// The span of indices of `term`'s entries, if it has any.
        pub fn span_of(&self, term: u64) -> Option<(u64, u64)> {
            let first = self.terms.iter().position(|&t| t == term)?;
            let count = self.terms.iter().filter(|&&t| t == term).count();
            Some((first as u64 + 1, (first + count) as u64))
        }

        /// Drops the entries up to index `upto` (as a snapshot replaces
        /// them), and returns their terms.
        pub fn compact(&mut self, upto: u64) -> Vec<u64> {
            let cut: usize = upto.min(self.last_index()) as usize;
            self.terms.drain(..cut).collect()
        }

        /// The log with the entries `from..to` (0-based positions, within
        /// the log) copied over the start, and the first `keep` of the
        /// copy duplicated at the end, and the entries from `from` on
        /// removed from a copy of the original: ranges of encoded sizes
        /// with literal and encoded ends.
        pub fn shuffled(&self, from: usize, to: usize, keep: usize) -> (Vec<u64>, Vec<u64>) {
            let len: usize = self.terms.len();
            let (from, to) = (from.min(len), to.min(len));
            let mut terms = self.terms.clone();
            if from < to {
                terms.copy_within(from..to, 0);
            }
            let keep: usize = keep.min(len);
            terms.extend_from_within(0..keep);
            let mut rest = self.terms.clone();
            let removed: Vec<u64> = rest.drain(from..).collect();
            terms.extend(removed);
            (terms, rest)
        }

        /// The sum of the terms of indices `from..=to`, wrapping, as a
        /// checksum two replicas compare.
        pub fn digest(&self, from: u64, to: u64) -> u64 {
            let mut digest = 14_695_981_039_346_656_037_u64;
            for index in from..=to.min(self.last_index()) {
                digest = (digest ^ self.term_at(index)).wrapping_mul(0x100_0000_01b3);
            }
            digest
        }
    }
}
