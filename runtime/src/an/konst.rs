//! What a `const fn` over the encoded types needs in encoded code. rustc
//! cannot call the operator traits in a const context, so `#[an_encode]`
//! compiles such a function's encoded copy as a call of its plain copy
//! between these conversions: the arguments decoded, the result encoded.

use super::An;

macro_rules! konst {
    ($($t:ty as $bits:ty),*) => {$(
        #[allow(clippy::cast_possible_truncation, clippy::unnecessary_cast, trivial_numeric_casts)]
        impl An<$t> {
            /// `decode` for a `const fn`: checks the word and panics on an
            /// invalid one, since a const fn cannot call the
            /// [fault policy](crate::fault).
            #[inline]
            #[must_use]
            #[track_caller]
            pub const fn decode_const(self) -> $t {
                if !self.is_valid() {
                    panic!("invalid AN code word passed to a const fn");
                }
                self.to_raw().wrapping_mul(<$t as super::Code>::A_INV) as $bits as $t
            }

            /// Encodes every value of `values`, in a const context too.
            #[must_use]
            pub const fn encode_array<const N: usize>(values: [$t; N]) -> [Self; N] {
                let mut words = [Self::encode(0); N];
                let mut i = 0;
                while i < N {
                    words[i] = Self::encode(values[i]);
                    i += 1;
                }
                words
            }

            /// Decodes every word of `words` ([`decode_const`](Self::decode_const)).
            #[must_use]
            #[track_caller]
            pub const fn decode_array<const N: usize>(words: [Self; N]) -> [$t; N] {
                let mut values = [0; N];
                let mut i = 0;
                while i < N {
                    values[i] = words[i].decode_const();
                    i += 1;
                }
                values
            }
        }
    )*};
}
konst!(
    u8 as u8,
    u16 as u16,
    u32 as u32,
    u64 as u64,
    usize as usize,
    i8 as u8,
    i16 as u16,
    i32 as u32,
    i64 as u64,
    isize as usize
);

impl An<bool> {
    /// `decode` for a `const fn`: checks the word and panics on an invalid
    /// one, since a const fn cannot call the [fault policy](crate::fault).
    #[inline]
    #[must_use]
    #[track_caller]
    pub const fn decode_const(self) -> bool {
        if !self.is_valid() {
            panic!("invalid AN code word passed to a const fn");
        }
        self.to_raw() != 0
    }
}

#[cfg(test)]
mod tests {
    use crate::an::{AnI64, AnU32};

    const TABLE: [AnU32; 3] = AnU32::encode_array([1, 2, 40]);
    const BACK: [u32; 3] = AnU32::decode_array(TABLE);

    #[test]
    fn arrays_convert_in_const_contexts() {
        assert_eq!(TABLE.map(AnU32::decode), [1, 2, 40]);
        assert_eq!(BACK, [1, 2, 40]);
        assert_eq!(const { AnU32::encode(7).decode_const() }, 7);
        assert_eq!(const { AnI64::encode(-7).decode_const() }, -7);
        assert_eq!(
            AnI64::decode_array(AnI64::encode_array([i64::MIN, -1, 3])),
            [i64::MIN, -1, 3]
        );
    }

    #[test]
    #[should_panic(expected = "invalid AN code word passed to a const fn")]
    fn an_invalid_word_panics() {
        let word = AnU32::from_raw_trusted(AnU32::encode(7).to_raw() ^ 1);
        let _ = word.decode_const();
    }
}
