/// A sorted window over a ring of slots, as schedulers and sequence
/// windows write one: slot positions from `i64` offsets with `rem_euclid`
/// and `div_euclid`, a sorted `Vec` kept with `v.insert(i, x)` and
/// `v.remove(i)` at encoded positions, a map keyed by `usize`, flags stored
/// from std predicates (`let empty = v.is_empty();`), deltas applied with
/// `checked_add_signed`, and a `const fn` over `bool`.
#[anguard::an_encode]
pub mod sorted_ring {
    use std::collections::BTreeMap;

    /// Whether a window both wraps and keeps duplicates out.
    const fn strict(wraps: bool, unique: bool) -> bool {
        wraps && unique
    }

    /// The configuration, computed at compile time.
    pub const STRICT: bool = strict(true, true);

    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Ring {
        pub slots: usize,
        pub base: u64,
        pub sorted: Vec<u32>,
        pub by_slot: BTreeMap<usize, u32>,
        pub laps: i64,
        pub was_empty: bool,
    }

    impl Ring {
        pub fn new(slots: usize) -> Ring {
            Ring {
                slots,
                ..Ring::default()
            }
        }

        /// The slot of an offset from the base, and how many laps away it is.
        pub fn slot(&self, offset: i64) -> (usize, i64) {
            let slots = self.slots as i64;
            (offset.rem_euclid(slots) as usize, offset.div_euclid(slots))
        }

        /// Puts `x` at its sorted position and in its slot; whether the ring
        /// was empty, and the position.
        pub fn put(&mut self, offset: i64, x: u32) -> (bool, usize) {
            let empty = self.sorted.is_empty();
            let duplicate = self.sorted.contains(&x);
            self.was_empty = empty;
            let mut i = 0;
            while i < self.sorted.len() && self.sorted[i] < x {
                i += 1;
            }
            if !(STRICT && duplicate) {
                self.sorted.insert(i, x);
            }
            let (slot, laps) = self.slot(offset);
            self.by_slot.insert(slot, x);
            self.laps = self.laps.max(laps);
            (empty, i)
        }

        /// Removes the element at position `i` (of `self.sorted`), if any.
        pub fn take(&mut self, i: usize) -> Option<u32> {
            let at = i.checked_rem_euclid(self.sorted.len().max(1))?;
            if at < self.sorted.len() {
                Some(self.sorted.remove(at))
            } else {
                None
            }
        }

        /// Moves the base by `delta`, if it stays in range.
        pub fn shift(&mut self, delta: i64) -> Option<u64> {
            self.base = self.base.checked_add_signed(delta)?;
            Some(self.base.next_multiple_of(8))
        }
    }
}
