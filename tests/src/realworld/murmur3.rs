/// MurmurHash3 x86_32 as the `murmur3` crates write it: four-byte blocks
/// read with `from_le_bytes`, the tail by a `match` on its length.
#[anguard::an_encode]
pub mod murmur3 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;

    #[inline]
    const fn fmix32(mut h: u32) -> u32 {
        h ^= h >> 16;
        h = h.wrapping_mul(0x85eb_ca6b);
        h ^= h >> 13;
        h = h.wrapping_mul(0xc2b2_ae35);
        h ^= h >> 16;
        h
    }

    pub fn murmur3_32(data: &[u8], seed: u32) -> u32 {
        let mut h1 = seed;
        let mut blocks = data.chunks_exact(4);
        for block in &mut blocks {
            let mut k1 = u32::from_le_bytes([block[0], block[1], block[2], block[3]]);
            k1 = k1.wrapping_mul(C1);
            k1 = k1.rotate_left(15);
            k1 = k1.wrapping_mul(C2);

            h1 ^= k1;
            h1 = h1.rotate_left(13);
            h1 = h1.wrapping_mul(5).wrapping_add(0xe654_6b64);
        }
        let tail = blocks.remainder();
        let mut k1: u32 = 0;
        match tail.len() {
            3 => {
                k1 ^= (tail[2] as u32) << 16;
                k1 ^= (tail[1] as u32) << 8;
                k1 ^= tail[0] as u32;
            }
            2 => {
                k1 ^= (tail[1] as u32) << 8;
                k1 ^= tail[0] as u32;
            }
            1 => k1 ^= tail[0] as u32,
            _ => {}
        }
        if !tail.is_empty() {
            k1 = k1.wrapping_mul(C1);
            k1 = k1.rotate_left(15);
            k1 = k1.wrapping_mul(C2);
            h1 ^= k1;
        }
        h1 ^= data.len() as u32;
        fmix32(h1)
    }
}
