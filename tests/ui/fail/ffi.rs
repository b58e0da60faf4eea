#[anguard::an_encode]
pub mod m {
    pub extern "C" fn callback(x: u32) -> u32 {
        x + 1
    }
}

fn main() {}
