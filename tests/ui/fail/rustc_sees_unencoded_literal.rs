// In a `const`, a literal whose type the macro cannot see stays a literal,
// and rustc points at it: an `AnU32` is never made from an integer silently.
#[anguard::an_encode]
pub mod m {
    pub struct Config {
        pub period: u32,
    }

    pub const DEFAULT: Config = Config { period: 250 };
}

fn main() {}
