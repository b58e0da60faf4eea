//! Optional frame authentication with a pre-shared key: every frame (the
//! hello included) carries a keyed BLAKE3 MAC of its bytes, and a frame
//! without a valid one is rejected. It keeps nodes without the key from
//! driving the protocol; it does not encrypt, and it does not stop a replay
//! of a captured frame by someone on the path.
//!
//! ```
//! use anguard::net::auth::{Key, open, seal};
//! use tokio_util::bytes::Bytes;
//!
//! let key = Key::derive(b"correct horse battery staple");
//! let frame = seal(Some(&key), Bytes::from_static(b"hello"));
//! assert_eq!(frame.len(), 5 + 32);
//! assert_eq!(open(Some(&key), frame.clone()).unwrap(), Bytes::from_static(b"hello"));
//! assert!(open(Some(&Key::derive(b"wrong")), frame).is_err());
//! assert_eq!(seal(None, Bytes::from_static(b"x")), Bytes::from_static(b"x"));
//! ```

use std::fmt;
use std::path::Path;

use tokio_util::bytes::{Bytes, BytesMut};

/// Bytes of MAC after each frame, when a key is set.
pub const MAC_LEN: usize = 32;

const CONTEXT: &str = "anguard 2026-11 frame authentication key";

/// A pre-shared key. Its `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(…)")
    }
}

/// The shortest secret [`Key::from_file`] accepts.
pub const MIN_SECRET_BYTES: usize = 16;

/// Why a key file gave no key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// A key file could not be read.
    #[error("cannot read the key file {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// A key file holds too short a secret.
    #[error(
        "the key file {path} holds {len} bytes; a key needs at least {min} \
         (make one with `head -c 32 /dev/urandom | base64 > {path}`)"
    )]
    Weak {
        /// The file.
        path: String,
        /// The secret's length, surrounding whitespace excluded.
        len: usize,
        /// The least length accepted.
        min: usize,
    },
}

/// Why a frame's MAC was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MacError {
    /// Shorter than a MAC.
    #[error("frame too short to carry a MAC")]
    Short,
    /// The MAC does not match.
    #[error("frame MAC does not match")]
    Mismatch,
}

impl Key {
    /// The key derived from a secret of any length.
    pub fn derive(secret: &[u8]) -> Key {
        Key(blake3::derive_key(CONTEXT, secret))
    }

    /// The key derived from the contents of `path`: a secret of at least
    /// [`MIN_SECRET_BYTES`], surrounding whitespace ignored.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Key, KeyError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| KeyError::Read {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let secret = bytes.trim_ascii();
        if secret.len() < MIN_SECRET_BYTES {
            return Err(KeyError::Weak {
                path: path.display().to_string(),
                len: secret.len(),
                min: MIN_SECRET_BYTES,
            });
        }
        Ok(Key::derive(secret))
    }

    fn mac(&self, body: &[u8]) -> blake3::Hash {
        blake3::keyed_hash(&self.0, body)
    }
}

/// Appends the MAC of `body` (nothing without a key).
pub fn seal(key: Option<&Key>, body: Bytes) -> Bytes {
    let Some(key) = key else { return body };
    let mut out = BytesMut::with_capacity(body.len() + MAC_LEN);
    out.extend_from_slice(&body);
    out.extend_from_slice(key.mac(&body).as_bytes());
    out.freeze()
}

/// Checks and strips the MAC of `frame` (nothing without a key).
pub fn open(key: Option<&Key>, mut frame: Bytes) -> Result<Bytes, MacError> {
    let Some(key) = key else { return Ok(frame) };
    let Some(body_len) = frame.len().checked_sub(MAC_LEN) else {
        return Err(MacError::Short);
    };
    let mac = frame.split_off(body_len);
    let expected = key.mac(&frame);
    // `Hash`'s equality is constant-time.
    match <[u8; MAC_LEN]>::try_from(&mac[..]) {
        Ok(got) if expected == blake3::Hash::from(got) => Ok(frame),
        _ => Err(MacError::Mismatch),
    }
}
