//! The exchange sites (feature `inject`): one operation reads another live
//! word of its operand's type, or executes a neighbouring operator, drawn
//! uniformly from the operand reads or operations the fault-free run makes
//! (all nodes together) after the fault's time. Both copies of an
//! `#[an_encode]` module have the points (see `anguard::inject::exchange`);
//! the word read or computed is a valid code word, which an AN code cannot
//! tell from the right one.

use super::{Injection, Injector};

/// An operand read in place of another: an address fault.
pub(in super::super) struct ExchangedOperand;

/// A neighbouring operator executed in place of the right one.
pub(in super::super) struct ExchangedOperator;

#[cfg(feature = "inject")]
mod armed {
    use super::super::control::armed::arm;
    use super::{ExchangedOperand, ExchangedOperator, Injection, Injector};
    use crate::inject::exchange::{OPERANDS, OPERATORS, Point};

    impl Injector for ExchangedOperand {
        fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
            arm(&OPERANDS, &injection.points.operands, injection)
        }
        fn disarm(&self) -> Option<bool> {
            Some(OPERANDS.with(Point::disarm))
        }
    }

    impl Injector for ExchangedOperator {
        fn arm(&self, injection: Injection<'_>) -> Result<(), String> {
            arm(&OPERATORS, &injection.points.operators, injection)
        }
        fn disarm(&self) -> Option<bool> {
            Some(OPERATORS.with(Point::disarm))
        }
    }
}

#[cfg(not(feature = "inject"))]
impl Injector for ExchangedOperand {
    fn arm(&self, _: Injection<'_>) -> Result<(), String> {
        Err("the exchanged-operand site needs anguard's feature `inject`".into())
    }
}

#[cfg(not(feature = "inject"))]
impl Injector for ExchangedOperator {
    fn arm(&self, _: Injection<'_>) -> Result<(), String> {
        Err("the exchanged-operator site needs anguard's feature `inject`".into())
    }
}
