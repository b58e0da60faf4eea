//! A small blocking Redis client: for tests, and to find a cluster's leader.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use super::resp::{MAX_BULK, Resp};

/// One connection to a replica (or any Redis server).
#[derive(Debug)]
pub struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

impl Client {
    /// Connects to `addr`; every read waits at most `timeout`.
    pub fn connect(addr: SocketAddr, timeout: Duration) -> io::Result<Client> {
        let stream = TcpStream::connect_timeout(&addr, timeout)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_nodelay(true)?;
        Ok(Client {
            reader: BufReader::new(stream.try_clone()?),
            writer: stream,
        })
    }

    /// Sends one command and reads its reply.
    pub fn command(&mut self, args: &[&[u8]]) -> io::Result<Resp> {
        let mut frame = format!("*{}\r\n", args.len()).into_bytes();
        for arg in args {
            frame.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
            frame.extend_from_slice(arg);
            frame.extend_from_slice(b"\r\n");
        }
        self.writer.write_all(&frame)?;
        self.reply()
    }

    fn line(&mut self) -> io::Result<Vec<u8>> {
        let mut line = Vec::new();
        self.reader.read_until(b'\n', &mut line)?;
        if !line.ends_with(b"\r\n") {
            return Err(invalid("connection closed mid-reply"));
        }
        line.truncate(line.len() - 2);
        Ok(line)
    }

    fn reply(&mut self) -> io::Result<Resp> {
        let line = self.line()?;
        let (kind, rest) = line.split_first().ok_or_else(|| invalid("empty reply"))?;
        let text = String::from_utf8_lossy(rest).into_owned();
        let number = || {
            text.parse::<i64>()
                .map_err(|_| invalid("bad number in reply"))
        };
        Ok(match kind {
            b'+' => match text.as_str() {
                "OK" => Resp::Simple("OK"),
                "PONG" => Resp::Simple("PONG"),
                _ => Resp::Bulk(Some(rest.to_vec())),
            },
            b'-' => Resp::Error(text),
            b':' => Resp::Integer(number()?),
            b'$' => match number()? {
                -1 => Resp::Bulk(None),
                len if (0..=MAX_BULK as i64).contains(&len) => {
                    let mut body = vec![0; len as usize + 2];
                    io::Read::read_exact(&mut self.reader, &mut body)?;
                    body.truncate(len as usize);
                    Resp::Bulk(Some(body))
                }
                _ => return Err(invalid("bad bulk length in reply")),
            },
            b'*' => {
                let len = number()?;
                let items = (0..len.max(0))
                    .map(|_| self.reply())
                    .collect::<io::Result<_>>()?;
                Resp::Array(items)
            }
            _ => return Err(invalid("unknown reply type")),
        })
    }
}

/// The replica of `clients` that leads now: the one that answers a `GET`
/// (the others answer `-MOVED` or `-CLUSTERDOWN`), if any does within
/// `timeout` per try.
pub fn find_leader(clients: &[SocketAddr], timeout: Duration) -> Option<usize> {
    clients.iter().position(|&addr| {
        Client::connect(addr, timeout)
            .and_then(|mut c| c.command(&[b"GET", b"anguard:probe"]))
            .is_ok_and(|reply| matches!(reply, Resp::Bulk(_)))
    })
}
