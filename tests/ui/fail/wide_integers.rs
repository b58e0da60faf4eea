#[anguard::an_encode]
pub mod m {
    pub const LIMIT: u128 = 1 << 100;

    pub fn widen(x: u64) -> i128 {
        let scaled = x as u128 * 1_000u128;
        let limit = u128::MAX;
        (scaled.min(limit) as i128) - 1i128
    }
}

fn main() {}
