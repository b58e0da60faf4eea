//! Frames: what goes inside one length-delimited TCP frame. Every frame is
//! checked in full before anything is built from it; nothing here panics on
//! any input.
//!
//! ```text
//! Hello:   0x01 | magic "ANGD" | version u16 | protocol u32 | flags u8 | n u32 | sender u32
//! Message: 0x02 | sender u32 | payload…
//! Ping:    0x03            (keeps an idle connection open)
//! ```
//! Integers are little-endian.
//!
//! ```
//! use anguard::net::frame::{Frame, Hello};
//! use tokio_util::bytes::{Bytes, BytesMut};
//!
//! let hello = Hello { version: 1, protocol: 7, encoded: true, n: 3, sender: 2 };
//! let mut buf = BytesMut::new();
//! Frame::Hello(hello).encode(&mut buf);
//! assert_eq!(Frame::parse(buf.freeze()), Ok(Frame::Hello(hello)));
//! assert!(Frame::parse(Bytes::from_static(&[0x02, 1, 2])).is_err());
//! ```

use tokio_util::bytes::{BufMut, Bytes, BytesMut};
use tokio_util::codec::LengthDelimitedCodec;

/// The first bytes of every handshake.
pub const MAGIC: [u8; 4] = *b"ANGD";
/// The wire protocol version.
pub const VERSION: u16 = 1;

const HELLO: u8 = 0x01;
const MESSAGE: u8 = 0x02;
const PING: u8 = 0x03;
const HELLO_LEN: usize = 1 + 4 + 2 + 4 + 1 + 4 + 4;
const MESSAGE_HEADER: usize = 1 + 4;

/// The handshake: who is speaking, in which cluster, with which protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hello {
    /// The wire protocol version ([`VERSION`]).
    pub version: u16,
    /// A tag of the protocol the node runs (both ends must agree).
    pub protocol: u32,
    /// Whether the node runs the encoded build (both ends must agree).
    pub encoded: bool,
    /// The number of nodes.
    pub n: u32,
    /// The sender's id.
    pub sender: u32,
}

/// One frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// The handshake.
    Hello(Hello),
    /// A protocol message from `sender`.
    Message {
        /// The sender's id, which must be the connection's.
        sender: u32,
        /// The serialized message.
        payload: Bytes,
    },
    /// Nothing to say; the connection is alive.
    Ping,
}

/// Why a frame was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// An empty frame.
    #[error("empty frame")]
    Empty,
    /// A tag that is no frame kind.
    #[error("unknown frame tag {0:#04x}")]
    UnknownTag(u8),
    /// A frame of the wrong length for its kind.
    #[error("frame of {got} bytes where {want} were expected")]
    Length {
        /// The length expected (the minimum, for a message).
        want: usize,
        /// The length received.
        got: usize,
    },
    /// A hello without the magic bytes.
    #[error("bad magic {0:02x?}")]
    Magic([u8; 4]),
    /// A hello with an unknown flag bit.
    #[error("unknown flags {0:#04x}")]
    Flags(u8),
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl Frame {
    /// Checks `bytes` and parses them into a frame.
    pub fn parse(bytes: Bytes) -> Result<Frame, FrameError> {
        let b = &bytes[..];
        match b.first() {
            None => Err(FrameError::Empty),
            Some(&HELLO) => {
                if b.len() != HELLO_LEN {
                    return Err(FrameError::Length {
                        want: HELLO_LEN,
                        got: b.len(),
                    });
                }
                let magic = [b[1], b[2], b[3], b[4]];
                if magic != MAGIC {
                    return Err(FrameError::Magic(magic));
                }
                let flags = b[11];
                if flags > 1 {
                    return Err(FrameError::Flags(flags));
                }
                Ok(Frame::Hello(Hello {
                    version: u16::from_le_bytes([b[5], b[6]]),
                    protocol: u32_at(b, 7),
                    encoded: flags == 1,
                    n: u32_at(b, 12),
                    sender: u32_at(b, 16),
                }))
            }
            Some(&MESSAGE) => {
                if b.len() < MESSAGE_HEADER {
                    return Err(FrameError::Length {
                        want: MESSAGE_HEADER,
                        got: b.len(),
                    });
                }
                Ok(Frame::Message {
                    sender: u32_at(b, 1),
                    payload: bytes.slice(MESSAGE_HEADER..),
                })
            }
            Some(&PING) if b.len() == 1 => Ok(Frame::Ping),
            Some(&PING) => Err(FrameError::Length {
                want: 1,
                got: b.len(),
            }),
            Some(&tag) => Err(FrameError::UnknownTag(tag)),
        }
    }

    /// Appends the frame's bytes to `dst`.
    pub fn encode(&self, dst: &mut BytesMut) {
        match self {
            Frame::Hello(h) => {
                dst.reserve(HELLO_LEN);
                dst.put_u8(HELLO);
                dst.put_slice(&MAGIC);
                dst.put_u16_le(h.version);
                dst.put_u32_le(h.protocol);
                dst.put_u8(u8::from(h.encoded));
                dst.put_u32_le(h.n);
                dst.put_u32_le(h.sender);
            }
            Frame::Message { sender, payload } => {
                dst.reserve(MESSAGE_HEADER + payload.len());
                dst.put_u8(MESSAGE);
                dst.put_u32_le(*sender);
                dst.put_slice(payload);
            }
            Frame::Ping => dst.put_u8(PING),
        }
    }

    /// The size of a message frame around `payload_len` bytes.
    pub const fn message_len(payload_len: usize) -> usize {
        MESSAGE_HEADER + payload_len
    }

    /// The frame's bytes.
    pub fn to_bytes(&self) -> Bytes {
        let mut buf = BytesMut::new();
        self.encode(&mut buf);
        buf.freeze()
    }
}

/// The codec that cuts a stream into frames: a 4-byte big-endian length, at
/// most `max_frame` bytes.
pub(crate) fn codec(max_frame: usize) -> LengthDelimitedCodec {
    LengthDelimitedCodec::builder()
        .length_field_length(4)
        .max_frame_length(max_frame)
        .new_codec()
}
