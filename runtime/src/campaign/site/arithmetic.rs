//! The arithmetic site (feature `inject`): the result of one operation drawn
//! uniformly from those the fault-free run performs (all nodes together)
//! between the fault's time and the end, so that it always strikes.

use super::{Injection, Injector};

pub(in super::super) struct Arithmetic;

/// The time step at which a fault-free run counts its operations.
#[cfg(feature = "inject")]
pub(in super::super) const ALU_STEP_US: u64 = 10_000;

#[cfg(feature = "inject")]
impl Injector for Arithmetic {
    fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
        use rand::Rng;

        let Injection {
            fault,
            word_bytes,
            alu_ops,
            mut rng,
            ..
        } = injection;
        let width = 8 * word_bytes as u32;
        let mask = fault.kind.mask(width, rng.random(), &mut rng);
        let total = alu_ops.last().copied().unwrap_or(0);
        // The count at the first step at or after the fault: a lower bound on
        // the operations still to come.
        let step = (fault.at_us.div_ceil(ALU_STEP_US) as usize).min(alu_ops.len() - 1);
        let ahead = total - alu_ops[step];
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
