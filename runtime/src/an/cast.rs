//! `as` casts in encoded code. The macro cannot see the type of a cast's
//! operand, so it rewrites `e as T` to `CastInto::<T>::cast_into(e)`, which is
//! implemented for every primitive number and every encoded type: a cast out
//! of an encoded word decodes (checked), a cast into one (`as u32` in the
//! source) encodes, and a cast between two encoded types decodes, casts with
//! std's `as` and encodes.

use super::An;
use super::code::Code;

/// `self as T`, for a `T` the macro names.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be cast to `{T}` in encoded code",
    label = "no `as` conversion from `{Self}` to `{T}`"
)]
pub trait CastInto<T> {
    /// The cast.
    fn cast_into(self) -> T;
}

/// `T::cast_from(e)`, the same conversion named from the target's side.
pub trait CastFrom<S> {
    /// The cast.
    fn cast_from(source: S) -> Self;
}

impl<S: CastInto<T>, T> CastFrom<S> for T {
    #[inline]
    #[track_caller]
    fn cast_from(source: S) -> Self {
        source.cast_into()
    }
}

macro_rules! primitive_casts {
    (@row $src:ty; $($dst:ty),*) => {$(
        impl CastInto<$dst> for $src {
            #[inline]
            #[allow(clippy::cast_lossless, clippy::unnecessary_cast)]
            fn cast_into(self) -> $dst {
                self as $dst
            }
        }
    )*};
    (@rows [$($src:ty),*] $dsts:tt) => {$(
        primitive_casts!(@each $src; $dsts);
    )*};
    (@each $src:ty; [$($dst:ty),*]) => {
        primitive_casts!(@row $src; $($dst),*);
    };
}
primitive_casts!(@rows
    [u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64]
    [u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64]
);
primitive_casts!(@rows
    [bool, char]
    [u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize]
);
primitive_casts!(@row u8; char);

/// Encoded → encoded: decode, std's `as`, encode.
impl<S: Code + CastInto<T>, T: Code> CastInto<An<T>> for An<S> {
    #[inline]
    #[track_caller]
    fn cast_into(self) -> An<T> {
        An::new(self.decode().cast_into())
    }
}

/// Plain → encoded, and encoded → plain, for each plain type.
macro_rules! encoded_casts {
    ($($plain:ty),*) => {$(
        impl<T: Code> CastInto<An<T>> for $plain
        where
            $plain: CastInto<T>,
        {
            #[inline]
            fn cast_into(self) -> An<T> {
                An::new(CastInto::<T>::cast_into(self))
            }
        }
        impl<S: Code + CastInto<$plain>> CastInto<$plain> for An<S> {
            #[inline]
            #[track_caller]
            fn cast_into(self) -> $plain {
                self.decode().cast_into()
            }
        }
    )*};
}
encoded_casts!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64, bool, char
);
