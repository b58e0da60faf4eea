//! Conversions mirror u32's: lossless ones are `From`, the rest `TryFrom`.

use core::num::{ParseIntError, TryFromIntError};
use core::str::FromStr;

use super::AnU32;

impl From<u32> for AnU32 {
    #[inline]
    fn from(x: u32) -> Self {
        Self::encode(x)
    }
}

impl From<AnU32> for u32 {
    #[inline]
    #[track_caller]
    fn from(x: AnU32) -> Self {
        x.decode()
    }
}

macro_rules! from_smaller {
    ($($t:ty),*) => {$(
        impl From<$t> for AnU32 {
            #[inline]
            fn from(x: $t) -> Self {
                Self::encode(u32::from(x))
            }
        }
    )*};
}
from_smaller!(u8, u16, bool, char);

macro_rules! into_wider {
    ($($t:ty),*) => {$(
        impl From<AnU32> for $t {
            #[inline]
            #[track_caller]
            fn from(x: AnU32) -> Self {
                <$t>::from(x.decode())
            }
        }
    )*};
}
into_wider!(u64, u128, i64, i128);

macro_rules! try_from_other {
    ($($t:ty),*) => {$(
        impl TryFrom<$t> for AnU32 {
            type Error = TryFromIntError;
            #[inline]
            fn try_from(x: $t) -> Result<Self, TryFromIntError> {
                u32::try_from(x).map(Self::encode)
            }
        }
    )*};
}
try_from_other!(u64, u128, usize, i8, i16, i32, i64, i128, isize);

macro_rules! try_into_other {
    ($($t:ty),*) => {$(
        impl TryFrom<AnU32> for $t {
            type Error = TryFromIntError;
            #[inline]
            #[track_caller]
            fn try_from(x: AnU32) -> Result<Self, TryFromIntError> {
                <$t>::try_from(x.decode())
            }
        }
    )*};
}
try_into_other!(u8, u16, usize, i8, i16, i32, isize);

impl AnU32 {
    /// u32's `from_str_radix`, encoded: the same errors.
    #[inline]
    pub fn from_str_radix(src: &str, radix: u32) -> Result<Self, ParseIntError> {
        u32::from_str_radix(src, radix).map(Self::encode)
    }
}

/// `"42".parse()`: u32's parsing, then encoding; the same errors.
impl FromStr for AnU32 {
    type Err = ParseIntError;
    #[inline]
    fn from_str(s: &str) -> Result<Self, ParseIntError> {
        u32::from_str(s).map(Self::encode)
    }
}
