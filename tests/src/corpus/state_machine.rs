/// A small election state machine whose states carry u32 fields.
#[anguard::an_encode]
pub mod state_machine {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Phase {
        Idle,
        Electing { round: u32, votes: u32 },
        Leading { term: u32 },
        Following(u32, u32),
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Event {
        Timeout,
        Vote { round: u32 },
        Heartbeat { leader: u32, term: u32 },
    }

    /// The next phase of a process in a group of `n`.
    pub fn step(phase: Phase, event: Event, n: u32) -> Phase {
        match (phase, event) {
            (Phase::Idle, Event::Timeout) => Phase::Electing { round: 1, votes: 1 },
            (Phase::Electing { round, .. }, Event::Timeout) => Phase::Electing {
                round: round + 1,
                votes: 1,
            },
            (Phase::Electing { round, votes }, Event::Vote { round: r }) if r == round => {
                let votes = votes + 1;
                if votes * 2 > n {
                    Phase::Leading { term: round }
                } else {
                    Phase::Electing { round, votes }
                }
            }
            (Phase::Leading { term }, Event::Heartbeat { leader, term: t }) if t > term => {
                Phase::Following(leader, t)
            }
            (_, Event::Heartbeat { leader, term }) => Phase::Following(leader, term),
            (phase, _) => phase,
        }
    }

    /// A code for the phase, for logs: its discriminant and first field.
    pub fn describe(phase: Phase) -> (u32, u32) {
        match phase {
            Phase::Idle => (0, 0),
            Phase::Electing { round, .. } => (1, round),
            Phase::Leading { term } => (2, term),
            Phase::Following(leader, _) => (3, leader),
        }
    }

    /// How urgent a round number is.
    pub fn urgency(round: u32) -> &'static str {
        match round {
            0 => "none",
            1 | 2 => "low",
            3..=9 => "medium",
            10..100 => "high",
            _ => "critical",
        }
    }

    pub fn runs(events: &[Event], n: u32) -> Vec<Phase> {
        let mut phase = Phase::Idle;
        let mut trace: Vec<Phase> = Vec::new();
        for &event in events {
            phase = step(phase, event, n);
            trace.push(phase);
        }
        trace
    }
}
