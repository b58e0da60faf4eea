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

use anguard::AnU32;

/// A value the optimizer cannot see through, kept in a register.
pub trait Opaque: Copy {
    /// `self`, unchanged, but unknown to the optimizer.
    #[must_use]
    fn opaque(self) -> Self;
}

impl Opaque for u32 {
    #[inline(always)]
    // The operand appears in a comment only, so the register's width is moot.
    #[allow(asm_sub_register)]
    fn opaque(mut self) -> Self {
        // SAFETY: the template is a comment: it reads and writes only `self`'s register.
        unsafe { asm!("/* {0} */", inout(reg) self, options(nomem, nostack, preserves_flags)) };
        self
    }
}

impl Opaque for u64 {
    #[inline(always)]
    fn opaque(mut self) -> Self {
        // SAFETY: as for u32.
        unsafe { asm!("/* {0} */", inout(reg) self, options(nomem, nostack, preserves_flags)) };
        self
    }
}

const _: () = assert!(size_of::<AnU32>() == size_of::<u64>());

impl Opaque for AnU32 {
    #[inline(always)]
    fn opaque(self) -> Self {
        // SAFETY: `AnU32` is `repr(transparent)` over its `u64` code word, and
        // the barrier returns the very bits it was given: a code word stays
        // the same code word.
        unsafe { core::mem::transmute::<u64, AnU32>(self.to_raw().opaque()) }
    }
}
