#[anguard::an_encode]
pub mod m {
    pub fn zero_or(x: u32, flag: bool) -> u32 {
        if flag && let 0 = x {
            return 1;
        }
        let 7 = x else { return 0 };
        x
    }
}

fn main() {}
