//! Conversions mirror std's between the std types: lossless ones are `From`,
//! the rest `TryFrom` (with std's error types), between any two encoded
//! types and between an encoded type and a plain one. A conversion decodes
//! (checked), converts the value and encodes it: the value is in the clear
//! for those few instructions, as in a cast.

use core::str::FromStr;

use super::An;

/// `From<T> for An<T>` and back.
macro_rules! identity {
    ($($t:ty),*) => {$(
        impl From<$t> for An<$t> {
            #[inline]
            fn from(x: $t) -> Self {
                Self::encode(x)
            }
        }
        impl From<An<$t>> for $t {
            #[inline]
            #[track_caller]
            fn from(x: An<$t>) -> Self {
                x.decode()
            }
        }
        /// `"42".parse()`: std's parsing, then encoding; the same errors.
        impl FromStr for An<$t> {
            type Err = <$t as FromStr>::Err;
            #[inline]
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$t>::from_str(s).map(Self::encode)
            }
        }
    )*};
}
identity!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, bool);

/// Encoded → plain: for every pair, and for a plain type that has no encoded
/// form (`u128`, `i128`).
macro_rules! out_of {
    ($($src:ty => from [$($from:ty),*] try [$($try:ty),*];)*) => {$(
        $(
            impl From<An<$src>> for $from {
                #[inline]
                #[track_caller]
                fn from(x: An<$src>) -> Self {
                    <$from>::from(x.decode())
                }
            }
        )*
        $(
            impl TryFrom<An<$src>> for $try {
                type Error = <$try as TryFrom<$src>>::Error;
                #[inline]
                #[track_caller]
                fn try_from(x: An<$src>) -> Result<Self, Self::Error> {
                    <$try>::try_from(x.decode())
                }
            }
        )*
    )*};
}
/// Plain → encoded: for every pair, and from a plain type that has no encoded
/// form (`u128`, `i128`, `char`).
macro_rules! into {
    ($($src:ty => from [$($from:ty),*] try [$($try:ty),*];)*) => {$(
        $(
            impl From<$src> for An<$from> {
                #[inline]
                fn from(x: $src) -> Self {
                    Self::encode(<$from>::from(x))
                }
            }
        )*
        $(
            impl TryFrom<$src> for An<$try> {
                type Error = <$try as TryFrom<$src>>::Error;
                #[inline]
                fn try_from(x: $src) -> Result<Self, Self::Error> {
                    <$try>::try_from(x).map(Self::encode)
                }
            }
        )*
    )*};
}
/// For each pair: encoded → encoded, and (through [`out_of`] and [`into`])
/// encoded → plain and plain → encoded.
macro_rules! pairs {
    ($($src:ty => from [$($from:ty),*] try [$($try:ty),*];)*) => {$(
        out_of! { $src => from [$($from),*] try [$($try),*]; }
        into! { $src => from [$($from),*] try [$($try),*]; }
        $(
            impl From<An<$src>> for An<$from> {
                #[inline]
                #[track_caller]
                fn from(x: An<$src>) -> Self {
                    Self::encode(<$from>::from(x.decode()))
                }
            }
        )*
        $(
            impl TryFrom<An<$src>> for An<$try> {
                type Error = <$try as TryFrom<$src>>::Error;
                #[inline]
                #[track_caller]
                fn try_from(x: An<$src>) -> Result<Self, Self::Error> {
                    <$try>::try_from(x.decode()).map(Self::encode)
                }
            }
        )*
    )*};
}

pairs! {
    u8 => from [u16, u32, u64, usize, i16, i32, i64, isize] try [i8];
    u16 => from [u32, u64, usize, i32, i64] try [u8, i8, i16, isize];
    u32 => from [u64, i64] try [u8, u16, usize, i8, i16, i32, isize];
    u64 => from [] try [u8, u16, u32, usize, i8, i16, i32, i64, isize];
    usize => from [] try [u8, u16, u32, u64, i8, i16, i32, i64, isize];
    i8 => from [i16, i32, i64, isize] try [u8, u16, u32, u64, usize];
    i16 => from [i32, i64, isize] try [u8, u16, u32, u64, usize, i8];
    i32 => from [i64] try [u8, u16, u32, u64, usize, i8, i16, isize];
    i64 => from [] try [u8, u16, u32, u64, usize, i8, i16, i32, isize];
    isize => from [] try [u8, u16, u32, u64, usize, i8, i16, i32, i64];
    bool => from [u8, u16, u32, u64, usize, i8, i16, i32, i64, isize] try [];
}

out_of! {
    u8 => from [i128, u128] try [];
    u16 => from [i128, u128] try [];
    u32 => from [i128, u128] try [];
    u64 => from [i128, u128] try [];
    usize => from [] try [i128, u128];
    i8 => from [i128] try [u128];
    i16 => from [i128] try [u128];
    i32 => from [i128] try [u128];
    i64 => from [i128] try [u128];
    isize => from [] try [i128, u128];
    bool => from [i128, u128] try [];
}

into! {
    u128 => from [] try [u8, u16, u32, u64, usize, i8, i16, i32, i64, isize];
    i128 => from [] try [u8, u16, u32, u64, usize, i8, i16, i32, i64, isize];
    char => from [u32, u64] try [u8, u16];
}
