#[anguard::an_encode]
pub mod m {
    pub fn classify(x: Option<u32>, y: u32) -> u32 {
        match (x, y) {
            (Some(0) | None, 1) => 1,
            _ => 0,
        }
    }
}

fn main() {}
