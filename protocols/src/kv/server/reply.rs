//! The client side of RESP2: commands written as arrays of bulk strings,
//! replies read back. What a replica uses to forward a command to the
//! leader, and the blocking [`Client`](super::client::Client) too.
//!
//! Replies come from the network: one that is malformed, too long or nested
//! too deep is an error, never a panic.
//!
//! ```
//! use anguard_protocols::kv::server::reply::{ReplyCodec, command};
//! use anguard_protocols::kv::server::resp::Resp;
//! use tokio_util::bytes::BytesMut;
//! use tokio_util::codec::Decoder;
//!
//! let mut frame = BytesMut::new();
//! command(&[b"GET", b"k"], &mut frame);
//! assert_eq!(&frame[..], b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
//! let mut buf = BytesMut::from(&b"$1\r\nv\r\n:4\r\n-MOVED 0 127.0.0.1:6381\r\n$5\r\nab"[..]);
//! assert_eq!(ReplyCodec.decode(&mut buf)?, Some(Resp::Bulk(Some(b"v".to_vec()))));
//! assert_eq!(ReplyCodec.decode(&mut buf)?, Some(Resp::Integer(4)));
//! assert_eq!(ReplyCodec.decode(&mut buf)?, Some(Resp::Error("MOVED 0 127.0.0.1:6381".into())));
//! assert_eq!(ReplyCodec.decode(&mut buf)?, None, "the bulk string is not whole yet");
//! # Ok::<(), anguard_protocols::kv::server::resp::RespError>(())
//! ```

use tokio_util::bytes::{Buf, BufMut, BytesMut};
use tokio_util::codec::Decoder;

use super::resp::{MAX_ARGS, MAX_BULK, Resp, RespError, line_end};

/// How deep arrays may nest in a reply.
const MAX_DEPTH: usize = 4;

/// Writes the command `args` (name first) as RESP2 writes it.
pub fn command(args: &[&[u8]], out: &mut BytesMut) {
    out.put_slice(format!("*{}\r\n", args.len()).as_bytes());
    for arg in args {
        out.put_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.put_slice(arg);
        out.put_slice(b"\r\n");
    }
}

/// The [`Decoder`] of replies.
///
/// A status other than `OK` and `PONG` (which a replica never sends) reads
/// as a bulk string, and a null array as the null bulk string.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReplyCodec;

impl Decoder for ReplyCodec {
    type Item = Resp;
    type Error = RespError;

    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Resp>, RespError> {
        let Some((reply, len)) = parse(buf, 0, 0)? else {
            return Ok(None);
        };
        buf.advance(len);
        Ok(Some(reply))
    }
}

fn integer(text: &[u8]) -> Result<i64, RespError> {
    std::str::from_utf8(text)
        .ok()
        .and_then(|t| t.parse().ok())
        .ok_or(RespError::Protocol("invalid integer in reply"))
}

/// A length field: -1 (null) or up to `max`.
fn length(text: &[u8], max: usize) -> Result<Option<usize>, RespError> {
    match integer(text)? {
        -1 => Ok(None),
        len => usize::try_from(len)
            .ok()
            .filter(|&len| len <= max)
            .map(Some)
            .ok_or(RespError::Protocol("invalid length in reply")),
    }
}

/// The reply that starts at `buf[at..]` and where it ends, or `None` if it
/// is not whole yet.
fn parse(buf: &[u8], at: usize, depth: usize) -> Result<Option<(Resp, usize)>, RespError> {
    let Some(&kind) = buf.get(at) else {
        return Ok(None);
    };
    let Some(end) = line_end(buf, at + 1)? else {
        return Ok(None);
    };
    let text = &buf[at + 1..end];
    let next = end + 2;
    let reply = match kind {
        b'+' => match text {
            b"OK" => Resp::Simple("OK"),
            b"PONG" => Resp::Simple("PONG"),
            other => Resp::Bulk(Some(other.to_vec())),
        },
        b'-' => Resp::Error(String::from_utf8_lossy(text).into_owned()),
        b':' => Resp::Integer(integer(text)?),
        b'$' => match length(text, MAX_BULK)? {
            None => Resp::Bulk(None),
            Some(len) => {
                return match buf.get(next..next + len + 2) {
                    None => Ok(None),
                    Some(body) if body.ends_with(b"\r\n") => Ok(Some((
                        Resp::Bulk(Some(body[..len].to_vec())),
                        next + len + 2,
                    ))),
                    Some(_) => Err(RespError::Protocol("bulk string not ended by CRLF")),
                };
            }
        },
        b'*' if depth >= MAX_DEPTH => return Err(RespError::Protocol("reply nested too deep")),
        b'*' => match length(text, MAX_ARGS)? {
            None => Resp::Bulk(None),
            Some(len) => {
                let mut items = Vec::with_capacity(len);
                let mut at = next;
                for _ in 0..len {
                    let Some((item, end)) = parse(buf, at, depth + 1)? else {
                        return Ok(None);
                    };
                    items.push(item);
                    at = end;
                }
                return Ok(Some((Resp::Array(items), at)));
            }
        },
        _ => return Err(RespError::Protocol("unknown reply type")),
    };
    Ok(Some((reply, next)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv::server::resp::RespCodec;
    use crate::kv::server::resp::tests::garbage;
    use tokio_util::codec::Encoder;

    fn decode_all(bytes: &[u8]) -> Result<Vec<Resp>, RespError> {
        let mut buf = BytesMut::from(bytes);
        let mut out = Vec::new();
        while let Some(reply) = ReplyCodec.decode(&mut buf)? {
            out.push(reply);
        }
        Ok(out)
    }

    #[test]
    fn replies_read_back_as_written() {
        let replies = [
            Resp::Simple("OK"),
            Resp::Simple("PONG"),
            Resp::Error("CLUSTERDOWN no leader known: try again".into()),
            Resp::Integer(-7),
            Resp::Bulk(None),
            Resp::Bulk(Some(b"a\r\nb".to_vec())),
            Resp::Array(vec![Resp::Bulk(Some(b"save".to_vec())), Resp::Integer(1)]),
        ];
        let mut wire = BytesMut::new();
        for reply in &replies {
            RespCodec.encode(reply.clone(), &mut wire).unwrap();
        }
        assert_eq!(decode_all(&wire).unwrap(), replies);
        // Cut anywhere, a reply is not read before it is whole.
        for cut in 0..wire.len() {
            let read = decode_all(&wire[..cut]).unwrap();
            assert!(read.len() < replies.len() && read[..] == replies[..read.len()]);
        }
    }

    #[test]
    fn malformed_replies_are_errors() {
        for bad in [
            &b"?x\r\n"[..],
            b":1x\r\n",
            b"$-2\r\n",
            b"$1\r\nab\r\n",
            b"$99999999\r\n",
            b"*99999999\r\n",
            b"*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n",
        ] {
            assert!(
                decode_all(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn garbage_never_panics() {
        for bytes in garbage() {
            let _ = decode_all(&bytes);
        }
    }
}
