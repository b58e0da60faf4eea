/// Conversions at the edge of a protocol: widths, signs, chars and bools.
#[anguard::an_encode]
pub mod cast_mix {
    /// A digest of mixed-width fields, as a wire format would fold them.
    pub fn fold(byte: u8, half: u16, wide: u64, signed: i32, flag: bool, letter: char) -> u32 {
        let mut acc = byte as u32;
        acc = acc.wrapping_mul(31).wrapping_add(half as u32);
        acc = acc.wrapping_mul(31).wrapping_add(wide as u32);
        acc = acc.wrapping_mul(31).wrapping_add((wide >> 32) as u32);
        acc = acc.wrapping_mul(31).wrapping_add(signed as u32);
        acc = acc.wrapping_mul(31).wrapping_add(flag as u32);
        acc.wrapping_mul(31).wrapping_add(letter as u32)
    }

    /// The low byte, the sign-extended value and the float of a word.
    pub fn split(word: u32) -> (u8, i64, f64, i16) {
        (word as u8, word as i32 as i64, word as f64, word as i16)
    }

    pub fn checked(wide: u64) -> Option<u32> {
        u32::try_from(wide).ok()
    }

    pub fn widen(word: u32) -> u64 {
        u64::from(word) + u32::MAX as u64
    }

    /// Whole-word arithmetic through `u32::` paths.
    pub fn paths(a: u32, b: u32) -> (u32, Option<u32>, u32, u32) {
        (
            u32::wrapping_add(a, b),
            u32::checked_sub(a, b),
            u32::max(a, b),
            u32::MAX - u32::BITS,
        )
    }
}
