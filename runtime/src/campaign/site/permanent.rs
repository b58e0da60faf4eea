//! The permanent site (feature `inject`): a defect of the arithmetic, from
//! the fault's time to the end of the run. Every result whose bits match a
//! pattern (three random bits of the word, at the values they take in the
//! first result the defect can make wrong) comes out with the kind's bits
//! stuck at one, like a core that computes one instruction wrong for
//! specific operands, every time. The encoded build meets it on its code words, whose bits
//! differ from the plain values': the diversity of the encoding is what is
//! measured. The defect is the fault's node's: it strikes the operations
//! of that node's handlers only.

use super::{Injection, Injector};

pub(in super::super) struct Permanent;

#[cfg(feature = "inject")]
impl Injector for Permanent {
    fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
        use rand::Rng;

        use crate::inject::alu::{Defect, arm_defect};

        let Injection {
            fault,
            word_bytes,
            mut rng,
            ..
        } = injection;
        let width = 8 * word_bytes as u32;
        let pattern = super::super::kind::Kind::ThreeBits.mask(width, 0, &mut rng);
        let stuck = fault.kind.mask(width, rng.random(), &mut rng);
        arm_defect(Defect {
            node: fault.node,
            pattern,
            value: None,
            stuck,
        });
        Ok(())
    }

    fn disarm(&self) -> Option<bool> {
        let struck = crate::inject::alu::defect_struck() > 0;
        crate::inject::alu::disarm();
        Some(struck)
    }
}

#[cfg(not(feature = "inject"))]
impl Injector for Permanent {
    fn arm(&self, _: Injection<'_>) -> Result<(), String> {
        Err("the permanent site needs anguard's feature `inject`".into())
    }
}
