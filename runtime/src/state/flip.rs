//! What a flip does to each kind of state.

use std::collections::VecDeque;

use super::Flip;

/// `mask` truncated to the low `width` bits.
fn mask_to(width: u32, mask: u64) -> u64 {
    if width >= 64 {
        mask
    } else {
        mask & ((1u64 << width) - 1)
    }
}

/// Integers: every bit means something. A `u32` is a word of the plain
/// build; the others are state the encoding does not cover, in both builds.
macro_rules! int_flips {
    ($($int:ty => $bits:ty),* $(,)?) => {$(
        impl Flip for $int {
            fn width(&self) -> u32 {
                <$int>::BITS
            }
            fn bits(&self) -> u64 {
                *self as $bits as u64
            }
            fn flip(&mut self, mask: u64) {
                *self ^= mask_to(<$int>::BITS, mask) as $bits as $int;
            }
        }
    )*};
}

int_flips!(
    u8 => u8, u16 => u16, u32 => u32, u64 => u64, usize => usize,
    i8 => u8, i16 => u16, i32 => u32, i64 => u64, isize => usize,
);

/// A flag has one bit that means anything.
impl Flip for bool {
    fn width(&self) -> u32 {
        1
    }
    fn bits(&self) -> u64 {
        u64::from(*self)
    }
    fn flip(&mut self, mask: u64) {
        *self ^= mask & 1 == 1;
    }
}

/// An `Option`'s tag: a flip turns `Some(x)` into `None`, and `None` into
/// `Some` of the default value.
impl<T: Default> Flip for Option<T> {
    fn width(&self) -> u32 {
        1
    }
    fn bits(&self) -> u64 {
        u64::from(self.is_some())
    }
    fn flip(&mut self, mask: u64) {
        if mask & 1 == 1 {
            *self = match self.take() {
                Some(_) => None,
                None => Some(T::default()),
            };
        }
    }
}

/// A vector's (or queue's) length: a flip truncates it, or extends it with
/// default values (where real memory would expose whatever lies beyond).
/// Flips are kept to the low 8 bits so that an extension stays allocatable.
macro_rules! length_flips {
    ($($vector:ident),* $(,)?) => {$(
        impl<T: Default + Clone> Flip for $vector<T> {
            fn width(&self) -> u32 {
                8
            }
            fn bits(&self) -> u64 {
                self.len() as u64
            }
            fn flip(&mut self, mask: u64) {
                let len = self.len() ^ mask_to(8, mask) as usize;
                self.resize(len, T::default());
            }
        }
    )*};
}

length_flips!(Vec, VecDeque);
