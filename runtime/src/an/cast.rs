//! `as` casts in encoded code. The macro cannot see the type of a cast's
//! operand, so it rewrites `e as T` to `CastInto::<T>::cast_into(e)`, which is
//! implemented for every primitive number and for `AnU32`: a cast out of
//! `AnU32` decodes (checked), a cast into it (`as u32` in the source) encodes.

use super::AnU32;

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
        primitive_casts!(@expand $src; $dsts);
    )*};
    (@expand $src:ty; [$($dst:ty),*]) => {
        primitive_casts!(@row $src; $($dst),*);
        impl CastInto<AnU32> for $src {
            #[inline]
            #[allow(clippy::cast_lossless, clippy::unnecessary_cast)]
            fn cast_into(self) -> AnU32 {
                AnU32::encode(self as u32)
            }
        }
    };
    ($($t:ty),*) => {
        primitive_casts!(@rows [$($t),*] [$($t),*]);
        $(
            impl CastInto<$t> for AnU32 {
                #[inline]
                #[track_caller]
                #[allow(clippy::cast_lossless, clippy::unnecessary_cast)]
                fn cast_into(self) -> $t {
                    self.decode() as $t
                }
            }
        )*
    };
}
primitive_casts!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64
);

macro_rules! casts_from_non_numbers {
    ($($src:ty),*) => {$(
        primitive_casts!(@row $src; u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);
        impl CastInto<AnU32> for $src {
            #[inline]
            fn cast_into(self) -> AnU32 {
                AnU32::encode(self as u32)
            }
        }
    )*};
}
casts_from_non_numbers!(bool, char);

impl CastInto<char> for u8 {
    #[inline]
    fn cast_into(self) -> char {
        self as char
    }
}

impl CastInto<AnU32> for AnU32 {
    #[inline]
    fn cast_into(self) -> AnU32 {
        self
    }
}
