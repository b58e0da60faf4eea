#[anguard::an_encode]
pub mod m {
    pub fn first(words: &[u32]) -> u32 {
        unsafe { *words.get_unchecked(0) }
    }

    pub unsafe fn trusted(x: u32) -> u32 {
        x
    }
}

fn main() {}
