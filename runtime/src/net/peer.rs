//! The outbound side: one task per peer dials it, secures the connection
//! (TLS, when configured), binds it with the handshake, and writes the
//! messages queued for it. While the peer is unreachable it retries with
//! exponential backoff and drops what is queued (an omission): the queue is
//! bounded and never waits on a dead peer.

use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep, timeout};
use tokio_util::bytes::Bytes;

use super::counters::Counters;
use super::frame::Frame;
use super::handshake;
use super::shared::Shared;
use super::transport::{self, Conn};

/// Why a connection to a peer ended or could not be made.
#[derive(Debug, thiserror::Error)]
enum LinkDown {
    #[error("connect failed: {0}")]
    Connect(std::io::Error),
    #[error("connect timed out")]
    ConnectTimeout,
    #[error(transparent)]
    Handshake(#[from] handshake::HandshakeError),
    #[error("write failed: {0}")]
    Write(std::io::Error),
    #[error("write timed out")]
    WriteTimeout,
    #[error("peer closed the connection")]
    Closed,
    #[error("peer sent data on our outbound connection")]
    Unexpected,
}

/// Dials `peer` until shutdown, forwarding `outbox` while connected.
pub(crate) async fn dial_loop(shared: Arc<Shared>, peer: u32, mut outbox: mpsc::Receiver<Bytes>) {
    let config = &shared.config;
    let addr = config.peers[peer as usize];
    let mut backoff = config.backoff_min;
    let mut reported_down = false;
    loop {
        let attempt = tokio::select! {
            _ = shared.shutdown.cancelled() => return,
            r = connect(&shared, peer) => r,
        };
        match attempt {
            Ok(mut conn) => {
                tracing::info!(me = config.id, peer, %addr, "connected");
                shared.link_up();
                backoff = config.backoff_min;
                reported_down = false;
                let why = forward(&shared, &mut conn, &mut outbox).await;
                if shared.shutdown.is_cancelled() {
                    return;
                }
                tracing::info!(me = config.id, peer, error = %why, "connection lost");
            }
            Err(error) => {
                if let LinkDown::Handshake(_) = error {
                    Counters::bump(&shared.counters.rejected);
                }
                if !reported_down {
                    tracing::warn!(me = config.id, peer, %addr, %error, "peer unreachable; retrying");
                    reported_down = true;
                }
            }
        }
        // Back off, dropping what is sent to the peer meanwhile.
        let wake = Instant::now() + backoff;
        loop {
            tokio::select! {
                _ = shared.shutdown.cancelled() => return,
                _ = tokio::time::sleep_until(wake) => break,
                msg = outbox.recv() => match msg {
                    Some(_) => Counters::bump(&shared.counters.dropped),
                    None => return,
                },
            }
        }
        backoff = (backoff * 2).min(config.backoff_max);
    }
}

async fn connect(shared: &Shared, peer: u32) -> Result<Conn, LinkDown> {
    let config = &shared.config;
    let addr = config.peers[peer as usize];
    let tcp = timeout(config.handshake_timeout, TcpStream::connect(addr))
        .await
        .map_err(|_| LinkDown::ConnectTimeout)?
        .map_err(LinkDown::Connect)?;
    let (mut conn, identity) = transport::dialled(shared, tcp, peer).await?;
    handshake::dial(
        &mut conn,
        &shared.hello,
        &identity,
        peer,
        config.handshake_timeout,
    )
    .await?;
    Ok(conn)
}

/// Writes queued messages until the connection fails or the node stops,
/// batching what is queued into one flush. Pings when idle so the peer does
/// not time the connection out.
async fn forward(shared: &Shared, conn: &mut Conn, outbox: &mut mpsc::Receiver<Bytes>) -> LinkDown {
    const BATCH: usize = 64;
    let config = &shared.config;
    let ping_every: Duration = config.idle_timeout / 3;
    loop {
        let first = tokio::select! {
            _ = shared.shutdown.cancelled() => return LinkDown::Closed,
            msg = outbox.recv() => match msg {
                Some(payload) => Some(payload),
                None => return LinkDown::Closed,
            },
            _ = sleep(ping_every) => None,
            incoming = conn.next() => return match incoming {
                None | Some(Err(_)) => LinkDown::Closed,
                Some(Ok(_)) => LinkDown::Unexpected,
            },
        };
        let write = async {
            let (mut count, mut bytes) = (0u64, 0u64);
            match first {
                None => conn.feed(Frame::Ping.to_bytes()).await?,
                Some(payload) => {
                    let mut next = Some(payload);
                    while let Some(payload) = next.take() {
                        bytes += payload.len() as u64;
                        let frame = Frame::Message {
                            sender: config.id,
                            payload,
                        };
                        conn.feed(frame.to_bytes()).await?;
                        count += 1;
                        if count < BATCH as u64 {
                            next = outbox.try_recv().ok();
                        }
                    }
                }
            }
            SinkExt::<Bytes>::flush(conn).await.map(|()| (count, bytes))
        };
        match timeout(config.handshake_timeout, write).await {
            Err(_) => return LinkDown::WriteTimeout,
            Ok(Err(e)) => return LinkDown::Write(e),
            Ok(Ok((count, bytes))) => {
                let c = &shared.counters;
                c.sent.fetch_add(count, Relaxed);
                c.sent_bytes.fetch_add(bytes, Relaxed);
            }
        }
    }
}
