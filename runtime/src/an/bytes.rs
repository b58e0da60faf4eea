//! The byte boundary: each integer type's `from_*_bytes` encode the value
//! the bytes hold, `to_*_bytes` decode (checked) and lay the value out. The
//! code word itself is never reinterpreted as bytes; that is what `to_raw`
//! is for.

use super::An;

/// The byte-order surface of `An<$t>`, whose value is `$n` bytes.
macro_rules! byte_order {
    ($($t:ident $n:literal),*) => {$(
        byte_order!(@each $t $n;
            from_le_bytes to_le_bytes from_le to_le, "little-endian";
            from_be_bytes to_be_bytes from_be to_be, "big-endian";
        );
        impl An<$t> {
            #[doc = concat!("`", stringify!($t), "::from_ne_bytes`, encoded: the native-endian value of `bytes`.")]
            #[inline]
            #[must_use]
            pub const fn from_ne_bytes(bytes: [u8; $n]) -> Self {
                Self::encode($t::from_ne_bytes(bytes))
            }

            #[doc = concat!("`", stringify!($t), "::to_ne_bytes`: the native-endian bytes of the value (decodes).")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn to_ne_bytes(self) -> [u8; $n] {
                self.decode().to_ne_bytes()
            }
        }
    )*};
    (@each $t:ident $n:literal; $($from_bytes:ident $to_bytes:ident $from:ident $to:ident, $order:literal;)*) => {$(
        impl An<$t> {
            #[doc = concat!("`", stringify!($t), "::", stringify!($from_bytes), "`, encoded: the ", $order, " value of `bytes`.")]
            #[inline]
            #[must_use]
            pub const fn $from_bytes(bytes: [u8; $n]) -> Self {
                Self::encode($t::$from_bytes(bytes))
            }

            #[doc = concat!("`", stringify!($t), "::", stringify!($to_bytes), "`: the ", $order, " bytes of the value (decodes).")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $to_bytes(self) -> [u8; $n] {
                self.decode().$to_bytes()
            }

            #[doc = concat!("`", stringify!($t), "::", stringify!($from), "`: the value of `x` read as ", $order, " (decodes).")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $from(x: Self) -> Self {
                Self::encode($t::$from(x.decode()))
            }

            #[doc = concat!("`", stringify!($t), "::", stringify!($to), "`: the value laid out ", $order, " (decodes).")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $to(self) -> Self {
                Self::encode(self.decode().$to())
            }
        }
    )*};
}
byte_order!(u8 1, u16 2, u32 4, u64 8, i8 1, i16 2, i32 4, i64 8);
#[cfg(target_pointer_width = "64")]
byte_order!(usize 8, isize 8);
#[cfg(target_pointer_width = "32")]
byte_order!(usize 4, isize 4);

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::an::{AnI64, AnU16, AnU32};

    proptest! {
        #[test]
        fn bytes_round_trip_as_u32s_do(x in any::<u32>(), bytes in any::<[u8; 4]>()) {
            let e = AnU32::encode(x);
            prop_assert_eq!(e.to_le_bytes(), x.to_le_bytes());
            prop_assert_eq!(e.to_be_bytes(), x.to_be_bytes());
            prop_assert_eq!(e.to_ne_bytes(), x.to_ne_bytes());
            prop_assert_eq!(AnU32::from_le_bytes(bytes).decode(), u32::from_le_bytes(bytes));
            prop_assert_eq!(AnU32::from_be_bytes(bytes).decode(), u32::from_be_bytes(bytes));
            prop_assert_eq!(AnU32::from_ne_bytes(bytes).decode(), u32::from_ne_bytes(bytes));
            prop_assert_eq!(AnU32::from_be(e).decode(), u32::from_be(x));
            prop_assert_eq!(AnU32::from_le(e).decode(), u32::from_le(x));
            prop_assert_eq!(e.to_be().decode(), x.to_be());
            prop_assert_eq!(e.to_le().decode(), x.to_le());
        }

        #[test]
        fn bytes_of_other_widths_round_trip(x in any::<i64>(), bytes in any::<[u8; 8]>(), half in any::<[u8; 2]>()) {
            let e = AnI64::encode(x);
            prop_assert_eq!(e.to_le_bytes(), x.to_le_bytes());
            prop_assert_eq!(e.to_be().decode(), x.to_be());
            prop_assert_eq!(AnI64::from_be_bytes(bytes).decode(), i64::from_be_bytes(bytes));
            prop_assert_eq!(AnU16::from_le_bytes(half).decode(), u16::from_le_bytes(half));
            prop_assert_eq!(AnU16::from_ne_bytes(half).to_ne_bytes(), half);
        }
    }
}
