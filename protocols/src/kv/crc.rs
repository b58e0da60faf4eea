//! CRC-32C (Castagnoli), the checksum of the write-ahead log's records and
//! of the encoded build's seals.

/// The reflected Castagnoli polynomial.
const POLY: u32 = 0x82f6_3b78;

/// The byte-at-a-time table, computed at compile time.
const TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLY
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

/// The CRC-32C of `bytes`.
///
/// ```
/// // The check value of the CRC catalogue.
/// assert_eq!(anguard_protocols::kv::crc::crc32c(b"123456789"), 0xe306_9283);
/// ```
pub fn crc32c(bytes: &[u8]) -> u32 {
    let mut crc = Crc32c::default();
    core::hash::Hasher::write(&mut crc, bytes);
    crc.value()
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
#[derive(Debug, Clone, Copy)]
pub struct Crc32c(u32);

impl Default for Crc32c {
    fn default() -> Self {
        Crc32c(!0)
    }
}

impl Crc32c {
    /// The CRC-32C of everything written so far.
    pub fn value(&self) -> u32 {
        !self.0
    }
}

impl core::hash::Hasher for Crc32c {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |crc, &b| {
            (crc >> 8) ^ TABLE[((crc ^ u32::from(b)) & 0xff) as usize]
        });
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
