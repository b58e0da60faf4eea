/// Adler-32 as the `adler` crates write it: a `Hasher`, sums reduced every
/// `NMAX` bytes, four bytes at a time in the inner loop.
#[anguard::an_encode]
pub mod adler32 {
    use std::hash::Hasher;

    const MOD: u32 = 65521;
    /// The most bytes that can be summed before `b` may overflow.
    const NMAX: usize = 5552;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Adler32 {
        a: u32,
        b: u32,
    }

    impl Default for Adler32 {
        fn default() -> Self {
            Adler32 { a: 1, b: 0 }
        }
    }

    impl Adler32 {
        pub fn new() -> Self {
            Self::default()
        }

        pub fn from_checksum(sum: u32) -> Self {
            Adler32 {
                a: sum & 0xffff,
                b: sum >> 16,
            }
        }

        pub fn checksum(&self) -> u32 {
            (self.b << 16) | self.a
        }

        pub fn write_slice(&mut self, bytes: &[u8]) {
            let (mut a, mut b) = (self.a, self.b);
            for chunk in bytes.chunks(NMAX) {
                let mut quads = chunk.chunks_exact(4);
                for quad in &mut quads {
                    a += u32::from(quad[0]);
                    b += a;
                    a += u32::from(quad[1]);
                    b += a;
                    a += u32::from(quad[2]);
                    b += a;
                    a += u32::from(quad[3]);
                    b += a;
                }
                for &byte in quads.remainder() {
                    a += u32::from(byte);
                    b += a;
                }
                a %= MOD;
                b %= MOD;
            }
            self.a = a;
            self.b = b;
        }
    }

    impl Hasher for Adler32 {
        fn finish(&self) -> u64 {
            u64::from(self.checksum())
        }

        fn write(&mut self, bytes: &[u8]) {
            self.write_slice(bytes);
        }
    }

    pub fn adler32(bytes: &[u8]) -> u32 {
        let mut hasher = Adler32::new();
        hasher.write_slice(bytes);
        hasher.checksum()
    }
}
