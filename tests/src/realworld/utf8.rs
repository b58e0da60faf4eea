/// A UTF-8 decoder as the `utf8-decode` and `bstr` crates write one: the
/// first byte's class, continuation bytes folded into a `u32` code point,
/// `char::from_u32` at the end, and an unchecked conversion once validated.
#[anguard::an_encode]
pub mod utf8 {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Utf8Error {
        Invalid(usize),
        Incomplete(usize),
    }

    #[inline]
    fn width(first: u8) -> usize {
        match first {
            0x00..=0x7f => 1,
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => 0,
        }
    }

    /// The char at the start of `bytes` and its length.
    pub fn decode(bytes: &[u8]) -> Result<(char, usize), Utf8Error> {
        let first = match bytes.first() {
            Some(&b) => b,
            None => return Err(Utf8Error::Incomplete(0)),
        };
        let len = width(first);
        if len == 0 {
            return Err(Utf8Error::Invalid(0));
        }
        if bytes.len() < len {
            return Err(Utf8Error::Incomplete(bytes.len()));
        }
        let mut code: u32 = match len {
            1 => return Ok((first as char, 1)),
            2 => (first & 0x1f) as u32,
            3 => (first & 0x0f) as u32,
            _ => (first & 0x07) as u32,
        };
        for (i, &byte) in bytes[1..len].iter().enumerate() {
            if byte & 0xc0 != 0x80 {
                return Err(Utf8Error::Invalid(i + 1));
            }
            code = (code << 6) | (byte & 0x3f) as u32;
        }
        // Overlong forms and surrogates.
        let min: u32 = [0, 0, 0x80, 0x800, 0x1_0000][len];
        if code < min {
            return Err(Utf8Error::Invalid(0));
        }
        match char::from_u32(code) {
            Some(c) => Ok((c, len)),
            None => Err(Utf8Error::Invalid(0)),
        }
    }

    /// Decodes all of `bytes` into code points; the string once valid.
    pub fn code_points(bytes: &[u8]) -> Result<(Vec<u32>, String), Utf8Error> {
        let mut points = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            match decode(&bytes[at..]) {
                Ok((c, len)) => {
                    points.push(c as u32);
                    at += len;
                }
                Err(Utf8Error::Invalid(i)) => return Err(Utf8Error::Invalid(at + i)),
                Err(Utf8Error::Incomplete(i)) => return Err(Utf8Error::Incomplete(at + i)),
            }
        }
        // SAFETY: every char was decoded above.
        let text = unsafe { std::str::from_utf8_unchecked(bytes) }.to_owned();
        Ok((points, text))
    }
}
