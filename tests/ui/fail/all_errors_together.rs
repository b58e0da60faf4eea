// Every error of the module is reported, not only the first.
#[anguard::an_encode]
pub mod m {
    pub fn a() -> u32 {
        let x = 1;
        x
    }

    pub fn b(bytes: [u8; 4]) -> u32 {
        u32::from_be_bytes(bytes)
    }

    pub fn c(x: &u32) -> *const u32 {
        x as *const u32
    }
}

fn main() {}
