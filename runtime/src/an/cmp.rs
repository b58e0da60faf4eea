//! Equality and order compare code words directly (`x < y ⇔ A·x < A·y`), after
//! checking both (at once: two multiplies, one compare). Hashing hashes the
//! decoded value, as `u32` does: a `HashMap` keyed by encoded words iterates in
//! the same order as one keyed by their values, so the plain and encoded builds
//! agree on it too.

use core::cmp::Ordering;
use core::hash::{Hash, Hasher};

use super::AnU32;

impl PartialEq for AnU32 {
    #[inline]
    #[track_caller]
    fn eq(&self, other: &Self) -> bool {
        self.check_both(*other, "eq");
        self.raw == other.raw
    }
}

impl Eq for AnU32 {}

impl PartialOrd for AnU32 {
    #[inline]
    #[track_caller]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for AnU32 {
    #[inline]
    #[track_caller]
    fn cmp(&self, other: &Self) -> Ordering {
        self.check_both(*other, "cmp");
        self.raw.cmp(&other.raw)
    }
}

/// The decoded value's hash (after the check): the same bytes as `u32`'s.
impl Hash for AnU32 {
    #[inline]
    #[track_caller]
    fn hash<H: Hasher>(&self, state: &mut H) {
        let value = self.raw.wrapping_mul(AnU32::A_INV);
        if value > u64::from(u32::MAX) {
            crate::fault::invalid_word(self.raw, "hash");
        }
        (value as u32).hash(state);
    }
}

/// `x == 0`, `x < n` against a plain u32, which is encoded first.
impl PartialEq<u32> for AnU32 {
    #[inline]
    #[track_caller]
    fn eq(&self, other: &u32) -> bool {
        *self == AnU32::encode(*other)
    }
}

impl PartialOrd<u32> for AnU32 {
    #[inline]
    #[track_caller]
    fn partial_cmp(&self, other: &u32) -> Option<Ordering> {
        Some(self.cmp(&AnU32::encode(*other)))
    }
}

impl PartialEq<AnU32> for u32 {
    #[inline]
    #[track_caller]
    fn eq(&self, other: &AnU32) -> bool {
        AnU32::encode(*self) == *other
    }
}

impl PartialOrd<AnU32> for u32 {
    #[inline]
    #[track_caller]
    fn partial_cmp(&self, other: &AnU32) -> Option<Ordering> {
        Some(AnU32::encode(*self).cmp(other))
    }
}
