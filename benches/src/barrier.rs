//! A register barrier: an `asm!` block whose template is a comment, that takes a value in a
//! register and hands it back. The optimizer must assume the value changed,
//! so it can neither fold nor vectorize a chain of operations across it, yet
//! the value never leaves its register and the barrier emits no instruction.
//! (`std::hint::black_box` goes through memory: a store and a reload each
//! time, which costs the plain side more than the operation measured.)

// The only unsafe code of the workspace: an assembly template that is a
// comment cannot touch memory or anything but its own operand.
#![allow(unsafe_code)]

use core::arch::asm;

use anguard::an::{AnI8, AnI16, AnI32, AnI64, AnIsize, AnU8, AnU16, AnU32, AnU64, AnUsize};

/// A value the optimizer cannot see through, kept in a register.
pub trait Opaque: Copy {
    /// `self`, unchanged, but unknown to the optimizer.
    #[must_use]
    fn opaque(self) -> Self;
}

/// Integers that live in one general register.
macro_rules! register_opaque {
    ($($t:ty),*) => {$(
        impl Opaque for $t {
            #[inline(always)]
            // The operand appears in a comment only, so the register's width is moot.
            #[allow(asm_sub_register)]
            fn opaque(mut self) -> Self {
                // SAFETY: the template is a comment: it reads and writes only `self`'s register.
                unsafe { asm!("/* {0} */", inout(reg) self, options(nomem, nostack, preserves_flags)) };
                self
            }
        }
    )*};
}
register_opaque!(u16, u32, u64, usize, i16, i32, i64, isize);

/// Bytes live in a byte register.
macro_rules! byte_opaque {
    ($($t:ty),*) => {$(
        impl Opaque for $t {
            #[inline(always)]
            fn opaque(mut self) -> Self {
                // SAFETY: as for the wider integers.
                unsafe { asm!("/* {0} */", inout(reg_byte) self, options(nomem, nostack, preserves_flags)) };
                self
            }
        }
    )*};
}
byte_opaque!(u8, i8);

/// A `u128` lives in two registers: each passes the barrier.
impl Opaque for u128 {
    #[inline(always)]
    fn opaque(self) -> Self {
        let (low, high) = ((self as u64).opaque(), ((self >> 64) as u64).opaque());
        (u128::from(high) << 64) | u128::from(low)
    }
}

/// Encoded words pass the barrier as the bits they are stored as.
macro_rules! encoded_opaque {
    ($($alias:ident: $raw:ty),*) => {$(
        const _: () = assert!(size_of::<$alias>() == size_of::<$raw>());
        impl Opaque for $alias {
            #[inline(always)]
            fn opaque(self) -> Self {
                // SAFETY: the alias is `repr(transparent)` over its stored
                // word (a non-zero integer of this size), and the barrier
                // returns the very bits it was given: a stored word stays
                // the same stored word, non-zero.
                unsafe {
                    let bits = core::mem::transmute::<$alias, $raw>(self);
                    core::mem::transmute::<$raw, $alias>(bits.opaque())
                }
            }
        }
    )*};
}
encoded_opaque!(
    AnU8: u64, AnU16: u64, AnU32: u64, AnU64: u128, AnUsize: u128,
    AnI8: u64, AnI16: u64, AnI32: u64, AnI64: u128, AnIsize: u128
);
