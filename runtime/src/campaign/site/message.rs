//! The message site: the bytes of the first message delivered after the
//! fault's time.

use super::{Injection, Injector};

pub(in super::super) struct Message;

impl Injector for Message {
    fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
        let Injection {
            sim,
            fault,
            word_bytes,
            mut rng,
            ..
        } = injection;
        let kind = fault.kind;
        let mut pending = true;
        sim.set_message_hook(Box::new(move |_, bytes| {
            if std::mem::take(&mut pending) {
                kind.strike_bytes(bytes, word_bytes, &mut rng);
            }
        }));
        Ok(())
    }
}
