//! RESP2, the Redis protocol, as a tokio-util codec: commands in (arrays of
//! bulk strings, or inline commands as telnet sends them), replies out.
//!
//! Decoding first checks that a whole, well-formed frame is in the buffer
//! without allocating, then parses it (as mini-redis does). Malformed input
//! is an error, never a panic; the session answers it and closes.
//!
//! ```
//! use anguard_protocols::kv::server::resp::{Resp, RespCodec};
//! use tokio_util::bytes::BytesMut;
//! use tokio_util::codec::{Decoder, Encoder};
//!
//! let mut codec = RespCodec::default();
//! let mut buf = BytesMut::from(&b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nPI"[..]);
//! assert_eq!(codec.decode(&mut buf)?, Some(vec![b"GET".to_vec(), b"k".to_vec()]));
//! assert_eq!(codec.decode(&mut buf)?, None, "the second command is not whole yet");
//! let mut out = BytesMut::new();
//! codec.encode(Resp::Bulk(Some(b"v".to_vec())), &mut out)?;
//! assert_eq!(&out[..], b"$1\r\nv\r\n");
//! # Ok::<(), anguard_protocols::kv::server::resp::RespError>(())
//! ```

use tokio_util::bytes::{Buf, BufMut, BytesMut};
use tokio_util::codec::{Decoder, Encoder};

/// The most arguments a command may have.
pub const MAX_ARGS: usize = 1024;
/// The longest argument, in bytes.
pub const MAX_BULK: usize = 512 * 1024;
// A key alone (GET, DEL, INCR) fits what a log entry may hold.
const _: () = assert!(MAX_BULK <= crate::kv::command::MAX_DATA);
/// The longest inline command or header line, in bytes.
pub const MAX_LINE: usize = 64 * 1024;

/// Input that is not RESP2.
#[derive(Debug, thiserror::Error)]
pub enum RespError {
    /// A malformed frame; the message is what Redis would say.
    #[error("Protocol error: {0}")]
    Protocol(&'static str),
    /// The connection failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resp {
    /// `+OK`.
    Simple(&'static str),
    /// `-ERR …`: the whole message, its kind first.
    Error(String),
    /// `:42`.
    Integer(i64),
    /// `$3\r\nabc` or the null bulk string.
    Bulk(Option<Vec<u8>>),
    /// An array of replies.
    Array(Vec<Resp>),
}

/// The codec: [`Decoder`] of commands, [`Encoder`] of [`Resp`] replies.
#[derive(Debug, Default, Clone, Copy)]
pub struct RespCodec;

/// Where one parsed line ends: the index of its `\r`.
pub(super) fn line_end(buf: &[u8], from: usize) -> Result<Option<usize>, RespError> {
    let window = &buf[from..buf.len().min(from + MAX_LINE + 2)];
    match window.windows(2).position(|w| w == b"\r\n") {
        Some(i) => Ok(Some(from + i)),
        None if window.len() > MAX_LINE => Err(RespError::Protocol("too big inline request")),
        None => Ok(None),
    }
}

/// A decimal length after a type byte, as Redis accepts it.
fn length(line: &[u8], max: usize, what: &'static str) -> Result<usize, RespError> {
    let text = std::str::from_utf8(line).map_err(|_| RespError::Protocol(what))?;
    let len: usize = text.parse().map_err(|_| RespError::Protocol(what))?;
    if len > max {
        return Err(RespError::Protocol(what));
    }
    Ok(len)
}

/// Checks that `buf` starts with a whole command frame: its length in bytes,
/// or `None` if more is needed.
fn check(buf: &[u8]) -> Result<Option<usize>, RespError> {
    if buf.first() != Some(&b'*') {
        return Ok(line_end(buf, 0)?.map(|end| end + 2));
    }
    let Some(end) = line_end(buf, 1)? else {
        return Ok(None);
    };
    let args = length(&buf[1..end], MAX_ARGS, "invalid multibulk length")?;
    let mut at = end + 2;
    for _ in 0..args {
        match buf.get(at) {
            None => return Ok(None),
            Some(b'$') => {}
            Some(_) => return Err(RespError::Protocol("expected '$'")),
        }
        let Some(end) = line_end(buf, at + 1)? else {
            return Ok(None);
        };
        let len = length(&buf[at + 1..end], MAX_BULK, "invalid bulk length")?;
        at = end + 2 + len;
        match buf.get(at..at + 2) {
            None => return Ok(None),
            Some(b"\r\n") => at += 2,
            Some(_) => return Err(RespError::Protocol("bulk string not ended by CRLF")),
        }
    }
    Ok(Some(at))
}

/// Parses a frame [`check`] accepted.
fn parse(frame: &[u8]) -> Vec<Vec<u8>> {
    if frame.first() != Some(&b'*') {
        let line = &frame[..frame.len() - 2];
        return line
            .split(|b| b.is_ascii_whitespace())
            .filter(|word| !word.is_empty())
            .map(<[u8]>::to_vec)
            .collect();
    }
    let mut args = Vec::new();
    let mut rest = frame;
    let header = rest.iter().position(|&b| b == b'\r').unwrap_or(0);
    rest = &rest[header + 2..];
    while !rest.is_empty() {
        let header = rest.iter().position(|&b| b == b'\r').unwrap_or(0);
        let len: usize = std::str::from_utf8(&rest[1..header])
            .ok()
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        let body = header + 2;
        args.push(rest[body..body + len].to_vec());
        rest = &rest[body + len + 2..];
    }
    args
}

impl Decoder for RespCodec {
    type Item = Vec<Vec<u8>>;
    type Error = RespError;

    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Self::Item>, RespError> {
        loop {
            let Some(len) = check(buf)? else {
                return Ok(None);
            };
            let args = parse(&buf[..len]);
            buf.advance(len);
            // An empty inline line is skipped, as Redis does.
            if !args.is_empty() {
                return Ok(Some(args));
            }
        }
    }
}

impl Encoder<Resp> for RespCodec {
    type Error = RespError;

    fn encode(&mut self, reply: Resp, out: &mut BytesMut) -> Result<(), RespError> {
        put(&reply, out);
        Ok(())
    }
}

/// Writes one line: its type byte, its text, CRLF.
fn line(out: &mut BytesMut, kind: u8, text: &[u8]) {
    out.put_u8(kind);
    out.put_slice(text);
    out.put_slice(b"\r\n");
}

fn put(reply: &Resp, out: &mut BytesMut) {
    match reply {
        Resp::Simple(text) => line(out, b'+', text.as_bytes()),
        Resp::Error(text) => {
            // A line break would end the error early.
            let text: Vec<u8> = text
                .bytes()
                .map(|b| if b == b'\r' || b == b'\n' { b' ' } else { b })
                .collect();
            line(out, b'-', &text);
        }
        Resp::Integer(i) => line(out, b':', i.to_string().as_bytes()),
        Resp::Bulk(None) => line(out, b'$', b"-1"),
        Resp::Bulk(Some(bytes)) => {
            line(out, b'$', bytes.len().to_string().as_bytes());
            out.put_slice(bytes);
            out.put_slice(b"\r\n");
        }
        Resp::Array(items) => {
            line(out, b'*', items.len().to_string().as_bytes());
            for item in items {
                put(item, out);
            }
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> Result<Vec<Vec<Vec<u8>>>, RespError> {
        let mut buf = BytesMut::from(bytes);
        let mut out = Vec::new();
        while let Some(args) = RespCodec.decode(&mut buf)? {
            out.push(args);
        }
        Ok(out)
    }

    fn encode(reply: Resp) -> Vec<u8> {
        let mut out = BytesMut::new();
        RespCodec.encode(reply, &mut out).unwrap();
        out.to_vec()
    }

    #[test]
    fn commands_decode_whole_or_not_at_all() {
        let frame = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv\n\r\n";
        for cut in 0..frame.len() {
            assert_eq!(
                decode_all(&frame[..cut]).unwrap(),
                Vec::<Vec<Vec<u8>>>::new(),
                "cut at {cut}"
            );
        }
        assert_eq!(
            decode_all(frame).unwrap(),
            [vec![b"SET".to_vec(), b"k".to_vec(), b"v\n".to_vec()]]
        );
        assert_eq!(
            decode_all(b"PING\r\n\r\nget  k\r\n").unwrap(),
            [vec![b"PING".to_vec()], vec![b"get".to_vec(), b"k".to_vec()]]
        );
    }

    #[test]
    fn malformed_frames_are_errors() {
        for bad in [
            &b"*x\r\n"[..],
            b"*-1\r\n",
            b"*1\r\n:1\r\n",
            b"*1\r\n$-5\r\n",
            b"*1\r\n$1\r\nab\r\n",
            b"*99999999999999999999\r\n",
            b"*1\r\n$99999999\r\n",
        ] {
            assert!(
                decode_all(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        assert!(decode_all(&vec![b'a'; MAX_LINE + 10]).is_err());
    }

    /// 20,000 deterministic pseudo-random inputs of up to 40 bytes, biased
    /// towards RESP's own bytes.
    pub(in crate::kv::server) fn garbage() -> impl Iterator<Item = Vec<u8>> {
        let alphabet = b"*$:+-\r\n0123456789-aZ";
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        (0..20_000).map(move |_| {
            let len = (x % 40) as usize;
            (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    if x.is_multiple_of(4) {
                        x as u8
                    } else {
                        alphabet[(x % alphabet.len() as u64) as usize]
                    }
                })
                .collect()
        })
    }

    #[test]
    fn garbage_never_panics() {
        for bytes in garbage() {
            let _ = decode_all(&bytes);
        }
    }

    #[test]
    fn replies_encode_as_redis_writes_them() {
        assert_eq!(encode(Resp::Simple("OK")), b"+OK\r\n");
        assert_eq!(encode(Resp::Error("ERR x\r\ny".into())), b"-ERR x  y\r\n");
        assert_eq!(encode(Resp::Integer(-3)), b":-3\r\n");
        assert_eq!(encode(Resp::Bulk(None)), b"$-1\r\n");
        assert_eq!(encode(Resp::Array(vec![])), b"*0\r\n");
        assert_eq!(
            encode(Resp::Array(vec![
                Resp::Bulk(Some(b"save".to_vec())),
                Resp::Bulk(Some(vec![]))
            ])),
            b"*2\r\n$4\r\nsave\r\n$0\r\n\r\n"
        );
    }
}
