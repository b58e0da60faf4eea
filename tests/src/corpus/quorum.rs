/// Quorum bookkeeping for a round of votes.
#[anguard::an_encode]
pub mod quorum {
    #[derive(Debug, Clone)]
    pub struct Tally {
        n: u32,
        round: u32,
        voted: Vec<bool>,
        yes: u32,
    }

    impl Tally {
        pub fn new(n: u32, round: u32) -> Self {
            Tally {
                n,
                round,
                voted: vec![false; n as usize],
                yes: 0,
            }
        }

        pub fn majority(&self) -> u32 {
            self.n / 2 + 1
        }

        /// Records `from`'s vote in `round`; stale rounds and repeats are ignored.
        pub fn vote(&mut self, from: u32, round: u32, yes: bool) -> bool {
            if round != self.round || from >= self.n || self.voted[from as usize] {
                return false;
            }
            self.voted[from as usize] = true;
            if yes {
                self.yes += 1;
            }
            true
        }

        pub fn decided(&self) -> Option<bool> {
            let votes = self.voted.iter().filter(|&&v| v).count() as u32;
            if self.yes >= self.majority() {
                Some(true)
            } else if votes - self.yes >= self.majority() {
                Some(false)
            } else {
                None
            }
        }

        /// Who has not voted yet, highest id first.
        pub fn missing(&self) -> Vec<u32> {
            let mut out: Vec<u32> = Vec::new();
            for id in (0..self.n).rev() {
                if !self.voted[id as usize] {
                    out.push(id);
                }
            }
            out
        }
    }
}
