#[anguard::an_encode]
pub mod m {
    pub fn granted(vote: Option<bool>, term: u32) -> u32 {
        match vote {
            Some(true) => term,
            Some(false) | None => 0,
        }
    }
}

fn main() {}
