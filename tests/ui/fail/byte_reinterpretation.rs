#[anguard::an_encode]
pub mod m {
    pub fn word(bytes: [u8; 4]) -> u32 {
        u32::from_le_bytes(bytes)
    }
}

fn main() {}
