#[anguard::an_encode]
pub mod m {
    pub fn frame_len(words: u32) -> u32 {
        words * std::mem::size_of::<u32>() as u32
    }
}

fn main() {}
