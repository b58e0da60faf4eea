//! The word type of a protocol: `u32` in the plain build, [`AnU32`] in the
//! encoded one. Runtime code that must handle both goes through this trait.

use core::fmt::{Debug, Display};
use core::hash::Hash;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{AnU32, InvalidCode, Output};

/// A protocol word: `u32` or [`AnU32`]. As an [`Output`], it is its value.
pub trait Word:
    Copy
    + Eq
    + Ord
    + Hash
    + Debug
    + Display
    + Serialize
    + DeserializeOwned
    + Send
    + Output<Plain = u32>
    + 'static
{
    /// Whether this build encodes its words.
    const ENCODED: bool;
    /// The word of `x`.
    fn from_u32(x: u32) -> Self;
    /// The value, after a check where there is one.
    fn to_u32(self) -> u32;
    /// The bits as stored: the code word, or the u32 widened.
    fn to_bits(self) -> u64;
    /// The word stored as `bits`, if they pass its check. A plain word keeps
    /// the low 32 bits, as a u32 register would.
    fn from_bits(bits: u64) -> Result<Self, InvalidCode>;
    /// Whether the word passes its check (always, for `u32`).
    fn is_valid(self) -> bool;
    /// The value, or the invalid word: a check that does not go to the
    /// fault policy, for code that drops what is invalid.
    #[inline]
    fn checked(self) -> Result<u32, InvalidCode> {
        Self::from_bits(self.to_bits()).map(Self::to_u32)
    }
}

impl Word for u32 {
    const ENCODED: bool = false;
    #[inline]
    fn from_u32(x: u32) -> Self {
        x
    }
    #[inline]
    fn to_u32(self) -> u32 {
        self
    }
    #[inline]
    fn to_bits(self) -> u64 {
        u64::from(self)
    }
    #[inline]
    fn from_bits(bits: u64) -> Result<Self, InvalidCode> {
        Ok(bits as u32)
    }
    #[inline]
    fn is_valid(self) -> bool {
        true
    }
}

impl Word for AnU32 {
    const ENCODED: bool = true;
    #[inline]
    fn from_u32(x: u32) -> Self {
        AnU32::encode(x)
    }
    #[inline]
    #[track_caller]
    fn to_u32(self) -> u32 {
        self.decode()
    }
    #[inline]
    fn to_bits(self) -> u64 {
        self.to_raw()
    }
    #[inline]
    fn from_bits(bits: u64) -> Result<Self, InvalidCode> {
        AnU32::from_raw(bits)
    }
    #[inline]
    fn is_valid(self) -> bool {
        AnU32::is_valid(self)
    }
}
