// Impls of traits defined outside the module keep the trait's u32
// signature and convert at the boundary; an impl whose header chooses u32
// (`From<u32>`, `type Item = u32`) is encoded through, as the header says.
pub trait Source {
    fn next_word(&mut self) -> u32;
    fn reseed(&mut self, seed: [u32; 2]) -> Option<u32>;
}

#[anguard::an_encode]
pub mod m {
    use std::hash::Hasher;

    #[derive(Debug, Default)]
    pub struct Counter {
        pub count: u32,
    }

    impl super::Source for Counter {
        fn next_word(&mut self) -> u32 {
            self.count += 1;
            self.count
        }

        fn reseed(&mut self, seed: [u32; 2]) -> Option<u32> {
            let old = self.count;
            self.count = seed[0] ^ seed[1];
            (old != 0).then_some(old)
        }
    }

    impl Hasher for Counter {
        fn finish(&self) -> u64 {
            self.count.into()
        }

        fn write(&mut self, bytes: &[u8]) {
            self.count += bytes.len() as u32;
        }

        fn write_u32(&mut self, word: u32) {
            self.count ^= word;
        }
    }

    impl From<u32> for Counter {
        fn from(count: u32) -> Self {
            Counter { count }
        }
    }

    impl Iterator for Counter {
        type Item = u32;

        fn next(&mut self) -> Option<u32> {
            self.count.checked_sub(1).inspect(|&c| self.count = c)
        }
    }

    /// Calls the boundary methods from inside: results encoded again.
    pub fn draw(counter: &mut Counter) -> u32 {
        use super::Source;
        counter.write_u32(3);
        let word: u32 = counter.next_word();
        word + counter.next_word()
    }
}

fn main() {
    use std::hash::Hasher;

    use anguard::AnU32;
    use Source as _;

    let mut p = m::plain::Counter::from(4);
    let mut e = m::encoded::Counter::from(AnU32::encode(4));
    assert_eq!(m::plain::draw(&mut p), m::encoded::draw(&mut e).decode());
    assert_eq!(p.next_word(), e.next_word());
    assert_eq!(p.reseed([1, 2]), e.reseed([1, 2]));
    p.write_u32(9);
    e.write_u32(9);
    assert_eq!(p.finish(), e.finish());
    assert_eq!(p.next(), e.next().map(AnU32::decode));
}
