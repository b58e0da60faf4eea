#[anguard::an_encode]
pub mod m {
    pub fn granted(vote: Option<bool>, term: u32) -> u32 {
        match vote {
            Some(true) => term,
            Some(false) | None => 0,
        }
    }

    pub fn first(votes: &[(u32, bool)]) -> Option<u32> {
        if let Some(&(term, true)) = votes.first() {
            return Some(term);
        }
        None
    }

    pub fn refused(vote: Option<bool>) -> bool {
        matches!(vote, Some(false))
    }
}

fn main() {}
