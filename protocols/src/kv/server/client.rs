//! A small blocking Redis client: for tests, and to find a cluster's leader.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use tokio_util::bytes::BytesMut;
use tokio_util::codec::Decoder;

use super::reply::{ReplyCodec, command};
use super::resp::Resp;

/// One connection to a replica (or any Redis server).
#[derive(Debug)]
pub struct Client {
    stream: TcpStream,
    buf: BytesMut,
}

impl Client {
    /// Connects to `addr`; every read waits at most `timeout`.
    pub fn connect(addr: SocketAddr, timeout: Duration) -> io::Result<Client> {
        let stream = TcpStream::connect_timeout(&addr, timeout)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_nodelay(true)?;
        Ok(Client {
            stream,
            buf: BytesMut::new(),
        })
    }

    /// Sends one command and reads its reply.
    pub fn command(&mut self, args: &[&[u8]]) -> io::Result<Resp> {
        let mut frame = BytesMut::new();
        command(args, &mut frame);
        self.stream.write_all(&frame)?;
        self.reply()
    }

    /// Reads the next reply.
    fn reply(&mut self) -> io::Result<Resp> {
        let mut chunk = [0; 4096];
        loop {
            if let Some(reply) = ReplyCodec
                .decode(&mut self.buf)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?
            {
                return Ok(reply);
            }
            match self.stream.read(&mut chunk)? {
                0 => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "connection closed mid-reply",
                    ));
                }
                len => self.buf.extend_from_slice(&chunk[..len]),
            }
        }
    }
}

/// The replica of `clients` that leads now: the one that answers a `GET`
/// itself, if any does within `timeout` per try. The probe asks each not to
/// forward (`CLIENT NO-FORWARD ON`), so the others answer `-MOVED` or
/// `-CLUSTERDOWN`.
pub fn find_leader(clients: &[SocketAddr], timeout: Duration) -> Option<usize> {
    clients.iter().position(|&addr| {
        Client::connect(addr, timeout)
            .and_then(|mut c| {
                c.command(&[b"CLIENT", b"NO-FORWARD", b"ON"])?;
                c.command(&[b"GET", b"anguard:probe"])
            })
            .is_ok_and(|reply| matches!(reply, Resp::Bulk(_)))
    })
}
