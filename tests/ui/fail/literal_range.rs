// The element type of `0..10` is invisible: the macro asks for a suffix.
#[anguard::an_encode]
pub mod m {
    pub fn sum(total: u32) -> u32 {
        let mut total: u32 = total;
        for i in 0..10 {
            total += i;
        }
        total
    }
}

fn main() {}
