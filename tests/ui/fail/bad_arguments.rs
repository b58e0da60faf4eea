#[anguard::an_encode(krate = anguard)]
pub mod m {}

#[anguard::an_encode]
pub const X: u32 = 1;

fn main() {}
