/// An Adler-32 style checksum over a frame.
#[anguard::an_encode]
pub mod adler {
    const MOD_ADLER: u32 = 65521;
    /// Sums stay below 2^32 for this many bytes between reductions.
    const BLOCK: usize = 5552;

    pub fn adler32(data: &[u8]) -> u32 {
        let mut a: u32 = 1;
        let mut b: u32 = 0;
        for block in data.chunks(BLOCK) {
            for &byte in block {
                a += byte as u32;
                b += a;
            }
            a %= MOD_ADLER;
            b %= MOD_ADLER;
        }
        (b << 16) | a
    }

    /// Rolls the checksum of a window forward by one byte.
    pub fn roll(sum: u32, window: u32, out: u8, inp: u8) -> u32 {
        let a: u32 = sum & 0xffff;
        let b: u32 = sum >> 16;
        let a: u32 = (a + MOD_ADLER - out as u32 + inp as u32) % MOD_ADLER;
        let b: u32 =
            (b + MOD_ADLER * 2 - (window % MOD_ADLER) * out as u32 % MOD_ADLER + a - 1) % MOD_ADLER;
        (b << 16) | a
    }
}
