#[anguard::an_encode]
pub mod m {
    unsafe extern "C" {
        pub fn htonl(x: u32) -> u32;
    }
}

fn main() {}
