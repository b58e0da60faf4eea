#[anguard::an_encode]
pub mod m {
    pub fn address(x: &u32) -> usize {
        x as *const u32 as usize
    }
}

fn main() {}
