// A local bound to a literal whose uses do not show its type: stored,
// passed on or returned in a compound value, it could be a plain u32 in
// `encoded`. Rejected, with the types to write.
#[anguard::an_encode]
pub mod m {
    pub fn histogram(items: &[u32], limit: u32) -> Vec<u32> {
        let mut buckets = Vec::new();
        let mut count = 0;
        for &item in items {
            if item < limit {
                count += 1;
            }
        }
        buckets.push(count);
        buckets
    }

    pub fn weight(kind: u8) -> (u32, bool) {
        let weight = match kind {
            0 => 1,
            _ => 10,
        };
        (weight, kind == 0)
    }
}

fn main() {}
