// A foreign trait's method whose fixed u32 signature the macro cannot
// convert at the boundary (a `&mut u32`): rejected at the type, with what
// to write instead.
pub trait Sink {
    fn put(&mut self, word: &mut u32);
    fn peek(&self) -> &u32;
}

#[anguard::an_encode]
pub mod m {
    pub struct Buffer {
        last: u32,
    }

    impl super::Sink for Buffer {
        fn put(&mut self, word: &mut u32) {
            self.last = *word;
            *word = 0;
        }

        fn peek(&self) -> &u32 {
            &self.last
        }
    }
}

fn main() {}
