//! Links between replicas: length-delimited frames over TCP, secured with
//! the runtime's mutual TLS when the replica has a certificate, bound to a
//! peer id by the runtime's handshake, one outbound connection per peer with
//! reconnect and backoff. A message to an unreachable peer is dropped.
//!
//! Without TLS the links are not authenticated: anyone who reaches a
//! replica's peer port can speak as any replica. With it, a peer must hold a
//! certificate of the cluster's CA naming the id it claims.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anguard::net::frame::{Frame, Hello};
use anguard::net::handshake::{self, HandshakeError};
use anguard::net::tls::Tls;
use anguard::net::{LoggedKinds, Stream, secure_accepted, secure_dialled};
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

type Link = Framed<Box<dyn Stream>, LengthDelimitedCodec>;

fn framed(stream: Box<dyn Stream>) -> Link {
    let codec = LengthDelimitedCodec::builder()
        .length_field_length(4)
        .max_frame_length(MAX_FRAME)
        .new_codec();
    Framed::new(stream, codec)
}

/// Accepts peers' connections; hands each message, with its sender, to `inbox`.
/// With `tls`, only peers holding a certificate of its CA are heard.
pub async fn accept(
    listener: TcpListener,
    hello: Hello,
    tls: Option<Tls>,
    inbox: mpsc::Sender<(u32, Bytes)>,
) {
    // Refusals of a kind already logged at warning level go to debug.
    let logged: Arc<LoggedKinds> = Arc::default();
    loop {
        let Ok((stream, addr)) = listener.accept().await else {
            tokio::time::sleep(BACKOFF_MIN).await;
            continue;
        };
        let (inbox, tls, logged) = (inbox.clone(), tls.clone(), logged.clone());
        tokio::spawn(async move {
            let accepted = async {
                let (stream, identity) = secure_accepted(tls.as_ref(), stream, HANDSHAKE).await?;
                let mut conn = framed(stream);
                let peer = handshake::accept(&mut conn, &hello, &identity, HANDSHAKE).await?;
                Ok::<_, HandshakeError>((conn, peer))
            };
            let (mut conn, peer) = match accepted.await {
                Ok(accepted) => accepted,
                Err(error) => {
                    let kind = error.kind();
                    if logged.first(kind) {
                        tracing::warn!(%addr, %error, "inbound peer connection refused ({kind}; further refusals of this kind are logged at debug level)");
                    } else {
                        tracing::debug!(%addr, %error, "inbound peer connection refused");
                    }
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

/// Why a link to a peer could not be made.
#[derive(Debug, thiserror::Error)]
enum LinkError {
    #[error("cannot connect: {0}")]
    Connect(std::io::Error),
    #[error(transparent)]
    Handshake(#[from] HandshakeError),
}

/// Keeps a connection to `peer` at `addr` and sends it what comes on
/// `outbox`; with `tls`, only to a peer holding the certificate of `peer`
/// from its CA.
pub async fn dial(
    addr: SocketAddr,
    peer: u32,
    hello: Hello,
    tls: Option<Tls>,
    mut outbox: mpsc::Receiver<Bytes>,
) {
    let mut backoff = BACKOFF_MIN;
    let mut refusal_logged = false;
    loop {
        let conn = async {
            let stream = tokio::time::timeout(HANDSHAKE, TcpStream::connect(addr))
                .await
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))
                .and_then(|connected| connected)
                .map_err(LinkError::Connect)?;
            let (stream, identity) = secure_dialled(tls.as_ref(), stream, peer, HANDSHAKE).await?;
            let mut conn = framed(stream);
            handshake::dial(&mut conn, &hello, &identity, peer, HANDSHAKE).await?;
            Ok::<_, LinkError>(conn)
        };
        match conn.await {
            Ok(mut conn) => {
                backoff = BACKOFF_MIN;
                refusal_logged = false;
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
                continue;
            }
            Err(error @ LinkError::Handshake(_)) if !refusal_logged => {
                tracing::warn!(peer, %addr, %error, "peer refused; retrying");
                refusal_logged = true;
            }
            Err(error) => {
                tracing::debug!(peer, %addr, %error, "cannot reach peer");
            }
        }
        // What was queued for it meanwhile is lost (an omission).
        while outbox.try_recv().is_ok() {}
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}
