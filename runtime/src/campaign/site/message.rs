//! The message site: the bytes of the first message delivered after the
//! fault's time.

use super::{Injection, Injector};

pub(in super::super) struct Message;

impl Injector for Message {
    fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
        let (kind, word_bytes, mut rng) =
            (injection.fault.kind, injection.word_bytes, injection.rng);
        let mut strike =
            Some(move |bytes: &mut Vec<u8>| kind.strike_bytes(bytes, word_bytes, &mut rng));
        injection.sim.set_message_hook(Box::new(move |_, bytes| {
            if let Some(mut strike) = strike.take() {
                strike(bytes);
            }
        }));
        Ok(())
    }
}
