//! The outside site (feature `inject`): a value the adapter has checked and
//! decoded, on its way out of the encoded module: the first one after the
//! fault's time at the fault's node of a target a die picks (a message's
//! destination, an alarm's time, a message's serialized bytes).

use super::{Injection, Injector};

pub(in super::super) struct Outside;

#[cfg(feature = "inject")]
impl Injector for Outside {
    fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
        use rand::Rng;

        use crate::inject::outside::{self, Decoded};

        let Injection {
            fault,
            word_bytes,
            mut rng,
            ..
        } = injection;
        let (node, kind) = (fault.node, fault.kind);
        let target = rng.random_range(0..3u8);
        outside::arm(Box::new(move |at, value| {
            if at != node {
                return false;
            }
            match (target, value) {
                (0, Decoded::Destination(word)) | (1, Decoded::AlarmTime(word)) => {
                    *word ^= kind.mask(32, u64::from(*word), &mut rng) as u32;
                    true
                }
                (2, Decoded::Payload(bytes)) => {
                    kind.strike_bytes(bytes, word_bytes, &mut rng);
                    true
                }
                _ => false,
            }
        }));
        Ok(())
    }

    fn disarm(&self) -> Option<bool> {
        Some(crate::inject::outside::disarm())
    }
}

#[cfg(not(feature = "inject"))]
impl Injector for Outside {
    fn arm(&self, _: Injection<'_>) -> Result<(), String> {
        Err("the outside site needs anguard's feature `inject`".into())
    }
}
