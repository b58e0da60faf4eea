//! CRC-32C (Castagnoli), the checksum of the write-ahead log's records and
//! of the encoded build's seals: the `crc32c` crate's, which uses the CPU's
//! CRC32 instruction where there is one.

/// The CRC-32C of `bytes`.
///
/// ```
/// // The check value of the CRC catalogue.
/// assert_eq!(anguard_protocols::kv::crc::crc32c(b"123456789"), 0xe306_9283);
/// ```
pub fn crc32c(bytes: &[u8]) -> u32 {
    crc32c::crc32c(bytes)
}

/// CRC-32C as a [`Hasher`](core::hash::Hasher): what a type's `Hash` writes,
/// checksummed. Integers are written little-endian and lengths as `u64`, so
/// the value is the same on every platform.
///
/// ```
/// use core::hash::Hasher;
/// use anguard_protocols::kv::crc::{Crc32c, crc32c};
///
/// let mut crc = Crc32c::default();
/// crc.write(b"1234");
/// crc.write(b"56789");
/// assert_eq!(crc.value(), crc32c(b"123456789"));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Crc32c {
    crc: u32,
    /// What was written since `crc`, up to a buffer's worth: `Hash` writes
    /// in small pieces, the CRC instruction is fastest on long ones.
    pending: [u8; 32],
    len: usize,
}

impl Crc32c {
    /// The CRC-32C of everything written so far.
    pub fn value(&self) -> u32 {
        crc32c::crc32c_append(self.crc, &self.pending[..self.len])
    }

    fn flush(&mut self) {
        self.crc = self.value();
        self.len = 0;
    }
}

impl core::hash::Hasher for Crc32c {
    fn write(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > self.pending.len() {
            self.flush();
        }
        if bytes.len() > self.pending.len() {
            self.crc = crc32c::crc32c_append(self.crc, bytes);
        } else {
            self.pending[self.len..self.len + bytes.len()].copy_from_slice(bytes);
            self.len += bytes.len();
        }
    }
    fn finish(&self) -> u64 {
        u64::from(self.value())
    }
    fn write_u16(&mut self, i: u16) {
        self.write(&i.to_le_bytes());
    }
    fn write_u32(&mut self, i: u32) {
        self.write(&i.to_le_bytes());
    }
    fn write_u64(&mut self, i: u64) {
        self.write(&i.to_le_bytes());
    }
    fn write_i64(&mut self, i: i64) {
        self.write(&i.to_le_bytes());
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn write_isize(&mut self, i: isize) {
        self.write_i64(i as i64);
    }
}
