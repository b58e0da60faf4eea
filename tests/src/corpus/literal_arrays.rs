/// Literals inside arrays and slices passed on, and constant tables.
#[anguard::an_encode]
pub mod literal_arrays {
    /// Initial values, as a slice constant.
    const SEEDS: &[u32] = &[0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe];

    pub fn weighted(weights: &[u32], values: &[u32]) -> u32 {
        weights
            .iter()
            .zip(values)
            .fold(0_u32, |acc, (&w, &v)| acc.wrapping_add(w.wrapping_mul(v)))
    }

    pub fn mix(x: u32) -> u32 {
        let mut state = [0u32; 3];
        state.copy_from_slice(&[1, 2, 3]);
        weighted(&[3, 5, 7], &state) ^ weighted(SEEDS, &[x, x >> 1, 9])
    }

    pub fn first_of(pair: [u32; 2]) -> u32 {
        pair[0]
    }

    /// The smallest code point of a UTF-8 sequence of `len` bytes.
    pub fn min_code_point(len: usize) -> u32 {
        let min: u32 = [0, 0, 0x80, 0x800, 0x1_0000][len];
        min + first_of([len as u32, 4])
    }
}
