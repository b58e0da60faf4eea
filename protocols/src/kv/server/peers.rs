//! Links between replicas: length-delimited frames over TCP, bound to a
//! peer id by the runtime's handshake, one outbound connection per peer with
//! reconnect and backoff. A message to an unreachable peer is dropped.
//!
//! The links are not authenticated (no TLS yet): run replicas on a network
//! you trust, or loopback.

use std::net::SocketAddr;
use std::time::Duration;

use anguard::net::frame::{Frame, Hello};
use anguard::net::handshake;
use anguard::net::tls::PeerIdentity;
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_util::bytes::Bytes;
use tokio_util::codec::{Framed, LengthDelimitedCodec};

/// The largest frame between replicas.
pub const MAX_FRAME: usize = 4 << 20;

const HANDSHAKE: Duration = Duration::from_secs(2);
const BACKOFF_MIN: Duration = Duration::from_millis(20);
const BACKOFF_MAX: Duration = Duration::from_millis(500);

fn framed(stream: TcpStream) -> Framed<TcpStream, LengthDelimitedCodec> {
    let _ = stream.set_nodelay(true);
    let codec = LengthDelimitedCodec::builder()
        .length_field_length(4)
        .max_frame_length(MAX_FRAME)
        .new_codec();
    Framed::new(stream, codec)
}

/// Accepts peers' connections; hands each message, with its sender, to `inbox`.
pub async fn accept(listener: TcpListener, hello: Hello, inbox: mpsc::Sender<(u32, Bytes)>) {
    loop {
        let Ok((stream, addr)) = listener.accept().await else {
            tokio::time::sleep(BACKOFF_MIN).await;
            continue;
        };
        let inbox = inbox.clone();
        tokio::spawn(async move {
            let mut conn = framed(stream);
            let peer = match handshake::accept(
                &mut conn,
                &hello,
                &PeerIdentity::Unauthenticated,
                HANDSHAKE,
            )
            .await
            {
                Ok(peer) => peer,
                Err(error) => {
                    tracing::warn!(%addr, %error, "peer handshake failed");
                    return;
                }
            };
            while let Some(Ok(bytes)) = conn.next().await {
                match Frame::parse(bytes.freeze()) {
                    Ok(Frame::Message { sender, payload }) if sender == peer => {
                        if inbox.send((peer, payload)).await.is_err() {
                            return;
                        }
                    }
                    Ok(Frame::Ping) => {}
                    Ok(_) | Err(_) => {
                        tracing::warn!(peer, "malformed frame from peer: closing");
                        return;
                    }
                }
            }
        });
    }
}

/// Keeps a connection to `peer` at `addr` and sends it what comes on `outbox`.
pub async fn dial(addr: SocketAddr, peer: u32, hello: Hello, mut outbox: mpsc::Receiver<Bytes>) {
    let mut backoff = BACKOFF_MIN;
    loop {
        let conn = async {
            let stream = tokio::time::timeout(HANDSHAKE, TcpStream::connect(addr))
                .await
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
            let mut conn = framed(stream);
            handshake::dial(
                &mut conn,
                &hello,
                &PeerIdentity::Unauthenticated,
                peer,
                HANDSHAKE,
            )
            .await
            .map_err(std::io::Error::other)?;
            Ok::<_, std::io::Error>(conn)
        };
        match conn.await {
            Ok(mut conn) => {
                backoff = BACKOFF_MIN;
                while let Some(payload) = outbox.recv().await {
                    let frame = Frame::Message {
                        sender: hello.sender,
                        payload,
                    };
                    if conn.feed(frame.to_bytes()).await.is_err() {
                        break;
                    }
                    // Everything queued goes out in one write.
                    while let Ok(payload) = outbox.try_recv() {
                        let frame = Frame::Message {
                            sender: hello.sender,
                            payload,
                        };
                        if conn.feed(frame.to_bytes()).await.is_err() {
                            break;
                        }
                    }
                    if SinkExt::<Bytes>::flush(&mut conn).await.is_err() {
                        break;
                    }
                }
                if outbox.is_closed() {
                    return;
                }
            }
            Err(error) => {
                tracing::debug!(peer, %addr, %error, "cannot reach peer");
                // What was queued for it meanwhile is lost (an omission).
                while outbox.try_recv().is_ok() {}
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(BACKOFF_MAX);
            }
        }
    }
}
