//! CRC-32C (Castagnoli), the checksum of the write-ahead log's records.

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
    !bytes.iter().fold(!0u32, |crc, &b| {
        (crc >> 8) ^ TABLE[((crc ^ u32::from(b)) & 0xff) as usize]
    })
}
