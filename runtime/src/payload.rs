//! Message payloads: bincode with fixed-width integers (`legacy` config), so a
//! plain word is 4 bytes and an encoded one 8.
//!
//! ```
//! use anguard::payload;
//!
//! let mut buf = Vec::new();
//! payload::encode(&(1u32, 2u32), &mut buf).unwrap();
//! assert_eq!(buf.len(), 8);
//! assert_eq!(payload::decode::<(u32, u32)>(&buf).unwrap(), (1, 2));
//! assert!(payload::decode::<(u32, u32)>(&buf[..7]).is_err());
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The largest payload bincode will read or write, in bytes.
pub const MAX_PAYLOAD: usize = 1 << 20;

/// The bincode configuration of every payload: fixed-width little-endian
/// integers, at most [`MAX_PAYLOAD`] bytes.
pub const CONFIG: bincode::config::Configuration<
    bincode::config::LittleEndian,
    bincode::config::Fixint,
    bincode::config::Limit<MAX_PAYLOAD>,
> = bincode::config::legacy().with_limit::<MAX_PAYLOAD>();

/// Why a payload could not be (de)serialized.
#[derive(Debug, thiserror::Error)]
pub enum PayloadError {
    /// Serializing failed (an invalid code word, for an encoded message).
    #[error("cannot serialize message: {0}")]
    Encode(#[from] bincode::error::EncodeError),
    /// Deserializing failed: malformed bytes or an invalid code word.
    #[error("cannot deserialize message: {0}")]
    Decode(#[from] bincode::error::DecodeError),
    /// The message parsed but bytes were left over.
    #[error("{0} trailing bytes after the message")]
    Trailing(usize),
}

/// Serializes `msg` into `buf`, replacing its contents.
pub fn encode<M: Serialize>(msg: &M, buf: &mut Vec<u8>) -> Result<(), PayloadError> {
    buf.clear();
    bincode::serde::encode_into_std_write(msg, buf, CONFIG)?;
    Ok(())
}

/// Deserializes one message that must fill all of `bytes`.
pub fn decode<M: DeserializeOwned>(bytes: &[u8]) -> Result<M, PayloadError> {
    let (msg, used) = bincode::serde::decode_from_slice(bytes, CONFIG)?;
    match bytes.len() - used {
        0 => Ok(msg),
        extra => Err(PayloadError::Trailing(extra)),
    }
}
