/// Unsigned LEB128 as the `leb128` and protobuf varint crates write it: a
/// shift that grows by 7, an error for overlong input.
#[anguard::an_encode]
pub mod leb128 {
    const CONTINUATION_BIT: u8 = 1 << 7;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Error {
        UnexpectedEof,
        Overflow,
    }

    #[inline]
    fn low_bits_of_byte(byte: u8) -> u8 {
        byte & !CONTINUATION_BIT
    }

    /// The value and the number of bytes it took.
    pub fn read_u32(buf: &[u8]) -> Result<(u32, usize), Error> {
        let mut result = 0;
        let mut shift = 0;
        let mut i = 0;
        loop {
            if i >= buf.len() {
                return Err(Error::UnexpectedEof);
            }
            let byte = buf[i];
            i += 1;
            if shift == 28 && low_bits_of_byte(byte) > 0x0f {
                return Err(Error::Overflow);
            }
            let low_bits = low_bits_of_byte(byte) as u32;
            result |= low_bits << shift;
            if byte & CONTINUATION_BIT == 0 {
                return Ok((result, i));
            }
            shift += 7;
            if shift > 28 {
                return Err(Error::Overflow);
            }
        }
    }

    pub fn write_u32(out: &mut Vec<u8>, mut value: u32) -> usize {
        let mut written = 0;
        loop {
            let mut byte = (value as u8) & !CONTINUATION_BIT;
            value >>= 7;
            if value != 0 {
                byte |= CONTINUATION_BIT;
            }
            out.push(byte);
            written += 1;
            if value == 0 {
                return written;
            }
        }
    }
}
