/// `u32::from_le_bytes` and relatives: the boundary with bytes.
#[anguard::an_encode]
pub mod byte_words {
    pub fn sum_le(data: &[u8]) -> u32 {
        data.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .fold(0, u32::wrapping_add)
    }

    /// The first word, as crates read one from a slice.
    pub fn first(data: &[u8]) -> Option<u32> {
        let bytes = data.get(..4)?;
        Some(u32::from_be_bytes(bytes.try_into().expect("4 bytes")))
    }

    pub fn swap_order(x: u32) -> (u32, [u8; 4], [u8; 4], u32) {
        let be = u32::from_be_bytes(x.to_le_bytes());
        (be, be.to_be_bytes(), x.to_ne_bytes(), u32::from_be(x) ^ x.to_le())
    }

    pub fn digit(x: u32) -> Option<char> {
        char::from_digit(x % 16, 16).and_then(|c| char::from_u32(c as u32 + x / 16 % 2))
    }
}
