//! The inbound side: accepts connections (at most `max_inbound` at once),
//! secures each (TLS, when configured) and binds it to a peer with the
//! handshake, then checks and parses every frame before handing its payload
//! to the node. A bad frame, a frame from another sender, or silence longer
//! than `idle_timeout` closes the connection; nothing that arrives can panic
//! the node or grow its memory without bound. Each rejection is counted, and
//! the first of each kind logged at warning level.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tokio::time::timeout;
use tokio_util::bytes::Bytes;

use super::counters::Counters;
use super::frame::Frame;
use super::handshake;
use super::shared::Shared;
use super::transport;

/// A received message: the sender and the payload.
pub(crate) type Inbound = (u32, Bytes);

/// Accepts connections until shutdown.
pub(crate) async fn accept_loop(
    shared: Arc<Shared>,
    listener: TcpListener,
    inbox: mpsc::Sender<Inbound>,
) {
    let permits = Arc::new(Semaphore::new(shared.config.max_inbound));
    let mut over_limit_logged = false;
    loop {
        let accepted = tokio::select! {
            _ = shared.shutdown.cancelled() => return,
            r = listener.accept() => r,
        };
        match accepted {
            Ok((stream, addr)) => match permits.clone().try_acquire_owned() {
                Ok(permit) => {
                    over_limit_logged = false;
                    tokio::spawn(serve(shared.clone(), stream, addr, inbox.clone(), permit));
                }
                Err(_) => {
                    Counters::bump(&shared.counters.rejected);
                    if !over_limit_logged {
                        tracing::warn!(me = shared.config.id, %addr, "too many inbound connections; refusing");
                        over_limit_logged = true;
                    }
                }
            },
            Err(error) => {
                // Out of file descriptors, typically: wait a little.
                tracing::warn!(me = shared.config.id, %error, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Why an inbound connection was closed.
#[derive(Debug, thiserror::Error)]
enum Closed {
    #[error("handshake failed: {0}")]
    Handshake(#[from] handshake::HandshakeError),
    #[error("bad frame: {0}")]
    Frame(String),
    #[error("frame claims sender {claimed} on a connection bound to {bound}")]
    Impostor { claimed: u32, bound: u32 },
    #[error("a second hello")]
    Hello,
    #[error("idle for {0:?}")]
    Idle(Duration),
    #[error("closed by the peer")]
    Eof,
    #[error("node stopped")]
    Shutdown,
}

impl Closed {
    /// Whether the peer broke the rules (counted as rejected).
    fn is_violation(&self) -> bool {
        matches!(
            self,
            Closed::Handshake(_) | Closed::Frame(_) | Closed::Impostor { .. } | Closed::Hello
        )
    }

    /// A short name of the kind of violation, for logs.
    fn kind(&self) -> &'static str {
        match self {
            Closed::Handshake(e) => e.kind(),
            Closed::Frame(_) => "bad frame",
            Closed::Impostor { .. } => "frame of another sender",
            Closed::Hello => "second hello",
            Closed::Idle(_) | Closed::Eof | Closed::Shutdown => "closed",
        }
    }
}

async fn serve(
    shared: Arc<Shared>,
    stream: TcpStream,
    addr: SocketAddr,
    inbox: mpsc::Sender<Inbound>,
    _permit: OwnedSemaphorePermit,
) {
    let me = shared.config.id;
    let why = read_frames(&shared, stream, &inbox).await;
    if why.is_violation() {
        Counters::bump(&shared.counters.rejected);
        let kind = why.kind();
        if shared.first_of_kind(kind) {
            tracing::warn!(
                me,
                %addr,
                error = %why,
                "inbound connection rejected ({kind}; further rejections of this kind are counted and logged at debug level)"
            );
        } else {
            tracing::debug!(me, %addr, error = %why, "inbound connection rejected ({kind})");
        }
    } else {
        tracing::debug!(me, %addr, reason = %why, "inbound connection closed");
    }
}

async fn read_frames(shared: &Shared, stream: TcpStream, inbox: &mpsc::Sender<Inbound>) -> Closed {
    let config = &shared.config;
    let handshake = async {
        let (mut conn, identity) = transport::accepted(shared, stream).await?;
        let peer = handshake::accept(
            &mut conn,
            &shared.hello,
            &identity,
            config.handshake_timeout,
        )
        .await?;
        Ok::<_, handshake::HandshakeError>((conn, peer))
    };
    let accepted = tokio::select! {
        _ = shared.shutdown.cancelled() => return Closed::Shutdown,
        r = handshake => r,
    };
    let (mut conn, peer) = match accepted {
        Ok(accepted) => accepted,
        Err(e) => return e.into(),
    };
    loop {
        let next = tokio::select! {
            _ = shared.shutdown.cancelled() => return Closed::Shutdown,
            r = timeout(config.idle_timeout, conn.next()) => r,
        };
        let bytes = match next {
            Err(_) => return Closed::Idle(config.idle_timeout),
            Ok(None) => return Closed::Eof,
            Ok(Some(Err(e))) => return Closed::Frame(e.to_string()),
            Ok(Some(Ok(bytes))) => bytes.freeze(),
        };
        match Frame::parse(bytes) {
            Ok(Frame::Message { sender, payload }) if sender == peer => {
                match inbox.try_send((peer, payload)) {
                    Ok(()) => {}
                    Err(mpsc::error::TrySendError::Full(_)) => {
                        Counters::bump(&shared.counters.dropped)
                    }
                    Err(mpsc::error::TrySendError::Closed(_)) => return Closed::Shutdown,
                }
            }
            Ok(Frame::Message { sender, .. }) => {
                return Closed::Impostor {
                    claimed: sender,
                    bound: peer,
                };
            }
            Ok(Frame::Ping) => {}
            Ok(Frame::Hello(_)) => return Closed::Hello,
            Err(e) => return Closed::Frame(e.to_string()),
        }
    }
}
