//! serde: the raw code word, as a `u64` (or a `u128` for 64-bit types).
//! Serializing an invalid word and deserializing one are both errors, so
//! whatever crosses a serde boundary has been checked on the way.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Error as _, Serialize, Serializer};

use super::code::Code;
use super::{An, InvalidCode};

impl<T: Code> Serialize for An<T>
where
    T::Raw: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.valid() {
            self.raw().serialize(serializer)
        } else {
            Err(S::Error::custom(InvalidCode { word: self.raw() }))
        }
    }
}

impl<'de, T: Code> Deserialize<'de> for An<T>
where
    T::Raw: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = T::Raw::deserialize(deserializer)?;
        if Self::valid_raw(word) {
            Ok(Self::from_raw_trusted(word))
        } else {
            Err(D::Error::custom(InvalidCode { word }))
        }
    }
}
