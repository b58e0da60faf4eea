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
#[derive(Debug, Clone, Copy)]
pub struct Crc32c {
    crc: u32,
    /// What was written since `crc`, up to a buffer's worth: `Hash` writes
    /// in small pieces, and the CRC instruction is fastest on long ones.
    pending: [u8; PENDING],
    len: usize,
}

/// Room for a log entry with a short key and value, whole; larger, the
/// buffer's zeroing costs more than the calls it saves (both counted under
/// callgrind for redis-benchmark's SET and GET).
const PENDING: usize = 128;

impl Default for Crc32c {
    fn default() -> Self {
        Self {
            crc: 0,
            pending: [0; PENDING],
            len: 0,
        }
    }
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

    /// Writes what does not fit in the buffer's room.
    #[cold]
    fn write_long(&mut self, bytes: &[u8]) {
        self.flush();
        if bytes.len() > PENDING {
            self.crc = crc32c::crc32c_append(self.crc, bytes);
        } else {
            self.pending[..bytes.len()].copy_from_slice(bytes);
            self.len = bytes.len();
        }
    }

    /// Writes a fixed-size piece: copied in place, without a call.
    #[inline]
    fn write_array<const N: usize>(&mut self, bytes: [u8; N]) {
        if self.len + N > PENDING {
            self.flush();
        }
        self.pending[self.len..self.len + N].copy_from_slice(&bytes);
        self.len += N;
    }
}

impl core::hash::Hasher for Crc32c {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        if self.len + n > PENDING {
            self.write_long(bytes);
            return;
        }
        let free = &mut self.pending[self.len..self.len + n];
        // Up to 16 bytes: two moves of a fixed size that overlap, not a
        // call to `memcpy`.
        match n {
            0 => {}
            1 => free[0] = bytes[0],
            2..=3 => {
                free[..2].copy_from_slice(&bytes[..2]);
                free[n - 2..].copy_from_slice(&bytes[n - 2..]);
            }
            4..=7 => {
                free[..4].copy_from_slice(&bytes[..4]);
                free[n - 4..].copy_from_slice(&bytes[n - 4..]);
            }
            8..=16 => {
                free[..8].copy_from_slice(&bytes[..8]);
                free[n - 8..].copy_from_slice(&bytes[n - 8..]);
            }
            _ => free.copy_from_slice(bytes),
        }
        self.len += n;
    }
    fn finish(&self) -> u64 {
        u64::from(self.value())
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write_array([i]);
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.write_array(i.to_le_bytes());
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write_array(i.to_le_bytes());
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.write_array(i.to_le_bytes());
    }
    #[inline]
    fn write_i64(&mut self, i: i64) {
        self.write_array(i.to_le_bytes());
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    #[inline]
    fn write_isize(&mut self, i: isize) {
        self.write_i64(i as i64);
    }
}

#[cfg(test)]
mod tests {
    use core::hash::Hasher;

    use super::*;

    #[test]
    fn pieces_of_every_size_give_the_crc_of_the_whole() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7 + 3) as u8).collect();
        for piece in (1..=260).chain([1000]) {
            let mut crc = Crc32c::default();
            let mut whole = Vec::new();
            for (i, chunk) in bytes.chunks(piece).enumerate() {
                crc.write(chunk);
                crc.write_u64(i as u64);
                crc.write_u8(i as u8);
                whole.extend_from_slice(chunk);
                whole.extend_from_slice(&(i as u64).to_le_bytes());
                whole.push(i as u8);
            }
            assert_eq!(crc.value(), crc32c(&whole), "pieces of {piece}");
        }
    }
}
