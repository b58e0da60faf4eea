// Every variant gets a tag field, so `E::V as u32` is rewritten to the
// discriminant's value: it must be an integer literal the macro can read.
#[anguard::an_encode]
pub mod m {
    const BASE: i32 = 8;

    pub enum Code {
        Ping = BASE,
        Pong = 1 << 4,
        Fail = -2,
    }
}

fn main() {}
