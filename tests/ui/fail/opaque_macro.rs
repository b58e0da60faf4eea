#[anguard::an_encode]
pub mod m {
    macro_rules! double {
        ($x:expr) => {
            ($x as u32) * 2
        };
    }

    pub fn twice(x: u32) -> u32 {
        double!(x)
    }
}

fn main() {}
