#[anguard::an_encode]
pub mod m {
    pub union Word {
        pub whole: u32,
        pub halves: [u16; 2],
    }
}

fn main() {}
