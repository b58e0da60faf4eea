// `let count = 0;` would be a plain u32 counter in `encoded`: rejected.
#[anguard::an_encode]
pub mod m {
    pub fn count(items: &[u32], limit: u32) -> u32 {
        let mut count = 0;
        for &item in items {
            if item < limit {
                count += 1;
            }
        }
        count
    }

    pub fn weight(kind: u8) -> u32 {
        let weight = match kind {
            0 => 1,
            _ => 10,
        };
        weight
    }
}

fn main() {}
