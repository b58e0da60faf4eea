//! The message site: the bytes of the first message delivered after the
//! fault's time.

use super::{Injection, Injector};

pub(in super::super) struct Message;

impl Injector for Message {
    fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
        let Injection {
            sim,
            fault,
            build,
            mut rng,
            ..
        } = injection;
        let (kind, word_bytes) = (fault.kind, build.word_bytes());
        let mut pending = true;
        sim.set_message_hook(move |_, bytes| {
            if std::mem::take(&mut pending) {
                kind.strike_bytes(bytes, word_bytes, &mut rng);
            }
        });
        Ok(())
    }
}
