//! Client connections: RESP2 commands in, replies out in the order the
//! commands came (pipelining), each replicated command answered once the
//! store applied it: by this replica if it leads, else by the leader it
//! forwards the command to (or, in `-MOVED` mode, not at all).
//!
//! A connection is three stages joined by queues, each in command order:
//! the reader submits commands to the local store (or, if another replica
//! is known to lead, marks them for it); the resolver waits for the local
//! store's answers and starts forwarding those it does not lead for; the
//! writer waits for each reply and writes it. So commands are forwarded in
//! the order they came, pipelined, and replies go out in that order too.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{FutureExt, SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio_util::codec::{FramedRead, FramedWrite};

use super::commands::{Action, action, answer, frame};
use super::forward::{Forwarder, Forwarding};
use super::resp::{Resp, RespCodec};
use crate::kv::{Command, Reply, Request};

/// How long a client waits for a replicated command before it is told to
/// try again (the command may or may not have taken effect).
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(5);

/// Replies a connection may owe at once, per stage; it stops reading beyond
/// that.
const MAX_OWED: usize = 4096;

/// A client's request, for the replica's driver, with where its reply goes.
#[derive(Debug)]
pub struct ClientRequest {
    /// The request.
    pub request: Request,
    /// Where the reply goes.
    pub reply: oneshot::Sender<Reply>,
}

/// What the clients of one replica share.
#[derive(Debug, Clone)]
pub struct Sessions {
    /// Where requests for the local store go.
    pub requests: mpsc::Sender<ClientRequest>,
    /// Every replica's client address, for `-MOVED`.
    pub clients: Arc<[SocketAddr]>,
    /// How commands reach the leader; `None` answers `-MOVED` instead.
    pub forwarder: Option<Arc<Forwarder>>,
}

/// The error telling a client that a command may or may not have taken
/// effect, and why.
pub(super) fn try_again(why: &str) -> Resp {
    Resp::Error(format!(
        "TRYAGAIN {why}: the command may or may not have taken effect"
    ))
}

/// A reply a connection owes, as the reader leaves it.
enum Owed {
    Ready(Resp),
    /// Submitted to the local store; the command is kept, with the
    /// forwarder, if it is to be forwarded should the store not lead.
    Local(oneshot::Receiver<Reply>, Option<(Arc<Forwarder>, Command)>),
    /// For the replica taken to lead.
    Forward(Arc<Forwarder>, Command, u32),
}

/// A reply a connection owes, as the resolver leaves it.
enum Resolved {
    Ready(Resp),
    Forwarded(Forwarding),
}

/// Accepts clients; each connection's requests go to the local store or
/// the leader.
pub async fn accept(listener: TcpListener, sessions: Sessions) {
    let mut next_client: u64 = 0;
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        next_client += 1;
        tokio::spawn(serve(stream, next_client, sessions.clone()));
    }
}

/// Serves one connection.
async fn serve(stream: TcpStream, client: u64, sessions: Sessions) {
    let _ = stream.set_nodelay(true);
    let (read, write) = stream.into_split();
    let mut reader = FramedRead::new(read, RespCodec);
    let mut writer = FramedWrite::new(write, RespCodec);
    let (owed_tx, mut owed) = mpsc::channel::<Owed>(MAX_OWED);
    let (resolved_tx, mut resolved) = mpsc::channel::<Resolved>(MAX_OWED);
    let Sessions {
        requests,
        clients,
        forwarder,
    } = sessions;
    let read_side = async move {
        let mut seq: u64 = 0;
        let mut no_forward = false;
        while let Some(frame) = reader.next().await {
            let next = match frame {
                Ok(args) => action(args),
                Err(error) => {
                    // As Redis: answer the protocol error, then close.
                    let _ = owed_tx
                        .send(Owed::Ready(Resp::Error(format!("ERR {error}"))))
                        .await;
                    return;
                }
            };
            let next = match next {
                Action::Answer(resp) => Owed::Ready(resp),
                Action::Quit => {
                    let _ = owed_tx.send(Owed::Ready(Resp::Simple("OK"))).await;
                    return;
                }
                Action::NoForward(on) => {
                    no_forward = on;
                    Owed::Ready(Resp::Simple("OK"))
                }
                Action::Replicate(command) => {
                    let forwarder = forwarder.clone().filter(|_| !no_forward);
                    let leader = forwarder.as_ref().and_then(|f| f.leader());
                    match (forwarder, leader) {
                        (Some(forwarder), Some(leader)) => {
                            Owed::Forward(forwarder, command, leader)
                        }
                        (forwarder, _) => {
                            seq += 1;
                            let kept = forwarder.map(|f| (f, command.clone()));
                            let (reply, waiting) = oneshot::channel();
                            let request = Request {
                                client,
                                seq,
                                command,
                            };
                            if requests
                                .send(ClientRequest { request, reply })
                                .await
                                .is_err()
                            {
                                return;
                            }
                            Owed::Local(waiting, kept)
                        }
                    }
                }
            };
            if owed_tx.send(next).await.is_err() {
                return;
            }
        }
    };
    let resolve_side = async move {
        while let Some(next) = owed.recv().await {
            let next = match next {
                Owed::Ready(resp) => Resolved::Ready(resp),
                Owed::Forward(forwarder, command, leader) => {
                    Resolved::Forwarded(forwarder.forward(frame(&command), Some(leader)).await)
                }
                Owed::Local(waiting, kept) => {
                    match tokio::time::timeout(REPLY_TIMEOUT, waiting).await {
                        Ok(Ok(Reply::Moved(leader))) if let Some((forwarder, command)) = kept => {
                            forwarder.learn(leader);
                            Resolved::Forwarded(forwarder.forward(frame(&command), leader).await)
                        }
                        Ok(Ok(reply)) => Resolved::Ready(answer(reply, &clients)),
                        _ => Resolved::Ready(try_again("no reply in time")),
                    }
                }
            };
            if resolved_tx.send(next).await.is_err() {
                return;
            }
        }
    };
    let write_side = async move {
        while let Some(next) = resolved.recv().await {
            let resp = match next {
                Resolved::Ready(resp) => resp,
                Resolved::Forwarded(forwarding) => {
                    let mut reply = std::pin::pin!(forwarding.reply());
                    match reply.as_mut().now_or_never() {
                        Some(resp) => resp,
                        // Replies fed so far go out while this one is awaited.
                        None if writer.flush().await.is_err() => return,
                        None => reply.await,
                    }
                }
            };
            if writer.feed(resp).await.is_err() {
                return;
            }
            if resolved.is_empty() && writer.flush().await.is_err() {
                return;
            }
        }
        let _ = writer.flush().await;
    };
    // Each stage ends once the one before it has and it has passed on all
    // it was given, so that every reply owed is written.
    tokio::join!(read_side, resolve_side, write_side);
}
