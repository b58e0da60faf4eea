//! The operations measured, written once for `u32` and `AnU32` and for both
//! benchmarks (time, and instruction counts), and the two ways to run them:
//! a dependent chain (latency) and independent streams (throughput).
//!
//! Every step passes the barrier of [`Opaque`], so neither side keeps its
//! accumulator in memory or folds steps together; inputs are loaded from a
//! slice (off the chain), which the caller makes opaque once per batch.

use crate::Opaque;

/// Dependent steps each input pair feeds in the time benchmark.
pub const STEPS: usize = 8;

/// Independent accumulators of [`throughput`].
pub const STREAMS: usize = 4;
const _: () = assert!(STEPS.is_multiple_of(STREAMS));

/// `acc = step(acc, x, y)`, `S` times per input pair, each step waiting for
/// the one before: the latency of `step`. Both inputs are loaded into
/// registers whether or not `step` reads them.
#[inline(always)]
pub fn latency<const S: usize, T: Opaque>(
    start: T,
    xs: &[T],
    ys: &[T],
    step: impl Fn(T, T, T) -> T,
) -> T {
    let mut acc = start;
    for (&x, &y) in xs.iter().zip(ys) {
        let (x, y) = (x.opaque(), y.opaque());
        for _ in 0..S {
            acc = step(acc, x, y).opaque();
        }
    }
    acc
}

/// `acc = step(acc, x, y)` with a fresh input pair each step, [`STEPS`]
/// steps per loop iteration: a dependent chain in which nothing about an
/// operand can be hoisted (for instruction counts). The steps are written
/// out, so that every operation has the same loop around it whether or not
/// the optimizer would unroll it. A partial last chunk of the inputs is left
/// out.
#[inline(always)]
pub fn fresh_chain<T: Opaque>(start: T, xs: &[T], ys: &[T], step: impl Fn(T, T, T) -> T) -> T {
    const _: () = assert!(STEPS == 8, "fresh_chain writes out 8 steps");
    let mut acc = start;
    for (xs, ys) in xs.chunks_exact(STEPS).zip(ys.chunks_exact(STEPS)) {
        macro_rules! steps {
            ($($i:literal)*) => {$(
                acc = step(acc, xs[$i].opaque(), ys[$i].opaque()).opaque();
            )*};
        }
        steps!(0 1 2 3 4 5 6 7);
    }
    acc
}

/// The same [`STEPS`] steps per input pair, spread over [`STREAMS`]
/// independent accumulators: the throughput of `step`.
#[inline(always)]
pub fn throughput<T: Opaque>(
    start: [T; STREAMS],
    xs: &[T],
    ys: &[T],
    step: impl Fn(T, T, T) -> T,
) -> [T; STREAMS] {
    let mut accs = start;
    for (&x, &y) in xs.iter().zip(ys) {
        let (x, y) = (x.opaque(), y.opaque());
        for _ in 0..STEPS / STREAMS {
            for acc in &mut accs {
                *acc = step(*acc, x, y).opaque();
            }
        }
    }
    accs
}

/// Operands in `1..=100_000` (so that `/` and `%` have no zero divisor),
/// from a fixed seed.
pub fn operands(seed: u32, len: usize) -> Vec<u32> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state % 100_000 + 1
        })
        .collect()
}

/// Calls `$callback! { $( $name |acc, x, y| $step; )* }` with every
/// operation measured: a name and one step of a chain, which compiles for
/// both `u32` and `AnU32`. Each step depends on `acc` (else the optimizer
/// would hoist it out of the chain); `x` and `y` are the inputs.
///
/// A select written with `if` (and `min`) may compile to a branch, on
/// either side: a predicted branch is no data dependency, so such a row
/// measures throughput, not latency. `select_unpredictable` keeps the
/// select a conditional move, a dependent chain on both sides.
///
/// The last three are trees of operations as code writes them:
/// `((acc ^ x) & y) | x`, `(acc & !x) | y` and FxHash's step,
/// `(acc.rotate_left(5) ^ x) * 0x9e37_79b9`.
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $callback! {
            "add" |acc, x, _y| acc.wrapping_add(x);
            "sub" |acc, x, _y| acc.wrapping_sub(x);
            "mul" |acc, x, _y| acc.wrapping_mul(x);
            "div, then add" |acc, x, y| (acc / y).wrapping_add(x);
            "rem, then add" |acc, x, y| (acc % y).wrapping_add(x);
            "`<` and select (branch-free)" |acc, x, y| core::hint::select_unpredictable(acc < x, y, acc);
            "`<=` and select (`if`)" |acc, x, y| if acc <= x { y } else { acc };
            "`==` and select" |acc, x, y| if acc == x { y } else { acc };
            "min" |acc, x, _y| acc.min(x);
            "`<< 3`, then add" |acc, x, _y| (acc << 3).wrapping_add(x);
            "`>> 3`, then add" |acc, x, _y| (acc >> 3).wrapping_add(x);
            "`!`, then add" |acc, x, _y| (!acc).wrapping_add(x);
            "and" |acc, x, _y| acc & x;
            "or" |acc, x, _y| acc | x;
            "xor" |acc, x, _y| acc ^ x;
            "checked_add, else y" |acc, x, y| acc.checked_add(x).unwrap_or(y);
            "saturating_sub, then add" |acc, x, y| acc.saturating_sub(x).wrapping_add(y);
            "abs_diff" |acc, x, _y| acc.abs_diff(x);
            "div_ceil, then add" |acc, x, y| acc.div_ceil(y).wrapping_add(x);
            "wrapping_pow(3), then add" |acc, x, _y| acc.wrapping_pow(3).wrapping_add(x);
            "rotate_left(5), then add" |acc, x, _y| acc.rotate_left(5).wrapping_add(x);
            "count_ones, then add" |acc, x, _y| acc.count_ones().wrapping_add(x);
            "tree of xor, and, or" |acc, x, y| (acc ^ x) & y | x;
            "bit-set update: and-not, or" |acc, x, y| acc & !x | y;
            "FxHash step: rotate, xor, multiply" |acc, x, _y| (acc.rotate_left(5) ^ x).wrapping_mul(0x9e37_79b9_u32.into());
        }
    };
}

/// Operands of type `T` in `1..=limit` (so that `/` has no zero divisor),
/// from a fixed seed; `limit` is at most 100 000 and half of `T`'s maximum.
pub fn typed_operands<T: TryFrom<u32>>(seed: u32, len: usize, max: u64) -> Vec<T> {
    let limit = (max / 2).min(100_000) as u32;
    operands(seed, len)
        .into_iter()
        .map(|x| match T::try_from(x % limit + 1) {
            Ok(value) => value,
            Err(_) => unreachable!("operands are below half of the type's maximum"),
        })
        .collect()
}

/// Calls `$callback! { $( $name $plain $encoded; )* }` with every encoded
/// type and its std type.
#[macro_export]
macro_rules! for_each_type {
    ($callback:ident) => {
        $callback! {
            "u8" u8 AnU8;
            "u16" u16 AnU16;
            "u32" u32 AnU32;
            "u64" u64 AnU64;
            "usize" usize AnUsize;
            "i8" i8 AnI8;
            "i16" i16 AnI16;
            "i32" i32 AnI32;
            "i64" i64 AnI64;
            "isize" isize AnIsize;
        }
    };
}

/// The operations measured on every type: those of [`for_each_operation`]
/// that compile for each std integer and its encoded type (all but
/// `abs_diff` and `count_ones`, whose result is another type, and
/// `div_ceil`, which signed types lack), in the same form, after the tokens
/// `$args` (if any) and a `;`. Shifts are `wrapping_shl` and `wrapping_shr`,
/// which every width has for an amount of 3.
#[macro_export]
macro_rules! for_each_typed_operation {
    ($callback:ident $(, $($args:tt)*)?) => {
        $callback! {
            $($($args)*;)?
            "add" |acc, x, _y| acc.wrapping_add(x);
            "sub" |acc, x, _y| acc.wrapping_sub(x);
            "mul" |acc, x, _y| acc.wrapping_mul(x);
            "div, then add" |acc, x, y| (acc / y).wrapping_add(x);
            "rem, then add" |acc, x, y| (acc % y).wrapping_add(x);
            "`<` and select (branch-free)" |acc, x, y| core::hint::select_unpredictable(acc < x, y, acc);
            "`<=` and select (`if`)" |acc, x, y| if acc <= x { y } else { acc };
            "`==` and select" |acc, x, y| if acc == x { y } else { acc };
            "min" |acc, x, _y| acc.min(x);
            "`<< 3`, then add" |acc, x, _y| acc.wrapping_shl(3).wrapping_add(x);
            "`>> 3`, then add" |acc, x, _y| acc.wrapping_shr(3).wrapping_add(x);
            "`!`, then add" |acc, x, _y| (!acc).wrapping_add(x);
            "and" |acc, x, _y| acc & x;
            "or" |acc, x, _y| acc | x;
            "xor" |acc, x, _y| acc ^ x;
            "checked_add, else y" |acc, x, y| acc.checked_add(x).unwrap_or(y);
            "saturating_sub, then add" |acc, x, y| acc.saturating_sub(x).wrapping_add(y);
            "wrapping_pow(3), then add" |acc, x, _y| acc.wrapping_pow(3).wrapping_add(x);
            "rotate_left(5), then add" |acc, x, _y| acc.rotate_left(5).wrapping_add(x);
        }
    };
}
