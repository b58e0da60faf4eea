// A byte buffer's elements stay plain `u8`s in `encoded`, and a `&mut u8`
// parameter is an `&mut AnU8` there: a buffer's byte cannot be lent to it.
#[anguard::an_encode]
pub mod m {
    fn bump(count: &mut u8) {
        *count += 1;
    }

    pub fn bump_all(counts: &mut [u8]) {
        for i in 0..counts.len() {
            bump(&mut counts[i]);
        }
    }
}

fn main() {}
