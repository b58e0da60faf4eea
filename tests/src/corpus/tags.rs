/// A replica's role and its messages as enums, fieldless and data-carrying:
/// construction (unit, tuple and struct variants, a tuple variant's
/// constructor as a function), `match` with nested and or-patterns,
/// `if let`, `while let`, `let … else`, `matches!`, `==`, `#[default]`,
/// `Debug`, explicit discriminants and `as u32`, a `Vec` and an `Option`
/// of them.
#[anguard::an_encode]
pub mod tags {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub enum Role {
        #[default]
        Follower,
        Candidate,
        Leader,
    }

    /// Wire codes with explicit discriminants.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Code {
        Ping = 3,
        Pong,
        Fail = 10,
        Back = -1,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
    pub enum Msg {
        #[default]
        Heartbeat,
        Vote(u32, u64),
        Append { term: u64, entries: Vec<u32>, last: Option<u32> },
        Reply { term: u64, ok: bool },
    }

    #[derive(Debug, Clone, Default)]
    pub struct Replica {
        pub role: Role,
        pub term: u64,
        pub votes: u32,
        pub log: Vec<u32>,
        pub history: Vec<Role>,
        pub pending: Option<Msg>,
    }

    impl Role {
        pub fn rank(self) -> u32 {
            match self {
                Self::Follower => 0,
                Self::Candidate => 1,
                Self::Leader => 2,
            }
        }

        pub fn leads(&self) -> bool {
            *self == Role::Leader
        }
    }

    impl Code {
        /// The wire value: the discriminant.
        pub fn value(self) -> i64 {
            match self {
                Code::Ping => Code::Ping as i64,
                Code::Pong => Code::Pong as i64,
                Code::Fail => Code::Fail as i64,
                Code::Back => Code::Back as i64,
            }
        }
    }

    pub fn codes() -> (u32, u32, u32, i32) {
        (
            Code::Ping as u32,
            Code::Pong as u32,
            Code::Fail as u32,
            Code::Back as i32,
        )
    }

    /// A negative discriminant cast to unsigned types wraps, as `as` does.
    pub fn wrapped_codes() -> (u32, u8) {
        (Code::Back as u32, Code::Back as u8)
    }

    impl Replica {
        /// Handles one message; returns the answer, if any.
        pub fn on(&mut self, msg: Msg, n: u32) -> Option<Msg> {
            self.history.push(self.role);
            let answer = match msg {
                Msg::Heartbeat if self.role == Role::Leader => None,
                Msg::Heartbeat => {
                    self.role = Role::Follower;
                    Some(Msg::Reply {
                        term: self.term,
                        ok: true,
                    })
                }
                Msg::Vote(from, term) if term > self.term => {
                    self.term = term;
                    self.role = Role::Follower;
                    Some(Msg::Vote(from, term))
                }
                Msg::Vote(_, term) => {
                    if matches!(self.role, Role::Candidate) && term == self.term {
                        self.votes += 1;
                        if self.votes * 2 > n {
                            self.role = Role::Leader;
                        }
                    }
                    None
                }
                Msg::Append {
                    term,
                    entries,
                    last: Some(last),
                } if term >= self.term => {
                    self.term = term;
                    self.log.extend(entries);
                    self.log.push(last);
                    Some(Msg::Reply { term, ok: true })
                }
                Msg::Append { term, .. } | Msg::Reply { term, .. } => Some(Msg::Reply {
                    term: self.term.max(term),
                    ok: false,
                }),
            };
            if let Some(Msg::Reply { ok, .. }) = &answer
                && !*ok
            {
                self.pending = answer.clone();
            }
            answer
        }

        pub fn campaign(&mut self) {
            if let Role::Follower | Role::Candidate = self.role {
                self.role = Role::Candidate;
                self.term += 1;
                self.votes = 1;
            }
        }

        /// The roles seen, as ranks, until the first leader.
        pub fn ranks_until_leader(&self) -> Vec<u32> {
            let mut ranks = Vec::new();
            for role in &self.history {
                if let Role::Leader = role {
                    break;
                }
                ranks.push(role.rank());
            }
            ranks
        }

        /// How many roles were `Follower` before the first other one.
        pub fn followers_first(&self) -> u32 {
            let (mut i, mut count): (usize, u32) = (0, 0);
            while let Some(Role::Follower) = self.history.get(i) {
                count += 1;
                i += 1;
            }
            count
        }

        pub fn pending_term(&self) -> u64 {
            let Some(Msg::Reply { term, .. }) = &self.pending else {
                return 0;
            };
            *term
        }
    }

    /// Votes from `ids`, through the tuple variant's constructor.
    pub fn votes(ids: &[u32], term: u64) -> Vec<Msg> {
        let terms = vec![term; ids.len()];
        ids.iter().copied().zip(terms).map(|(id, t)| Msg::Vote(id, t)).collect()
    }

    pub fn heartbeat_pairs(ids: &[u32]) -> Vec<(u32, Msg)> {
        let beats: Vec<Msg> = ids.iter().map(|_| Msg::Heartbeat).collect();
        ids.iter().copied().zip(beats).collect()
    }

    /// A tuple variant's constructor passed as a function.
    pub fn as_votes(pairs: Vec<(u32, u64)>) -> Vec<Msg> {
        let make = Msg::Vote;
        pairs.into_iter().map(|(a, b)| make(a, b)).collect()
    }

    /// What kind of message: `==`, nested patterns and a `matches!` guard.
    pub fn kind(msg: &Msg) -> u32 {
        if *msg == Msg::Heartbeat {
            return 0;
        }
        match msg {
            Msg::Vote(_, 0) => 1,
            Msg::Vote(id, _) if *id <= 2 => 2,
            Msg::Vote(..) => 3,
            Msg::Append { last: None, .. } => 4,
            Msg::Append { entries, .. } if entries.is_empty() => 5,
            Msg::Append { .. } => 6,
            Msg::Reply { ok, .. } if *ok => 7,
            _ => 8,
        }
    }

    pub fn describe(msg: &Msg) -> String {
        format!("{msg:?} / {msg:#?}")
    }
}
