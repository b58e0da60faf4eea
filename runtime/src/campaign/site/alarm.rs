//! The alarm site: the first alarm set after the fault's time, its id or its
//! time (a coin decides).

use rand::Rng;

use super::{Injection, Injector};
use crate::node::AlarmId;

pub(in super::super) struct Alarm;

impl Injector for Alarm {
    fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
        let kind = injection.fault.kind;
        let id_width = 8 * injection.word_bytes as u32;
        let mut rng = injection.rng;
        let mut strike = Some(move |id: &mut AlarmId, at_ms: &mut u32| {
            if rng.random::<bool>() {
                id.bits ^= kind.mask(id_width, id.bits, &mut rng);
            } else {
                *at_ms ^= kind.mask(32, u64::from(*at_ms), &mut rng) as u32;
            }
        });
        injection.sim.set_alarm_hook(Box::new(move |_, id, at_ms| {
            if let Some(mut strike) = strike.take() {
                strike(id, at_ms);
            }
        }));
        Ok(())
    }
}
