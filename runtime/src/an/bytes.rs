//! The byte boundary: u32's `from_*_bytes` encode the value the bytes hold,
//! `to_*_bytes` decode (checked) and lay the value out. The code word itself
//! is never reinterpreted as bytes; that is what `to_raw` is for.

use super::AnU32;

macro_rules! byte_order {
    ($($from_bytes:ident $to_bytes:ident $from:ident $to:ident, $order:literal;)*) => {$(
        impl AnU32 {
            #[doc = concat!("u32's `", stringify!($from_bytes), "`, encoded: the ", $order, " value of `bytes`.")]
            #[inline]
            #[must_use]
            pub const fn $from_bytes(bytes: [u8; 4]) -> Self {
                Self::encode(u32::$from_bytes(bytes))
            }

            #[doc = concat!("u32's `", stringify!($to_bytes), "`: the ", $order, " bytes of the value (decodes).")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $to_bytes(self) -> [u8; 4] {
                self.decode().$to_bytes()
            }

            #[doc = concat!("u32's `", stringify!($from), "`: the value of `x` read as ", $order, " (decodes).")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $from(x: Self) -> Self {
                Self::encode(u32::$from(x.decode()))
            }

            #[doc = concat!("u32's `", stringify!($to), "`: the value laid out ", $order, " (decodes).")]
            #[inline]
            #[must_use]
            #[track_caller]
            pub fn $to(self) -> Self {
                Self::encode(self.decode().$to())
            }
        }
    )*};
}
byte_order! {
    from_le_bytes to_le_bytes from_le to_le, "little-endian";
    from_be_bytes to_be_bytes from_be to_be, "big-endian";
}

impl AnU32 {
    /// u32's `from_ne_bytes`, encoded: the native-endian value of `bytes`.
    #[inline]
    #[must_use]
    pub const fn from_ne_bytes(bytes: [u8; 4]) -> Self {
        Self::encode(u32::from_ne_bytes(bytes))
    }

    /// u32's `to_ne_bytes`: the native-endian bytes of the value (decodes).
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn to_ne_bytes(self) -> [u8; 4] {
        self.decode().to_ne_bytes()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::AnU32;

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
    }
}
