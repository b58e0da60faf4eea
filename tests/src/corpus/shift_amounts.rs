/// Shifts whose operands are of different widths: `u64 >> k` with an
/// encoded `k`, a `u32` shifted by a `usize`, shift-amount locals.
#[anguard::an_encode]
pub mod shift_amounts {
    pub fn extract(word: u64, offset: u32, width: u32) -> u64 {
        (word >> offset) & ((1_u64 << width) - 1)
    }

    pub fn bit(words: &[u32], i: usize) -> bool {
        words[i / 32] & (1 << (i % 32)) != 0
    }

    pub fn shifted(x: u32, by: usize, k: u32) -> (u32, u32, u64, i32) {
        let mut y = x;
        y <<= by % 32;
        let mut wide = u64::from(x);
        wide <<= k % 64;
        (y, x >> (by % 32), wide, -1_i32 << (k % 31))
    }

    /// A shift amount bound to a literal, grown by 7.
    pub fn varint(mut x: u32) -> u32 {
        let mut shift = 0;
        let mut back: u32 = 0;
        while x != 0 {
            back |= (x & 0x7f) << shift;
            x >>= 7;
            shift += 7;
        }
        back
    }
}
