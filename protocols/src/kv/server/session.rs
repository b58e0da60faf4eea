//! Client connections: RESP2 commands in, replies out in the order the
//! commands came (pipelining), each replicated command answered once the
//! store applied it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio_util::codec::{FramedRead, FramedWrite};

use super::commands::{Action, action, answer};
use super::resp::{Resp, RespCodec};
use crate::kv::{Reply, Request};

/// How long a client waits for a replicated command before it is told to
/// try again (the command may or may not have taken effect).
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(5);

/// Replies a connection may owe at once; it stops reading beyond that.
const MAX_OWED: usize = 4096;

/// A client's request, for the replica's driver, with where its reply goes.
#[derive(Debug)]
pub struct ClientRequest {
    /// The request.
    pub request: Request,
    /// Where the reply goes.
    pub reply: oneshot::Sender<Reply>,
}

/// A reply a connection owes: known, or to come from the store.
enum Owed {
    Ready(Resp),
    Waiting(oneshot::Receiver<Reply>),
}

/// Accepts clients; each connection's requests go to `requests`.
pub async fn accept(
    listener: TcpListener,
    requests: mpsc::Sender<ClientRequest>,
    clients: Arc<[SocketAddr]>,
) {
    let mut next_client: u64 = 0;
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        next_client += 1;
        tokio::spawn(serve(
            stream,
            next_client,
            requests.clone(),
            clients.clone(),
        ));
    }
}

/// Serves one connection.
async fn serve(
    stream: TcpStream,
    client: u64,
    requests: mpsc::Sender<ClientRequest>,
    clients: Arc<[SocketAddr]>,
) {
    let _ = stream.set_nodelay(true);
    let (read, write) = stream.into_split();
    let mut reader = FramedRead::new(read, RespCodec);
    let mut writer = FramedWrite::new(write, RespCodec);
    let (owed_tx, mut owed) = mpsc::channel::<Owed>(MAX_OWED);
    let read_side = async move {
        let mut seq: u64 = 0;
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
            let owed = match next {
                Action::Answer(resp) => Owed::Ready(resp),
                Action::Quit => {
                    let _ = owed_tx.send(Owed::Ready(Resp::Simple("OK"))).await;
                    return;
                }
                Action::Replicate(command) => {
                    seq += 1;
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
                    Owed::Waiting(waiting)
                }
            };
            if owed_tx.send(owed).await.is_err() {
                return;
            }
        }
    };
    let write_side = async move {
        while let Some(next) = owed.recv().await {
            let resp = match next {
                Owed::Ready(resp) => resp,
                Owed::Waiting(waiting) => match tokio::time::timeout(REPLY_TIMEOUT, waiting).await {
                    Ok(Ok(reply)) => answer(reply, &clients),
                    _ => Resp::Error(
                        "TRYAGAIN no reply in time: the command may or may not have taken effect"
                            .into(),
                    ),
                },
            };
            if writer.feed(resp).await.is_err() {
                return;
            }
            if owed.is_empty() && writer.flush().await.is_err() {
                return;
            }
        }
        let _ = writer.flush().await;
    };
    tokio::join!(read_side, write_side);
}
