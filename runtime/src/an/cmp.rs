//! Equality and order compare stored words directly (`x < y ⇔ A·x < A·y ⇔
//! A·x − M < A·y − M`, none of which wraps), after checking both (at once:
//! two multiplies, one compare); a signed type's stored words are first
//! shifted by `A·2^(N−1)` modulo the raw width, which maps signed order onto
//! unsigned order. Hashing hashes the decoded value, as the std type does: a `HashMap` keyed by encoded words iterates in the same order
//! as one keyed by their values, so the plain and encoded builds agree on it
//! too.

use core::cmp::Ordering;
use core::hash::{Hash, Hasher};

use super::code::{Code, Int};
use super::raw::Raw;
use super::{An, kernel};

impl<T: Code> PartialEq for An<T> {
    #[inline]
    #[track_caller]
    fn eq(&self, other: &Self) -> bool {
        self.check_both(*other, "eq");
        self.word() == other.word()
    }
}

impl<T: Code> Eq for An<T> {}

impl<T: Code> PartialOrd for An<T> {
    #[inline]
    #[track_caller]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T: Code> Ord for An<T> {
    #[inline]
    #[track_caller]
    fn cmp(&self, other: &Self) -> Ordering {
        self.check_both(*other, "cmp");
        self.order_key().cmp(&other.order_key())
    }
}

impl<T: Code> An<T> {
    /// A word whose unsigned order is the value's order: the stored word
    /// (stored words keep the code words' order, which is the values').
    /// Signed, the stored word plus `H = A·2^(N−1)`, modulo 2^W: the stored
    /// word is `x_c + 2^W − M` and `M = 2H`, so a negative value's key
    /// (`x_c ≥ H`) wraps to `x_c − H`, below `H`, and a non-negative one's
    /// is `2^W − H + x_c`, at least `2^W − H`: one add per operand.
    #[inline(always)]
    fn order_key(self) -> T::Raw {
        if T::SIGNED {
            // `A·2^(N−1)`, a constant once `T` is known.
            let sign = T::A * ((T::VALUE_MAX >> 1) + <T::Raw as Raw>::ONE);
            self.word().wrapping_add(sign)
        } else {
            self.word()
        }
    }
}

/// The decoded value's hash (after the check): the same bytes as the std type's.
impl<T: Code> Hash for An<T> {
    #[inline]
    #[track_caller]
    fn hash<H: Hasher>(&self, state: &mut H) {
        T::from_bits(kernel::value::<T>(self.checked("hash").raw())).hash(state);
    }
}

/// `x == 0`, `x < n` against a plain value, which is encoded first.
impl<T: Int> PartialEq<T> for An<T> {
    #[inline]
    #[track_caller]
    fn eq(&self, other: &T) -> bool {
        *self == Self::new(*other)
    }
}

impl<T: Int> PartialOrd<T> for An<T> {
    #[inline]
    #[track_caller]
    fn partial_cmp(&self, other: &T) -> Option<Ordering> {
        Some(self.cmp(&Self::new(*other)))
    }
}

macro_rules! plain_lhs {
    ($($t:ty),*) => {$(
        impl PartialEq<An<$t>> for $t {
            #[inline]
            #[track_caller]
            fn eq(&self, other: &An<$t>) -> bool {
                An::<$t>::encode(*self) == *other
            }
        }

        impl PartialOrd<An<$t>> for $t {
            #[inline]
            #[track_caller]
            fn partial_cmp(&self, other: &An<$t>) -> Option<Ordering> {
                Some(An::<$t>::encode(*self).cmp(other))
            }
        }
    )*};
}
plain_lhs!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);
