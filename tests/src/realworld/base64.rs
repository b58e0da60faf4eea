/// A base64 decoder as small crates write one: a decode table built by a
/// `const fn` from the alphabet, 6-bit groups gathered in a `u32`.
#[anguard::an_encode]
pub mod base64 {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const INVALID: u8 = 0xff;

    const fn decode_table() -> [u8; 256] {
        let mut table = [INVALID; 256];
        let mut i = 0;
        while i < 64 {
            table[ALPHABET[i] as usize] = i as u8;
            i += 1;
        }
        table
    }

    static DECODE: [u8; 256] = decode_table();

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum DecodeError {
        InvalidByte(usize, u8),
        InvalidLength,
    }

    pub fn decode(input: &[u8]) -> Result<Vec<u8>, DecodeError> {
        let input = match input.iter().rposition(|&b| b != b'=') {
            Some(last) => &input[..=last],
            None => &[],
        };
        if input.len() % 4 == 1 {
            return Err(DecodeError::InvalidLength);
        }
        let mut out = Vec::with_capacity(input.len() * 3 / 4);
        let mut acc: u32 = 0;
        let mut bits = 0;
        for (i, &byte) in input.iter().enumerate() {
            let value = DECODE[byte as usize];
            if value == INVALID {
                return Err(DecodeError::InvalidByte(i, byte));
            }
            acc = (acc << 6) | value as u32;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        Ok(out)
    }
}
