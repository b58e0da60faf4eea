//! A connection to a peer: TCP, then TLS when the node has it, cut into
//! frames; and what the peer proved about itself on the way. The securing
//! step is public, for drivers of their own that link peers the same way.

use std::io::ErrorKind;
use std::time::Duration;

use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::{TlsAcceptor, TlsConnector};
use tokio_util::codec::{Framed, LengthDelimitedCodec};

use super::frame;
use super::handshake::HandshakeError;
use super::shared::Shared;
use super::tls::{PeerIdentity, Rejection, Tls, node_name};

/// A byte stream: plain TCP, or TLS over it.
pub trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

/// A connection, cut into frames.
pub(crate) type Conn = Framed<Box<dyn Stream>, LengthDelimitedCodec>;

fn framed(shared: &Shared, stream: Box<dyn Stream>) -> Conn {
    Framed::new(stream, frame::codec(shared.config.max_frame))
}

/// Secures a connection this node dialled to `peer`: with TLS, `peer`'s
/// certificate must name it and chain to the CA.
pub(crate) async fn dialled(
    shared: &Shared,
    tcp: TcpStream,
    peer: u32,
) -> Result<(Conn, PeerIdentity), HandshakeError> {
    let config = &shared.config;
    let (stream, identity) =
        secure_dialled(config.tls.as_ref(), tcp, peer, config.handshake_timeout).await?;
    Ok((framed(shared, stream), identity))
}

/// Secures a connection this node accepted: with TLS, the peer must present
/// a certificate that chains to the CA.
pub(crate) async fn accepted(
    shared: &Shared,
    tcp: TcpStream,
) -> Result<(Conn, PeerIdentity), HandshakeError> {
    let config = &shared.config;
    let (stream, identity) =
        secure_accepted(config.tls.as_ref(), tcp, config.handshake_timeout).await?;
    Ok((framed(shared, stream), identity))
}

/// Secures a TCP connection dialled to node `peer`, within `limit`: with
/// `tls`, mutual TLS in which `peer`'s certificate must name it and chain to
/// the CA; without, the connection as it is. Then comes the
/// [`handshake`](super::handshake), given the identity proved.
pub async fn secure_dialled(
    tls: Option<&Tls>,
    tcp: TcpStream,
    peer: u32,
    limit: Duration,
) -> Result<(Box<dyn Stream>, PeerIdentity), HandshakeError> {
    let _ = tcp.set_nodelay(true);
    let Some(tls) = tls else {
        return Ok((Box::new(tcp), PeerIdentity::Unauthenticated));
    };
    let name = ServerName::try_from(node_name(peer)).expect("node names are DNS names");
    let connector = TlsConnector::from(tls.client_config());
    let stream = within(limit, connector.connect(name, tcp)).await?;
    let identity = certified(stream.get_ref().1.peer_certificates())?;
    Ok((Box::new(stream), identity))
}

/// Secures a TCP connection accepted from a peer, within `limit`: with
/// `tls`, mutual TLS in which the peer must present a certificate that
/// chains to the CA; without, the connection as it is.
pub async fn secure_accepted(
    tls: Option<&Tls>,
    tcp: TcpStream,
    limit: Duration,
) -> Result<(Box<dyn Stream>, PeerIdentity), HandshakeError> {
    let _ = tcp.set_nodelay(true);
    let Some(tls) = tls else {
        return Ok((Box::new(tcp), PeerIdentity::Unauthenticated));
    };
    let acceptor = TlsAcceptor::from(tls.server_config());
    let stream = within(limit, acceptor.accept(tcp)).await?;
    let identity = certified(stream.get_ref().1.peer_certificates())?;
    Ok((Box::new(stream), identity))
}

/// The peer's leaf certificate, which rustls verified. (It requires one on
/// both sides; a session without one is refused all the same.)
fn certified(chain: Option<&[CertificateDer<'static>]>) -> Result<PeerIdentity, HandshakeError> {
    match chain.and_then(<[_]>::first) {
        Some(leaf) => Ok(PeerIdentity::Certified(leaf.clone())),
        None => Err(HandshakeError::Tls(Rejection::NoCertificate)),
    }
}

/// A TLS handshake within `limit`, its failure explained.
async fn within<S>(
    limit: Duration,
    handshake: impl Future<Output = std::io::Result<S>>,
) -> Result<S, HandshakeError> {
    match tokio::time::timeout(limit, handshake).await {
        Err(_) => Err(HandshakeError::Timeout(limit)),
        Ok(Ok(stream)) => Ok(stream),
        Ok(Err(e)) => Err(match Rejection::of_io(&e) {
            Some(rejection) => HandshakeError::Tls(rejection),
            None if e.kind() == ErrorKind::UnexpectedEof => HandshakeError::Closed,
            None => HandshakeError::Io(e.to_string()),
        }),
    }
}
