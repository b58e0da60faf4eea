//! serde: the raw code word as a u64. Serializing an invalid word and
//! deserializing one are both errors, so whatever crosses a serde boundary has
//! been checked on the way.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Error as _, Serialize, Serializer};

use super::AnU32;

impl Serialize for AnU32 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match AnU32::from_raw(self.to_raw()) {
            Ok(word) => serializer.serialize_u64(word.to_raw()),
            Err(invalid) => Err(S::Error::custom(invalid)),
        }
    }
}

impl<'de> Deserialize<'de> for AnU32 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = u64::deserialize(deserializer)?;
        AnU32::from_raw(word).map_err(D::Error::custom)
    }
}
