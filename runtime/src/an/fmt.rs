//! Formatting shows the decoded value (checked); formatting traits pass their
//! flags through, so `{:>8}` and `{:#x}` behave as for u32.

use core::fmt;

use super::AnU32;

macro_rules! decoded_fmt {
    ($($trait:ident),*) => {$(
        impl fmt::$trait for AnU32 {
            #[track_caller]
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::$trait::fmt(&self.decode(), f)
            }
        }
    )*};
}
decoded_fmt!(Display, Debug, LowerHex, UpperHex, Octal, Binary);
