//! The arithmetic site (feature `inject`): the result of one operation drawn
//! uniformly from those the fault-free run performs (all nodes together)
//! between the fault's time and the end, so that it always strikes.

use super::{Injection, Injector};

pub(in super::super) struct Arithmetic;

#[cfg(feature = "inject")]
impl Injector for Arithmetic {
    fn arm(&self, mut injection: Injection<'_>) -> Result<(), String> {
        use rand::Rng;

        let mask = injection.word_mask();
        let Injection {
            fault,
            points,
            mut rng,
            ..
        } = injection;
        let ahead = super::super::run::calls_after(&points.alu, fault.at_us);
        if ahead == 0 {
            return Err(format!(
                "no arithmetic operation after {} µs to strike",
                fault.at_us
            ));
        }
        crate::inject::alu::arm(rng.random_range(0..ahead), mask);
        Ok(())
    }

    fn disarm(&self) -> Option<bool> {
        let fired = crate::inject::alu::fired();
        crate::inject::alu::disarm();
        Some(fired)
    }
}

#[cfg(not(feature = "inject"))]
impl Injector for Arithmetic {
    fn arm(&self, _: Injection<'_>) -> Result<(), String> {
        Err("the arithmetic site needs anguard's feature `inject`".into())
    }
}
