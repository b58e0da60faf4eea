//! What a client's command means: answered on the spot (PING, and what
//! redis-cli and redis-benchmark ask on connect), or a [`Command`] for the
//! replicated store; and how a store [`Reply`] is written back.

use std::net::SocketAddr;

use tokio_util::bytes::{Bytes, BytesMut};

use super::reply;
use super::resp::Resp;
use crate::kv::command::MAX_DATA;
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
    /// `CLIENT NO-FORWARD ON|OFF`: whether this connection's commands are
    /// answered `-MOVED` by a replica that does not lead (on), rather than
    /// forwarded to the leader (off, the default). What a forwarding
    /// replica asks of the leader, so that a command is forwarded once.
    NoForward(bool),
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
            Ok([key, value]) if key.len() + value.len() > MAX_DATA => {
                Action::Answer(Resp::Error(format!(
                    "ERR key and value too large: {} bytes, at most {MAX_DATA} together",
                    key.len() + value.len()
                )))
            }
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
        b"CLIENT" => match rest.as_slice() {
            [sub, rest @ ..] if sub.eq_ignore_ascii_case(b"NO-FORWARD") => match rest {
                [on] if on.eq_ignore_ascii_case(b"ON") => Action::NoForward(true),
                [off] if off.eq_ignore_ascii_case(b"OFF") => Action::NoForward(false),
                [_] => Action::Answer(Resp::Error("ERR syntax error".into())),
                _ => wrong_arity(b"client|no-forward"),
            },
            _ => Action::Answer(Resp::Simple("OK")),
        },
        b"READONLY" | b"READWRITE" => Action::Answer(Resp::Simple("OK")),
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

/// `command` as a client writes it, to forward it.
pub fn frame(command: &Command) -> Bytes {
    let args: Vec<&[u8]> = match command {
        Command::Get(key) => vec![b"GET", key],
        Command::Set(key, value) => vec![b"SET", key, value],
        Command::Del(key) => vec![b"DEL", key],
        Command::Incr(key) => vec![b"INCR", key],
    };
    let mut out = BytesMut::new();
    reply::command(&args, &mut out);
    out.freeze()
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
        assert_eq!(
            action(args(&["client", "no-forward", "on"])),
            Action::NoForward(true)
        );
        assert_eq!(
            action(args(&["CLIENT", "NO-FORWARD", "OFF"])),
            Action::NoForward(false)
        );
        assert!(matches!(
            action(args(&["CLIENT", "NO-FORWARD", "maybe"])),
            Action::Answer(Resp::Error(_))
        ));
        assert_eq!(
            action(args(&["CLIENT", "SETNAME", "x"])),
            Action::Answer(Resp::Simple("OK"))
        );
    }

    #[test]
    fn a_set_too_large_for_one_message_is_refused() {
        let key = vec![b'k'; 1000];
        let fits = vec![b'v'; MAX_DATA - key.len()];
        assert_eq!(
            action(vec![b"SET".to_vec(), key.clone(), fits.clone()]),
            Action::Replicate(Command::Set(key.clone(), fits))
        );
        let over = vec![b'v'; MAX_DATA - key.len() + 1];
        let Action::Answer(Resp::Error(error)) = action(vec![b"SET".to_vec(), key, over]) else {
            panic!("refused");
        };
        assert!(error.starts_with("ERR key and value too large"), "{error}");
    }

    #[test]
    fn a_forwarded_command_reads_back_as_itself() {
        use tokio_util::codec::Decoder;
        for command in [
            Command::Get(b"k".to_vec()),
            Command::Set(b"k".to_vec(), b"v\r\n".to_vec()),
            Command::Del(b"k".to_vec()),
            Command::Incr(b"n".to_vec()),
        ] {
            let mut wire = BytesMut::from(&frame(&command)[..]);
            let args = super::super::resp::RespCodec
                .decode(&mut wire)
                .unwrap()
                .unwrap();
            assert_eq!(action(args), Action::Replicate(command));
        }
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
