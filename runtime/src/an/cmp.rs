//! Equality, order and hashing compare code words directly (`x < y ⇔ A·x <
//! A·y`), after checking both.

use core::cmp::Ordering;
use core::hash::{Hash, Hasher};

use super::AnU32;

impl PartialEq for AnU32 {
    #[inline]
    #[track_caller]
    fn eq(&self, other: &Self) -> bool {
        self.checked("eq").to_raw() == other.checked("eq").to_raw()
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
        self.checked("cmp")
            .to_raw()
            .cmp(&other.checked("cmp").to_raw())
    }
}

impl Hash for AnU32 {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.checked("hash").to_raw().hash(state);
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
