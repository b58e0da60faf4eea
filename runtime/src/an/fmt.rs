//! Formatting shows the decoded value (checked); formatting traits pass their
//! flags through, so `{:>8}` and `{:#x}` behave as for the std type.

use core::fmt;

use super::An;
use super::code::{Code, Int};

impl<T: Code> fmt::Display for An<T> {
    #[track_caller]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.decode(), f)
    }
}

impl<T: Code> fmt::Debug for An<T> {
    #[track_caller]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.decode(), f)
    }
}

macro_rules! decoded_fmt {
    ($($trait:ident),*) => {$(
        impl<T: Int> fmt::$trait for An<T> {
            #[track_caller]
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::$trait::fmt(&self.decode(), f)
            }
        }
    )*};
}
decoded_fmt!(LowerHex, UpperHex, Octal, Binary);
