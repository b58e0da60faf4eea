//! What a client's command means: answered on the spot (PING, and what
//! redis-cli and redis-benchmark ask on connect), or a [`Command`] for the
//! replicated store; and how a store [`Reply`] is written back.

use std::net::SocketAddr;

use super::resp::Resp;
use crate::kv::{Command, Reply};

/// What to do with one client command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Answer this now.
    Answer(Resp),
    /// Replicate this, and answer once it is applied.
    Replicate(Command),
    /// Answer `+OK` and close the connection.
    Quit,
}

fn wrong_arity(name: &[u8]) -> Action {
    Action::Answer(Resp::Error(format!(
        "ERR wrong number of arguments for '{}' command",
        String::from_utf8_lossy(name).to_lowercase()
    )))
}

/// The meaning of the command `args` (name first).
pub fn action(args: Vec<Vec<u8>>) -> Action {
    let mut args = args.into_iter();
    let Some(name) = args.next() else {
        return Action::Answer(Resp::Error("ERR empty command".into()));
    };
    let rest: Vec<Vec<u8>> = args.collect();
    let upper = name.to_ascii_uppercase();
    let key_only = |make: fn(Vec<u8>) -> Command| match <[Vec<u8>; 1]>::try_from(rest.clone()) {
        Ok([key]) => Action::Replicate(make(key)),
        Err(_) => wrong_arity(&name),
    };
    match upper.as_slice() {
        b"GET" => key_only(Command::Get),
        b"DEL" => key_only(Command::Del),
        b"INCR" => key_only(Command::Incr),
        b"SET" => match <[Vec<u8>; 2]>::try_from(rest) {
            Ok([key, value]) => Action::Replicate(Command::Set(key, value)),
            Err(rest) if rest.len() > 2 => Action::Answer(Resp::Error(
                "ERR SET options (EX, PX, NX, XX, …) are not supported".into(),
            )),
            Err(_) => wrong_arity(&name),
        },
        b"PING" => match rest.len() {
            0 => Action::Answer(Resp::Simple("PONG")),
            1 => Action::Answer(Resp::Bulk(rest.into_iter().next())),
            _ => wrong_arity(&name),
        },
        b"ECHO" => match <[Vec<u8>; 1]>::try_from(rest) {
            Ok([text]) => Action::Answer(Resp::Bulk(Some(text))),
            Err(_) => wrong_arity(&name),
        },
        // redis-cli asks for command docs on connect: none to give.
        b"COMMAND" => Action::Answer(Resp::Array(Vec::new())),
        // redis-benchmark reads `save` and `appendonly`: each parameter
        // asked is answered empty.
        b"CONFIG" => match rest.split_first() {
            Some((sub, params)) if sub.eq_ignore_ascii_case(b"GET") => Action::Answer(Resp::Array(
                params
                    .iter()
                    .flat_map(|p| [Resp::Bulk(Some(p.clone())), Resp::Bulk(Some(Vec::new()))])
                    .collect(),
            )),
            _ => Action::Answer(Resp::Error("ERR only CONFIG GET is supported".into())),
        },
        b"SELECT" => match rest.as_slice() {
            [db] if db == b"0" => Action::Answer(Resp::Simple("OK")),
            [_] => Action::Answer(Resp::Error("ERR DB index is out of range".into())),
            _ => wrong_arity(&name),
        },
        b"CLIENT" | b"READONLY" | b"READWRITE" => Action::Answer(Resp::Simple("OK")),
        b"INFO" => Action::Answer(Resp::Bulk(Some(
            b"# Server\r\nredis_version:7.0.0-anguard\r\n".to_vec(),
        ))),
        b"QUIT" => Action::Quit,
        _ => Action::Answer(Resp::Error(format!(
            "ERR unknown command '{}'",
            String::from_utf8_lossy(&name)
        ))),
    }
}

/// A store reply as the client sees it; `clients` are the replicas'
/// client addresses, for `-MOVED`.
pub fn answer(reply: Reply, clients: &[SocketAddr]) -> Resp {
    match reply {
        Reply::Value(value) => Resp::Bulk(value),
        Reply::Ok => Resp::Simple("OK"),
        Reply::Integer(i) => Resp::Integer(i),
        Reply::NotInteger => Resp::Error("ERR value is not an integer or out of range".into()),
        Reply::Overflow => Resp::Error("ERR increment or decrement would overflow".into()),
        Reply::Moved(Some(leader)) => match clients.get(leader as usize) {
            Some(addr) => Resp::Error(format!("MOVED 0 {addr}")),
            None => Resp::Error(format!("MOVED 0 replica {leader}")),
        },
        Reply::Moved(None) => Resp::Error("CLUSTERDOWN no leader known: try again".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<Vec<u8>> {
        words.iter().map(|w| w.as_bytes().to_vec()).collect()
    }

    #[test]
    fn commands_are_understood() {
        assert_eq!(
            action(args(&["set", "k", "v"])),
            Action::Replicate(Command::Set(b"k".to_vec(), b"v".to_vec()))
        );
        assert_eq!(
            action(args(&["GET", "k"])),
            Action::Replicate(Command::Get(b"k".to_vec()))
        );
        assert_eq!(
            action(args(&["PING"])),
            Action::Answer(Resp::Simple("PONG"))
        );
        assert!(matches!(
            action(args(&["GET"])),
            Action::Answer(Resp::Error(_))
        ));
        assert!(matches!(
            action(args(&["GET", "a", "b"])),
            Action::Answer(Resp::Error(_))
        ));
        assert!(matches!(
            action(args(&["FLUSHALL"])),
            Action::Answer(Resp::Error(_))
        ));
        assert_eq!(
            action(args(&["CONFIG", "GET", "save"])),
            Action::Answer(Resp::Array(vec![
                Resp::Bulk(Some(b"save".to_vec())),
                Resp::Bulk(Some(Vec::new()))
            ]))
        );
    }

    #[test]
    fn a_non_leader_names_the_leader() {
        let clients: Vec<SocketAddr> = vec![
            "127.0.0.1:6380".parse().unwrap(),
            "127.0.0.1:6381".parse().unwrap(),
        ];
        assert_eq!(
            answer(Reply::Moved(Some(1)), &clients),
            Resp::Error("MOVED 0 127.0.0.1:6381".into())
        );
    }
}
