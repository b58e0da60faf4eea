//! The alarm site: the first alarm set after the fault's time, its id or its
//! time (a coin decides).

use rand::Rng;

use super::{Injection, Injector};

pub(in super::super) struct Alarm;

impl Injector for Alarm {
    fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
        let Injection {
            sim,
            fault,
            word_bytes,
            mut rng,
            ..
        } = injection;
        let kind = fault.kind;
        let id_width = 8 * word_bytes as u32;
        let mut pending = true;
        sim.set_alarm_hook(Box::new(move |_, id, at_ms| {
            if std::mem::take(&mut pending) {
                if rng.random::<bool>() {
                    id.bits ^= kind.mask(id_width, id.bits, &mut rng);
                } else {
                    *at_ms ^= kind.mask(32, u64::from(*at_ms), &mut rng) as u32;
                }
            }
        }));
        Ok(())
    }
}
