// Every error of the module is reported, not only the first.
#[anguard::an_encode]
pub mod m {
    pub fn a() -> Option<u32> {
        let x = 1;
        Some(x)
    }

    pub fn b(words: [u32; 4]) -> usize {
        std::mem::size_of_val(&words)
    }

    pub fn c(x: &u32) -> *const u32 {
        x as *const u32
    }
}

fn main() {}
