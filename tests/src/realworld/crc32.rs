/// Table-driven CRC-32 (IEEE) as crc32fast's baseline writes it: the table
/// built by a `const fn`, a `Hasher` over the running state.
#[anguard::an_encode]
pub mod crc32 {
    use std::hash::Hasher;

    const POLY: u32 = 0xedb8_8320;

    const fn make_table() -> [u32; 256] {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut crc = i as u32;
            let mut bit = 0;
            while bit < 8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ POLY } else { crc >> 1 };
                bit += 1;
            }
            table[i] = crc;
            i += 1;
        }
        table
    }

    static TABLE: [u32; 256] = make_table();

    #[derive(Debug, Clone, Default)]
    pub struct Crc32 {
        state: u32,
        amount: u64,
    }

    impl Crc32 {
        pub fn new() -> Self {
            Self::new_with_initial(0)
        }

        pub fn new_with_initial(init: u32) -> Self {
            Crc32 {
                state: init,
                amount: 0,
            }
        }

        pub fn update(&mut self, buf: &[u8]) {
            self.amount += buf.len() as u64;
            self.state = update(self.state, buf);
        }

        pub fn finalize(self) -> u32 {
            self.state
        }
    }

    pub fn update(prev: u32, buf: &[u8]) -> u32 {
        let mut crc = !prev;
        for &byte in buf {
            crc = TABLE[((crc as u8) ^ byte) as usize] ^ (crc >> 8);
        }
        !crc
    }

    impl Hasher for Crc32 {
        fn write(&mut self, bytes: &[u8]) {
            self.update(bytes);
        }

        fn finish(&self) -> u64 {
            self.state as u64
        }
    }

    pub fn hash(buf: &[u8]) -> u32 {
        let mut h = Crc32::new();
        h.update(buf);
        h.finalize()
    }
}
