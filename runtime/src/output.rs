//! A protocol's output as its driver sees it.
//!
//! A protocol reports outputs in its own words ([`Protocol::Output`](crate::Protocol::Output)):
//! `Option<u32>` in the plain build of an election, `Option<AnU32>` in the
//! encoded one. The adapter between a protocol and its driver checks and
//! decodes every word of an output before the driver sees it, so drivers,
//! traces and properties deal in plain values, the same for both builds.
//!
//! ```
//! use anguard::inject::Flip;
//! use anguard::{AnU32, Output};
//!
//! assert_eq!(Some(AnU32::encode(2)).to_plain(), Ok(Some(2)));
//! assert_eq!((7u32, vec![true]).to_plain(), Ok((7, vec![true])));
//! let mut corrupted = AnU32::encode(2);
//! corrupted.flip(1);
//! assert!(Some(corrupted).to_plain().is_err());
//! ```

use core::fmt::Debug;

use crate::{AnU32, InvalidCode};

/// An output a protocol reports, with its plain form.
pub trait Output {
    /// The output in plain values: what drivers and traces record. A node
    /// that has reported nothing yet, or is down, outputs `Plain::default()`
    /// (for an election, `None`: no leader).
    type Plain: Clone + PartialEq + Debug + Default + Send + 'static;
    /// Checks every word and decodes it; the first invalid word is the error.
    fn to_plain(self) -> Result<Self::Plain, InvalidCode>;
}

/// Plain values that are their own plain form.
macro_rules! plain_outputs {
    ($($t:ty),* $(,)?) => {$(
        impl Output for $t {
            type Plain = $t;
            #[inline]
            fn to_plain(self) -> Result<$t, InvalidCode> {
                Ok(self)
            }
        }
    )*};
}

plain_outputs!((), bool, u8, u16, u32, u64, i8, i16, i32, i64);

impl Output for AnU32 {
    type Plain = u32;
    #[inline]
    fn to_plain(self) -> Result<u32, InvalidCode> {
        AnU32::from_raw(self.to_raw()).map(AnU32::decode)
    }
}

impl<T: Output> Output for Option<T> {
    type Plain = Option<T::Plain>;
    #[inline]
    fn to_plain(self) -> Result<Self::Plain, InvalidCode> {
        self.map(T::to_plain).transpose()
    }
}

impl<T: Output> Output for Vec<T> {
    type Plain = Vec<T::Plain>;
    fn to_plain(self) -> Result<Self::Plain, InvalidCode> {
        self.into_iter().map(T::to_plain).collect()
    }
}

impl<A: Output, B: Output> Output for (A, B) {
    type Plain = (A::Plain, B::Plain);
    fn to_plain(self) -> Result<Self::Plain, InvalidCode> {
        Ok((self.0.to_plain()?, self.1.to_plain()?))
    }
}

impl<A: Output, B: Output, C: Output> Output for (A, B, C) {
    type Plain = (A::Plain, B::Plain, C::Plain);
    fn to_plain(self) -> Result<Self::Plain, InvalidCode> {
        Ok((self.0.to_plain()?, self.1.to_plain()?, self.2.to_plain()?))
    }
}
