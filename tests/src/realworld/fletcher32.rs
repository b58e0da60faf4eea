/// Fletcher-32 as the `fletcher` crate writes it: 16-bit words read with
/// `u16::from_le_bytes`, two running sums reduced modulo 65535 in blocks, a
/// checksum struct with `update` and `value`.
#[anguard::an_encode]
pub mod fletcher32 {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Fletcher32 {
        a: u32,
        b: u32,
    }

    impl Default for Fletcher32 {
        fn default() -> Self {
            Fletcher32 { a: 0xffff, b: 0xffff }
        }
    }

    impl Fletcher32 {
        pub fn update(&mut self, data: &[u16]) {
            for block in data.chunks(359) {
                for &word in block {
                    self.a += u32::from(word);
                    self.b += self.a;
                }
                self.a = (self.a & 0xffff) + (self.a >> 16);
                self.b = (self.b & 0xffff) + (self.b >> 16);
            }
        }

        pub fn value(&self) -> u32 {
            let a = (self.a & 0xffff) + (self.a >> 16);
            let b = (self.b & 0xffff) + (self.b >> 16);
            (b << 16) | a
        }
    }

    pub fn checksum(bytes: &[u8]) -> u32 {
        let words: Vec<u16> = bytes
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        let mut f = Fletcher32::default();
        f.update(&words);
        f.value()
    }
}
