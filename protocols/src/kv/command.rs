//! What clients ask and what they are answered: plain values, the same for
//! both builds (keys and values are bytes).

use anguard::state::{State, Visitor};
use serde::{Deserialize, Serialize};

/// The most bytes a key and its value take together: an entry of them
/// goes to a follower in one message (whose limit is twice this) with room
/// to spare.
pub const MAX_DATA: usize = anguard::payload::MAX_PAYLOAD / 2;

/// A client's command to the key-value store.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Command {
    /// The value of a key, if it has one.
    Get(Vec<u8>),
    /// Sets a key's value.
    Set(Vec<u8>, Vec<u8>),
    /// Removes a key; answers how many keys were removed (0 or 1).
    Del(Vec<u8>),
    /// Adds 1 to a key's value read as a decimal `i64` (a missing key is 0).
    Incr(Vec<u8>),
}

impl Command {
    /// The bytes of its key and value.
    pub fn data_len(&self) -> usize {
        match self {
            Command::Set(key, value) => key.len() + value.len(),
            other => other.key().len(),
        }
    }

    /// The key the command is about.
    pub fn key(&self) -> &[u8] {
        match self {
            Command::Get(key) | Command::Set(key, _) | Command::Del(key) | Command::Incr(key) => {
                key
            }
        }
    }
}

/// A client's request: `seq` numbers the requests of `client`, so that a
/// reply names the request it answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Request {
    /// Who asks (unique among the clients of one replica's driver).
    pub client: u64,
    /// Which of its requests this is.
    pub seq: u64,
    /// What it asks.
    pub command: Command,
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reply {
    /// `GET`: the value, or none.
    Value(Option<Vec<u8>>),
    /// `SET`: done.
    Ok,
    /// `DEL`: keys removed; `INCR`: the new value.
    Integer(i64),
    /// `INCR` of a value that is not a decimal `i64`.
    NotInteger,
    /// `INCR` past `i64::MAX`.
    Overflow,
    /// This replica does not lead: ask the one named, if it knows one.
    /// Nothing was done.
    Moved(Option<u32>),
}

/// Keys and values are bytes: uncovered (their lengths are shown).
impl State for Command {
    fn visit(&mut self, v: &mut dyn Visitor) {
        match self {
            Command::Get(key) | Command::Del(key) | Command::Incr(key) => v.uncovered(key),
            Command::Set(key, value) => {
                v.uncovered(key);
                v.uncovered(value);
            }
        }
    }
}

impl State for Request {
    fn visit(&mut self, v: &mut dyn Visitor) {
        v.uncovered(&mut self.client);
        v.uncovered(&mut self.seq);
        self.command.visit(v);
    }
}

impl State for Reply {
    fn visit(&mut self, v: &mut dyn Visitor) {
        match self {
            Reply::Value(Some(value)) => v.uncovered(value),
            Reply::Integer(i) => v.uncovered(i),
            Reply::Moved(Some(leader)) => v.uncovered(leader),
            Reply::Value(None)
            | Reply::Ok
            | Reply::NotInteger
            | Reply::Overflow
            | Reply::Moved(None) => {}
        }
    }
}
