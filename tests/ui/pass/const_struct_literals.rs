// In a `const` or `static`, a struct's field values are encoded by the field
// types the module declares, `Self { … }` in a const fn too.
#[anguard::an_encode]
pub mod m {
    pub struct Config {
        pub period: u32,
        pub retries: u8,
    }

    pub struct Pair(pub u32, pub u8);

    impl Config {
        pub const fn unnamed() -> Self {
            Self { period: 100, retries: 0 }
        }
    }

    pub const DEFAULT: Config = Config { period: 250, retries: 3 };
    pub static PAIRS: [Pair; 2] = [Pair(7, 1), Pair(9, 2)];
}

fn main() {
    assert_eq!(m::plain::DEFAULT.period, m::encoded::DEFAULT.period.decode());
    assert_eq!(m::plain::PAIRS[1].0, m::encoded::PAIRS[1].0.decode());
    assert_eq!(m::plain::Config::unnamed().period, m::encoded::Config::unnamed().period.decode());
}
