//! The handshake that binds a connection to a peer id.
//!
//! The connecting side sends its [`Hello`]; the accepting side checks it and
//! answers with its own, which the connecting side checks in turn (so a
//! mis-configured address is noticed too). Both must arrive within a timeout.
//! With [TLS](super::tls), the hello travels inside the TLS session, and the
//! id it claims must be the one the peer's certificate names
//! ([`PeerIdentity::admits`]); without, anyone may claim any id.
//!
//! ```
//! use anguard::net::frame::{Hello, VERSION};
//! use anguard::net::handshake::{HandshakeError, check_hello};
//!
//! let ours = Hello { version: VERSION, protocol: 1, encoded: true, n: 3, sender: 0 };
//! assert_eq!(check_hello(&ours, &Hello { sender: 2, ..ours }), Ok(2));
//! assert_eq!(check_hello(&ours, &Hello { sender: 3, ..ours }), Err(HandshakeError::UnknownPeer(3)));
//! assert!(check_hello(&ours, &Hello { encoded: false, sender: 1, ..ours }).is_err());
//! ```

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_util::codec::{Framed, LengthDelimitedCodec};

use super::frame::{Frame, FrameError, Hello};
use super::tls::{NotCertified, PeerIdentity, Rejection};

/// Why a handshake failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeError {
    /// No hello within the timeout.
    #[error("no handshake within {0:?}")]
    Timeout(Duration),
    /// The connection closed first.
    #[error("connection closed during the handshake")]
    Closed,
    /// Reading or writing failed (an oversized frame, too).
    #[error("i/o error during the handshake: {0}")]
    Io(String),
    /// The TLS handshake failed.
    #[error("TLS: {0}")]
    Tls(#[from] Rejection),
    /// The hello claims an id the peer's certificate does not name.
    #[error(transparent)]
    NotCertified(#[from] NotCertified),
    /// The first frame did not parse.
    #[error("bad handshake frame: {0}")]
    Frame(#[from] FrameError),
    /// The first frame was not a hello.
    #[error("the first frame was not a hello")]
    NotHello,
    /// Another wire protocol version.
    #[error("wire version {theirs}, ours is {ours}")]
    Version {
        /// Ours.
        ours: u16,
        /// Theirs.
        theirs: u16,
    },
    /// Another protocol, or the other build of it.
    #[error(
        "peer runs protocol {theirs:#x} (encoded: {theirs_encoded}), ours is {ours:#x} (encoded: {ours_encoded})"
    )]
    Protocol {
        /// Our protocol tag.
        ours: u32,
        /// Whether we run encoded.
        ours_encoded: bool,
        /// Theirs.
        theirs: u32,
        /// Whether they run encoded.
        theirs_encoded: bool,
    },
    /// Another cluster size.
    #[error("peer thinks there are {theirs} nodes, we think {ours}")]
    ClusterSize {
        /// Ours.
        ours: u32,
        /// Theirs.
        theirs: u32,
    },
    /// A sender id outside the cluster, or our own.
    #[error("peer claims id {0}, which is no peer of ours")]
    UnknownPeer(u32),
    /// The node we dialled answered with another id.
    #[error("dialled peer {expected} but {got} answered")]
    WrongPeer {
        /// The id we dialled.
        expected: u32,
        /// The id that answered.
        got: u32,
    },
}

impl HandshakeError {
    /// A short name of the kind, for logs and counting.
    pub fn kind(&self) -> &'static str {
        match self {
            HandshakeError::Timeout(_) => "handshake timeout",
            HandshakeError::Closed => "closed in the handshake",
            HandshakeError::Io(_) => "i/o error in the handshake",
            HandshakeError::Tls(rejection) => rejection.kind(),
            HandshakeError::NotCertified(_) => "hello of another id than the certificate's",
            HandshakeError::Frame(_) => "bad hello frame",
            HandshakeError::NotHello => "no hello",
            HandshakeError::Version { .. } => "another wire version",
            HandshakeError::Protocol { .. } => "another protocol",
            HandshakeError::ClusterSize { .. } => "another cluster size",
            HandshakeError::UnknownPeer(_) => "unknown peer id",
            HandshakeError::WrongPeer { .. } => "wrong peer answered",
        }
    }
}

/// Checks a peer's hello against ours; returns the peer's id.
pub fn check_hello(ours: &Hello, theirs: &Hello) -> Result<u32, HandshakeError> {
    if theirs.version != ours.version {
        return Err(HandshakeError::Version {
            ours: ours.version,
            theirs: theirs.version,
        });
    }
    if (theirs.protocol, theirs.encoded) != (ours.protocol, ours.encoded) {
        return Err(HandshakeError::Protocol {
            ours: ours.protocol,
            ours_encoded: ours.encoded,
            theirs: theirs.protocol,
            theirs_encoded: theirs.encoded,
        });
    }
    if theirs.n != ours.n {
        return Err(HandshakeError::ClusterSize {
            ours: ours.n,
            theirs: theirs.n,
        });
    }
    if theirs.sender >= ours.n || theirs.sender == ours.sender {
        return Err(HandshakeError::UnknownPeer(theirs.sender));
    }
    Ok(theirs.sender)
}

async fn read_hello<T>(conn: &mut Framed<T, LengthDelimitedCodec>) -> Result<Hello, HandshakeError>
where
    T: AsyncRead + AsyncWrite + Unpin,
{
    match conn.next().await {
        None => Err(HandshakeError::Closed),
        Some(Err(e)) => Err(HandshakeError::Io(e.to_string())),
        Some(Ok(bytes)) => match Frame::parse(bytes.freeze())? {
            Frame::Hello(hello) => Ok(hello),
            Frame::Message { .. } | Frame::Ping => Err(HandshakeError::NotHello),
        },
    }
}

async fn send_hello<T>(
    conn: &mut Framed<T, LengthDelimitedCodec>,
    hello: &Hello,
) -> Result<(), HandshakeError>
where
    T: AsyncRead + AsyncWrite + Unpin,
{
    conn.send(Frame::Hello(*hello).to_bytes())
        .await
        .map_err(|e| HandshakeError::Io(e.to_string()))
}

async fn within<R>(
    limit: Duration,
    f: impl Future<Output = Result<R, HandshakeError>>,
) -> Result<R, HandshakeError> {
    tokio::time::timeout(limit, f)
        .await
        .unwrap_or(Err(HandshakeError::Timeout(limit)))
}

/// The connecting side: sends our hello, expects `peer`'s, which `identity`
/// (what the transport proved) must admit.
pub async fn dial<T>(
    conn: &mut Framed<T, LengthDelimitedCodec>,
    ours: &Hello,
    identity: &PeerIdentity,
    peer: u32,
    limit: Duration,
) -> Result<(), HandshakeError>
where
    T: AsyncRead + AsyncWrite + Unpin,
{
    within(limit, async {
        send_hello(conn, ours).await?;
        let theirs = read_hello(conn).await?;
        match check_hello(ours, &theirs)? {
            got if got == peer => Ok(identity.admits(got)?),
            got => Err(HandshakeError::WrongPeer {
                expected: peer,
                got,
            }),
        }
    })
    .await
}

/// The accepting side: checks that `identity` (what the transport proved)
/// admits the id the peer's hello claims, and the hello; answers with ours;
/// returns the peer's id.
pub async fn accept<T>(
    conn: &mut Framed<T, LengthDelimitedCodec>,
    ours: &Hello,
    identity: &PeerIdentity,
    limit: Duration,
) -> Result<u32, HandshakeError>
where
    T: AsyncRead + AsyncWrite + Unpin,
{
    within(limit, async {
        let theirs = read_hello(conn).await?;
        // Who speaks first, then whether we speak the same protocol.
        identity.admits(theirs.sender)?;
        let peer = check_hello(ours, &theirs)?;
        send_hello(conn, ours).await?;
        Ok(peer)
    })
    .await
}
