/// HalfSipHash-2-4 as the `siphasher` crate writes SipHash: a state struct
/// of words, a `compress` round macro-free, a `Hasher` fed by bytes, the tail
/// kept in a `u32`, `from_le_bytes` over 4-byte chunks.
#[anguard::an_encode]
pub mod halfsiphash {
    use std::hash::Hasher;

    #[derive(Debug, Clone, Copy)]
    struct State {
        v0: u32,
        v1: u32,
        v2: u32,
        v3: u32,
    }

    impl State {
        #[inline]
        fn compress(&mut self) {
            self.v0 = self.v0.wrapping_add(self.v1);
            self.v1 = self.v1.rotate_left(5);
            self.v1 ^= self.v0;
            self.v0 = self.v0.rotate_left(16);
            self.v2 = self.v2.wrapping_add(self.v3);
            self.v3 = self.v3.rotate_left(8);
            self.v3 ^= self.v2;
            self.v0 = self.v0.wrapping_add(self.v3);
            self.v3 = self.v3.rotate_left(7);
            self.v3 ^= self.v0;
            self.v2 = self.v2.wrapping_add(self.v1);
            self.v1 = self.v1.rotate_left(13);
            self.v1 ^= self.v2;
            self.v2 = self.v2.rotate_left(16);
        }
    }

    #[derive(Debug, Clone)]
    pub struct HalfSipHasher {
        state: State,
        tail: u32,
        ntail: usize,
        length: usize,
    }

    impl HalfSipHasher {
        pub fn new_with_keys(key0: u32, key1: u32) -> HalfSipHasher {
            HalfSipHasher {
                state: State {
                    v0: key0,
                    v1: key1,
                    v2: 0x6c79_6765 ^ key0,
                    v3: 0x7465_6462 ^ key1,
                },
                tail: 0,
                ntail: 0,
                length: 0,
            }
        }

        fn round(&mut self, m: u32) {
            self.state.v3 ^= m;
            self.state.compress();
            self.state.compress();
            self.state.v0 ^= m;
        }

        pub fn finish32(&self) -> u32 {
            let mut state = self.state;
            let b: u32 = ((self.length as u32 & 0xff) << 24) | self.tail;
            state.v3 ^= b;
            state.compress();
            state.compress();
            state.v0 ^= b;
            state.v2 ^= 0xff;
            for _ in 0..4 {
                state.compress();
            }
            state.v1 ^ state.v3
        }
    }

    impl Hasher for HalfSipHasher {
        fn write(&mut self, msg: &[u8]) {
            self.length += msg.len();
            let mut bytes = msg;
            while self.ntail != 0 && !bytes.is_empty() {
                self.tail |= (bytes[0] as u32) << (8 * self.ntail);
                self.ntail += 1;
                bytes = &bytes[1..];
                if self.ntail == 4 {
                    let m = self.tail;
                    self.round(m);
                    self.tail = 0;
                    self.ntail = 0;
                }
            }
            let mut chunks = bytes.chunks_exact(4);
            for chunk in &mut chunks {
                let m = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
                self.round(m);
            }
            for (i, &byte) in chunks.remainder().iter().enumerate() {
                self.tail |= (byte as u32) << (8 * i);
                self.ntail += 1;
            }
        }

        fn finish(&self) -> u64 {
            self.finish32() as u64
        }
    }
}
