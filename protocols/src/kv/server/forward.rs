//! Forwarding: a replica that does not lead sends its clients' commands to
//! the leader's client port and relays the replies, so that a client may
//! talk to any replica.
//!
//! Each replica keeps one link per replica (itself included), a RESP
//! connection opened on first use in `CLIENT NO-FORWARD ON` mode: the
//! replica at the other end answers a command itself or says `-MOVED`,
//! never forwards it again. Commands are pipelined on a link and their
//! replies matched in order.
//!
//! A command that the other end answers `-MOVED` or `-CLUSTERDOWN`, or that
//! could not be sent, had no effect: it is sent again, to the leader named,
//! or, while no leader is known, to this replica's own store after a pause
//! (a heartbeat), until a bounded wait ([`REPLY_TIMEOUT`]) runs out and the
//! client is told `-CLUSTERDOWN`. A command whose link failed after it was
//! sent may or may not have taken effect: it is never sent again, the
//! client is told `-TRYAGAIN`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::time::{Instant, sleep, timeout};
use tokio_util::bytes::{Bytes, BytesMut};
use tokio_util::codec::FramedRead;

use super::reply::{self, ReplyCodec};
use super::resp::Resp;
use super::session::{REPLY_TIMEOUT, try_again};

/// The replica a link sends to knows no leader if it is not this one.
const UNKNOWN: u32 = u32::MAX;
/// Commands waiting to be written on one link, at most.
const LINK_QUEUE: usize = 4096;
/// Commands written in one go, at most.
const BATCH: usize = 256;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// What became of a command given to a link.
#[derive(Debug)]
enum Outcome {
    /// The other end answered this.
    Reply(Resp),
    /// It could not be sent: it had no effect.
    NotSent,
    /// The link failed after it was sent: it may or may not have taken effect.
    Lost,
}

struct Job {
    frame: Bytes,
    outcome: oneshot::Sender<Outcome>,
}

/// A replica's links to every replica's client port, and whom it takes to
/// lead.
#[derive(Debug)]
pub struct Forwarder {
    me: u32,
    clients: Arc<[SocketAddr]>,
    links: Vec<mpsc::Sender<Job>>,
    leader: AtomicU32,
    pause: Duration,
}

impl Forwarder {
    /// Replica `me`'s forwarder, among replicas serving clients at
    /// `clients`; while no leader is known it tries again every `pause`.
    /// Spawns one task per link on the current runtime.
    pub fn spawn(me: u32, clients: Arc<[SocketAddr]>, pause: Duration) -> Arc<Forwarder> {
        let links = clients
            .iter()
            .map(|&addr| {
                let (tx, rx) = mpsc::channel(LINK_QUEUE);
                tokio::spawn(link(addr, rx));
                tx
            })
            .collect();
        Arc::new(Forwarder {
            me,
            clients,
            links,
            leader: AtomicU32::new(UNKNOWN),
            pause,
        })
    }

    /// The other replica taken to lead, if any.
    pub fn leader(&self) -> Option<u32> {
        let leader = self.leader.load(Ordering::Relaxed);
        (leader != UNKNOWN && leader != self.me).then_some(leader)
    }

    /// Takes `leader` to lead (or nobody known).
    pub fn learn(&self, leader: Option<u32>) {
        self.leader
            .store(leader.unwrap_or(UNKNOWN), Ordering::Relaxed);
    }

    /// Starts forwarding the command `frame` to `to` (or, if `None`, to
    /// this replica's own store after a pause). Forwardings started in
    /// turn are written in turn.
    pub async fn forward(self: &Arc<Self>, frame: Bytes, to: Option<u32>) -> Forwarding {
        let sent = match to {
            Some(to) => self.send(&frame, to).await,
            None => None,
        };
        Forwarding {
            forwarder: self.clone(),
            frame,
            sent,
            deadline: Instant::now() + REPLY_TIMEOUT,
        }
    }

    async fn send(&self, frame: &Bytes, to: u32) -> Option<oneshot::Receiver<Outcome>> {
        let (outcome, rx) = oneshot::channel();
        let job = Job {
            frame: frame.clone(),
            outcome,
        };
        self.links.get(to as usize)?.send(job).await.ok()?;
        Some(rx)
    }

    /// The replica whose client address a `-MOVED` names.
    fn named(&self, moved: &str) -> Option<u32> {
        let addr: SocketAddr = moved.strip_prefix("MOVED 0 ")?.parse().ok()?;
        let id = self.clients.iter().position(|&c| c == addr)?;
        u32::try_from(id).ok()
    }
}

/// A command on its way to the leader.
#[derive(Debug)]
pub struct Forwarding {
    forwarder: Arc<Forwarder>,
    frame: Bytes,
    sent: Option<oneshot::Receiver<Outcome>>,
    deadline: Instant,
}

impl Forwarding {
    /// The reply to relay to the client.
    pub async fn reply(mut self) -> Resp {
        let forwarder = self.forwarder.clone();
        let mut hops = 0;
        loop {
            // Where to send it next, and whether to wait first.
            let (to, pause) = match self.sent.take() {
                None => (forwarder.me, true),
                Some(sent) => match timeout(REPLY_TIMEOUT + Duration::from_secs(1), sent).await {
                    Ok(Ok(Outcome::Reply(Resp::Error(error)))) if error.starts_with("MOVED ") => {
                        let named = forwarder.named(&error);
                        forwarder.learn(named);
                        hops += 1;
                        (named.unwrap_or(forwarder.me), hops > forwarder.links.len())
                    }
                    Ok(Ok(Outcome::Reply(Resp::Error(error))))
                        if error.starts_with("CLUSTERDOWN") =>
                    {
                        forwarder.learn(None);
                        (forwarder.me, true)
                    }
                    Ok(Ok(Outcome::Reply(reply))) => return reply,
                    Ok(Ok(Outcome::NotSent)) => {
                        forwarder.learn(None);
                        (forwarder.me, true)
                    }
                    Ok(Ok(Outcome::Lost) | Err(_)) | Err(_) => {
                        return try_again("the link to the leader failed");
                    }
                },
            };
            if pause {
                if Instant::now() + forwarder.pause > self.deadline {
                    return Resp::Error(format!(
                        "CLUSTERDOWN no leader within {} s: try again",
                        REPLY_TIMEOUT.as_secs()
                    ));
                }
                sleep(forwarder.pause).await;
            }
            self.sent = forwarder.send(&self.frame, to).await;
            if self.sent.is_none() {
                return try_again("the replica is stopping");
            }
        }
    }
}

/// Sends the jobs that come on `jobs` to the replica serving clients at
/// `addr`, connecting when there is one to send.
async fn link(addr: SocketAddr, mut jobs: mpsc::Receiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let connected = timeout(CONNECT_TIMEOUT, TcpStream::connect(addr)).await;
        match connected {
            Ok(Ok(stream)) => {
                let _ = stream.set_nodelay(true);
                for unanswered in exchange(stream, first, &mut jobs).await {
                    let _ = unanswered.send(Outcome::Lost);
                }
            }
            Ok(Err(_)) | Err(_) => {
                tracing::debug!(%addr, "cannot reach a replica to forward to");
                let _ = first.outcome.send(Outcome::NotSent);
                while let Ok(job) = jobs.try_recv() {
                    let _ = job.outcome.send(Outcome::NotSent);
                }
            }
        }
    }
}

/// Writes jobs on `stream` and relays the replies in order until the
/// connection fails; returns the jobs sent and not answered.
async fn exchange(
    stream: TcpStream,
    first: Job,
    jobs: &mut mpsc::Receiver<Job>,
) -> Vec<oneshot::Sender<Outcome>> {
    let (read, mut write) = stream.into_split();
    let (inflight_tx, mut inflight) = mpsc::unbounded_channel::<oneshot::Sender<Outcome>>();
    let writer = async {
        let mut out = BytesMut::new();
        reply::command(&[b"CLIENT", b"NO-FORWARD", b"ON"], &mut out);
        let mut next = Some(first);
        while let Some(job) = next.take() {
            let mut batch = Some(job);
            let mut count = 0;
            while let Some(job) = batch.take() {
                out.extend_from_slice(&job.frame);
                // Queued before it is written: its reply cannot come first.
                if inflight_tx.send(job.outcome).is_err() {
                    return;
                }
                count += 1;
                if count < BATCH {
                    batch = jobs.try_recv().ok();
                }
            }
            if write.write_all(&out).await.is_err() {
                return;
            }
            out.clear();
            next = jobs.recv().await;
        }
    };
    let reader = async {
        let mut replies = FramedRead::new(read, ReplyCodec);
        match replies.next().await {
            Some(Ok(Resp::Simple("OK"))) => {}
            other => {
                tracing::warn!(
                    ?other,
                    "a replica refused CLIENT NO-FORWARD: not forwarding to it"
                );
                return;
            }
        }
        while let Some(Ok(reply)) = replies.next().await {
            match inflight.try_recv() {
                Ok(outcome) => {
                    let _ = outcome.send(Outcome::Reply(reply));
                }
                Err(_) => {
                    tracing::warn!("a replica answered a command never sent: closing the link");
                    return;
                }
            }
        }
    };
    tokio::select! {
        () = writer => {}
        () = reader => {}
    }
    let mut unanswered = Vec::new();
    while let Ok(outcome) = inflight.try_recv() {
        unanswered.push(outcome);
    }
    unanswered
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;
    use crate::kv::Command;
    use crate::kv::server::commands::frame;

    /// A stand-in replica at a fresh address: it reads whatever comes and
    /// answers `answer` once it has read `after` bytes.
    async fn stand_in(answer: Vec<u8>, after: usize) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut read = vec![0; after];
            if stream.read_exact(&mut read).await.is_ok() {
                let _ = stream.write_all(&answer).await;
            }
            // Keep the connection open until the other side closes it.
            let _ = stream.read(&mut [0; 1]).await;
        });
        addr
    }

    fn no_forward_len() -> usize {
        let mut out = BytesMut::new();
        reply::command(&[b"CLIENT", b"NO-FORWARD", b"ON"], &mut out);
        out.len()
    }

    fn run(test: impl Future<Output = ()>) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(test);
    }

    #[test]
    fn a_moved_reply_is_followed_to_the_leader_named() {
        run(async {
            let incr = frame(&Command::Incr(b"n".to_vec()));
            let sent = no_forward_len() + incr.len();
            let leader = stand_in(b"+OK\r\n:5\r\n".to_vec(), sent).await;
            let moved = format!("+OK\r\n-MOVED 0 {leader}\r\n").into_bytes();
            let stale = stand_in(moved, sent).await;
            let clients: Arc<[SocketAddr]> =
                vec![stale, leader, "127.0.0.1:1".parse().unwrap()].into();
            let forwarder = Forwarder::spawn(2, clients, Duration::from_millis(10));
            let forwarding = forwarder.forward(incr, Some(0)).await;
            assert_eq!(forwarding.reply().await, Resp::Integer(5));
            assert_eq!(
                forwarder.leader(),
                Some(1),
                "the leader named is remembered"
            );
        });
    }

    #[test]
    fn a_malformed_reply_is_a_clear_error() {
        run(async {
            let get = frame(&Command::Get(b"k".to_vec()));
            let sent = no_forward_len() + get.len();
            for garbage in [
                &b"+OK\r\n$99999999999\r\n"[..],
                b"+OK\r\n?\r\n",
                b"-ERR who?\r\n",
            ] {
                let peer = stand_in(garbage.to_vec(), sent).await;
                let clients: Arc<[SocketAddr]> = vec![peer, "127.0.0.1:1".parse().unwrap()].into();
                let forwarder = Forwarder::spawn(1, clients, Duration::from_millis(10));
                let reply = forwarder.forward(get.clone(), Some(0)).await.reply().await;
                assert!(
                    matches!(&reply, Resp::Error(e) if e.starts_with("TRYAGAIN")),
                    "{garbage:?}: {reply:?}"
                );
            }
        });
    }
}
