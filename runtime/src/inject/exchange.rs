//! The exchange injection points (feature `inject`): an operation that reads
//! the wrong word, or executes the wrong operator, in both copies of an
//! `#[an_encode]` module.
//!
//! The points are the binary operators `+ - * / % & | ^` (and their compound
//! assignments) and the methods `wrapping_add`, `wrapping_sub` and
//! `wrapping_mul`: in the encoded copy, `An<T>`'s impls of them; in the
//! plain copy, the same operations in the arithmetic hook's trees
//! (`__alu!`), which pass their operands through [`operand`] (or
//! [`opaque`]) and their result through [`result_of`].
//!
//! - **Exchanged operand.** Each operand a point reads is a *live word*: the
//!   last [`LIVE`] words of each type read as operands on this thread since
//!   the handler began (the adapter calls [`enter_handler`]). A fault armed
//!   at the operand point strikes the N-th operand read: it reads the most
//!   recent live word of the same type whose value differs instead — a
//!   valid code word in the encoded copy, which the AN code cannot tell from
//!   the right one. With no such word yet, it strikes the next read that has
//!   one.
//! - **Exchanged operator.** A fault armed at the operator point strikes the
//!   N-th operation: it executes the neighbour ([`Op::neighbour`]) on the
//!   same operands, wrapping (in the encoded copy, the neighbour's encoded
//!   kernel). A neighbour that cannot run on them (a division by zero, `+`
//!   on booleans) leaves the operation as it was, and the fault strikes the
//!   next one.
//!
//! What the plain copy can read is narrower: the macro cannot see the type
//! of a local variable, which may be a reference to a word, so a local (or
//! a call's result) read as an operand is [`opaque`] there: not a live
//! word, and no operand point; fields, indexed elements, constants,
//! literals, casts and the results of inner operations are words. An
//! operation with an opaque operand is still an operator point where its
//! operator can be undone (`now + 100`: the opaque operand is the result
//! minus the other). The encoded copy reads every operand of its
//! operators. Both copies run the same operations on the same words; the
//! plain copy offers fewer of them to a fault, which the campaign's tables
//! show as more masked runs.

use crate::an::{An, Code, Int, Raw};

#[cfg(feature = "inject")]
pub use armed::*;

/// How many live words the operand point remembers.
pub const LIVE: usize = 16;

/// A binary operator with a neighbour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    And,
    Or,
    Xor,
}

impl Op {
    /// The operator a wrapping method (`wrapping_add`) computes, for the
    /// methods that are exchange points.
    pub const fn of_wrapping(method: &str) -> Option<Op> {
        match method.as_bytes() {
            b"wrapping_add" => Some(Op::Add),
            b"wrapping_sub" => Some(Op::Sub),
            b"wrapping_mul" => Some(Op::Mul),
            _ => None,
        }
    }

    /// The operator a fault executes instead: `+`↔`−`, `*`→`+`, `/`↔`%`,
    /// `&`↔`|`, `^`→`|`.
    pub const fn neighbour(self) -> Op {
        match self {
            Op::Add => Op::Sub,
            Op::Sub | Op::Mul => Op::Add,
            Op::Div => Op::Rem,
            Op::Rem => Op::Div,
            Op::And | Op::Xor => Op::Or,
            Op::Or => Op::And,
        }
    }
}

/// A word the exchange points know: a std integer or `bool`, or its encoded
/// form. Its bits are the value's (the code word, encoded).
pub trait Word: Copy + PartialEq + 'static {
    /// The word's bits.
    fn bits(self) -> u128;
    /// The word of `bits` (as [`bits`](Self::bits) gave them).
    fn of_bits(bits: u128) -> Self;
    /// `x op y`, wrapping; `None` where it cannot run (a zero divisor,
    /// arithmetic on booleans).
    fn apply(op: Op, x: Self, y: Self) -> Option<Self>;
}

macro_rules! int_words {
    ($($t:ty => $bits:ty),* $(,)?) => {$(
        impl Word for $t {
            #[inline]
            fn bits(self) -> u128 {
                self as $bits as u128
            }
            #[inline]
            fn of_bits(bits: u128) -> Self {
                bits as $bits as $t
            }
            fn apply(op: Op, x: Self, y: Self) -> Option<Self> {
                match op {
                    Op::Add => Some(x.wrapping_add(y)),
                    Op::Sub => Some(x.wrapping_sub(y)),
                    Op::Mul => Some(x.wrapping_mul(y)),
                    Op::Div => (y != 0).then(|| x.wrapping_div(y)),
                    Op::Rem => (y != 0).then(|| x.wrapping_rem(y)),
                    Op::And => Some(x & y),
                    Op::Or => Some(x | y),
                    Op::Xor => Some(x ^ y),
                }
            }
        }
    )*};
}

with_words!(int_words!());

impl Word for bool {
    #[inline]
    fn bits(self) -> u128 {
        u128::from(self)
    }
    #[inline]
    fn of_bits(bits: u128) -> Self {
        bits != 0
    }
    fn apply(op: Op, x: Self, y: Self) -> Option<Self> {
        logic(op, x, y)
    }
}

/// `x op y` on booleans: only `& | ^` run.
fn logic<B>(op: Op, x: B, y: B) -> Option<B>
where
    B: core::ops::BitAnd<Output = B> + core::ops::BitOr<Output = B> + core::ops::BitXor<Output = B>,
{
    match op {
        Op::And => Some(x & y),
        Op::Or => Some(x | y),
        Op::Xor => Some(x ^ y),
        _ => None,
    }
}

/// The operators of a code word, as [`Word::apply`] runs them.
trait Encoded: Sized {
    fn apply(op: Op, x: Self, y: Self) -> Option<Self>;
}

impl<T: Int> Encoded for An<T> {
    fn apply(op: Op, x: Self, y: Self) -> Option<Self> {
        match op {
            Op::Add => Some(x.wrapping_add(y)),
            Op::Sub => Some(x.wrapping_sub(y)),
            Op::Mul => Some(x.wrapping_mul(y)),
            Op::Div => x.checked_div(y),
            Op::Rem => x.checked_rem(y),
            Op::And => Some(x & y),
            Op::Or => Some(x | y),
            Op::Xor => Some(x ^ y),
        }
    }
}

impl Encoded for An<bool> {
    fn apply(op: Op, x: Self, y: Self) -> Option<Self> {
        logic(op, x, y)
    }
}

/// A code word's bits are its raw word, in a `u128` whatever its width.
impl<T: Code> Word for An<T>
where
    An<T>: Encoded,
{
    #[inline]
    fn bits(self) -> u128 {
        let (raw, high) = (self.raw(), (self.raw() >> 32) >> 32);
        u128::from(high.low_u64()) << 64 | u128::from(raw.low_u64())
    }
    #[inline]
    fn of_bits(bits: u128) -> Self {
        let high = T::Raw::from_u64((bits >> 64) as u64);
        Self::from_raw_trusted(((high << 32) << 32) | T::Raw::from_u64(bits as u64))
    }
    fn apply(op: Op, x: Self, y: Self) -> Option<Self> {
        <Self as Encoded>::apply(op, x, y)
    }
}

/// An encoded operator's exchange point: `run` computes `op` on `x` and
/// `y`; with the feature `inject`, each is read as an operand and the
/// operator may be exchanged ([`binary`]); without it, `run(x, y)`.
#[inline(always)]
pub(crate) fn point<W: Word>(op: Op, x: W, y: W, run: impl FnOnce(W, W) -> W) -> W {
    #[cfg(feature = "inject")]
    return binary(op, x, y, run);
    #[cfg(not(feature = "inject"))]
    {
        let _ = op;
        run(x, y)
    }
}

/// The right-hand side of an encoded wrapping method: a word of the
/// receiver's type (the method is an exchange point), or a plain amount
/// (`wrapping_pow`'s exponent: it is not).
pub(crate) trait MethodRhs<W>: Sized {
    /// `run(x, self)`, through the point of `op` if there is one.
    fn point(self, op: Option<Op>, x: W, run: impl FnOnce(W, Self) -> W) -> W;
}

impl<T: Int> MethodRhs<An<T>> for An<T> {
    #[inline(always)]
    fn point(self, op: Option<Op>, x: An<T>, run: impl FnOnce(An<T>, Self) -> An<T>) -> An<T> {
        match op {
            Some(op) => point(op, x, self, run),
            None => run(x, self),
        }
    }
}

impl<T: Int> MethodRhs<An<T>> for u32 {
    #[inline(always)]
    fn point(self, _: Option<Op>, x: An<T>, run: impl FnOnce(An<T>, u32) -> An<T>) -> An<T> {
        run(x, self)
    }
}

/// An encoded wrapping method's exchange point: `wrapping_add`, `_sub` and
/// `_mul` are `+ - *` that wrap, and points as those are (the plain copy's
/// trees make the same methods points).
#[inline(always)]
pub(crate) fn method<W, R: MethodRhs<W>>(
    name: &'static str,
    x: W,
    rhs: R,
    run: impl FnOnce(W, R) -> W,
) -> W {
    rhs.point(Op::of_wrapping(name), x, run)
}

#[cfg(feature = "inject")]
mod armed {
    use core::any::{Any, TypeId};
    use std::cell::{Cell, RefCell};

    use super::{LIVE, Op, Word};
    pub use crate::inject::control::Point;

    thread_local! {
        /// Operand reads.
        pub static OPERANDS: Point = const { Point::new() };
        /// Operations.
        pub static OPERATORS: Point = const { Point::new() };
        /// The live words, most recent last: each a type and its bits.
        static LIVE_WORDS: RefCell<Vec<(TypeId, u128)>> = const { RefCell::new(Vec::new()) };
        /// The plain copy's operands of the operations under way (`None`: opaque).
        static PENDING: RefCell<Vec<Option<(TypeId, u128)>>> = const { RefCell::new(Vec::new()) };
        /// Set while a neighbour runs: its own operators are not points.
        static EXCHANGING: Cell<bool> = const { Cell::new(false) };
    }

    /// A handler begins on this thread: no word is live yet.
    pub fn enter_handler() {
        LIVE_WORDS.with_borrow_mut(Vec::clear);
        PENDING.with_borrow_mut(Vec::clear);
    }

    /// Reads operand `x`: remembers it as live, and returns it, or a live word
    /// of its type with another value if the operand point strikes here.
    #[inline]
    fn read<W: Word>(x: W) -> W {
        let id = TypeId::of::<W>();
        let bits = x.bits();
        let struck = OPERANDS.with(Point::due).then(|| {
            LIVE_WORDS.with_borrow(|live| {
                live.iter()
                    .rev()
                    .find(|&&(t, b)| t == id && b != bits)
                    .map(|&(_, b)| W::of_bits(b))
            })
        });
        LIVE_WORDS.with_borrow_mut(|live| {
            if live.len() == LIVE {
                live.remove(0);
            }
            live.push((id, bits));
        });
        match struck.flatten() {
            Some(other) => {
                OPERANDS.with(Point::fire);
                other
            }
            None => x,
        }
    }

    /// `op` on `x` and `y`, or its neighbour if the operator point strikes here.
    #[inline]
    fn operate<W: Word>(op: Op, x: W, y: W, run: impl FnOnce(W, W) -> W) -> W {
        if OPERATORS.with(Point::due) {
            let neighbour = exchanging(|| W::apply(op.neighbour(), x, y));
            if let Some(result) = neighbour {
                OPERATORS.with(Point::fire);
                return result;
            }
        }
        run(x, y)
    }

    fn exchanging<R>(f: impl FnOnce() -> R) -> R {
        EXCHANGING.set(true);
        let result = f();
        EXCHANGING.set(false);
        result
    }

    /// An encoded operator's point: `op` on `x` and `y`, each read as an
    /// operand, `run` computing it (or the neighbour, if struck).
    #[inline]
    pub(in crate::inject) fn binary<W: Word>(op: Op, x: W, y: W, run: impl FnOnce(W, W) -> W) -> W {
        if EXCHANGING.get() {
            return run(x, y);
        }
        let (x, y) = (read(x), read(y));
        operate(op, x, y, run)
    }

    /// Runs `$body` with `$word` bound to `$value` as the word it is (a `&mut`
    /// of one of the std word types), or `$other` if it is none of them.
    macro_rules! as_word {
        ($value:expr, $word:ident => $body:expr, else => $other:expr) => {{
            let any = $value as &mut dyn Any;
            with_words!(as_word!(@words any, $word, $body, $other;))
        }};
        (@words $any:ident, $word:ident, $body:expr, $other:expr; $($t:ty => $bits:ty,)*) => {
            as_word!(@ $any, $word, $body, $other; $($t,)* bool)
        };
        (@ $any:ident, $word:ident, $body:expr, $other:expr; $($t:ty),*) => {
            $(if let Some($word) = $any.downcast_mut::<$t>() {
                $body
            } else)* {
                $other
            }
        };
    }

    fn read_in<W: Word>(word: &mut W) {
        *word = read(*word);
        PENDING.with_borrow_mut(|pending| pending.push(Some((TypeId::of::<W>(), word.bits()))));
    }

    fn opaque_read() {
        PENDING.with_borrow_mut(|pending| pending.push(None));
    }

    /// The plain copy's operand of an exchange point: a word is read (and may
    /// be exchanged); anything else is [`opaque`]. Not a public API.
    #[inline(always)]
    pub fn operand<T: 'static>(mut value: T) -> T {
        operand_in(&mut value);
        value
    }

    /// [`operand`] for the place a compound assignment reads and writes.
    #[inline(always)]
    pub fn operand_in<T: 'static>(place: &mut T) {
        as_word!(place, word => read_in(word), else => opaque_read())
    }

    /// The plain copy's receiver of a wrapping method that the macro cannot
    /// read (a local): said before the argument, as [`opaque`] would. Not
    /// a public API.
    #[inline(always)]
    pub fn opaque_receiver() {
        opaque_read();
    }

    /// The plain copy's operand whose type the macro cannot see (a local, a
    /// call): passed through, neither live nor a point. Not a public API.
    #[inline(always)]
    pub fn opaque<T>(value: T) -> T {
        opaque_read();
        value
    }

    fn settle<W: Word>(out: &mut W, op: Op, operands: [Option<(TypeId, u128)>; 2]) {
        let id = TypeId::of::<W>();
        let word = |operand: Option<(TypeId, u128)>| {
            operand.and_then(|(t, bits)| (t == id).then(|| W::of_bits(bits)))
        };
        if let Some((x, y)) = recover(op, *out, word(operands[0]), word(operands[1])) {
            *out = operate(op, x, y, |_, _| *out);
        }
    }

    /// Both operands of `out = x op y`: as read, or an opaque one worked out
    /// from the other and the result where the operator can be undone
    /// (`+`, `-`, `^`, which wrap), so that `now + 100` is an operation on
    /// two words although the macro cannot read `now`.
    fn recover<W: Word>(op: Op, out: W, x: Option<W>, y: Option<W>) -> Option<(W, W)> {
        let undo = |op, a, b| W::apply(op, a, b);
        match (op, x, y) {
            (_, Some(x), Some(y)) => Some((x, y)),
            (Op::Add, None, Some(y)) => Some((undo(Op::Sub, out, y)?, y)),
            (Op::Add, Some(x), None) => Some((x, undo(Op::Sub, out, x)?)),
            (Op::Sub, None, Some(y)) => Some((undo(Op::Add, out, y)?, y)),
            (Op::Sub, Some(x), None) => Some((x, undo(Op::Sub, x, out)?)),
            (Op::Xor, None, Some(y)) => Some((undo(Op::Xor, out, y)?, y)),
            (Op::Xor, Some(x), None) => Some((x, undo(Op::Xor, out, x)?)),
            _ => None,
        }
    }

    /// The plain copy's result of an exchange point: the operation `op` has
    /// computed `value` from the last two operands read ([`operand`],
    /// [`opaque`]); if both were words of its type (or one was, and `op`
    /// can be undone to give the other), it is an operation the operator
    /// point counts, and the neighbour's result if it strikes. Not a
    /// public API.
    #[inline(always)]
    pub fn result_of<T: 'static>(op: Op, mut value: T) -> T {
        result_in_of(op, &mut value);
        value
    }

    /// [`result_of`] for a result in place: its operands were read left
    /// first, then right.
    #[inline(always)]
    fn result_in_of<T: 'static>(op: Op, place: &mut T) {
        let operands = PENDING.with_borrow_mut(|pending| {
            let y = pending.pop().flatten();
            let x = pending.pop().flatten();
            [x, y]
        });
        as_word!(place, word => settle(word, op, operands), else => ())
    }

    /// [`result_of`] for the place a compound assignment (`x += y`) wrote:
    /// its operands were read right-hand side first, then the place (as
    /// Rust evaluates a compound assignment on primitive types). Not a
    /// public API.
    #[inline(always)]
    pub fn assigned_of<T: 'static>(op: Op, place: &mut T) {
        PENDING.with_borrow_mut(|pending| {
            let n = pending.len();
            if n >= 2 {
                pending.swap(n - 1, n - 2);
            }
        });
        result_in_of(op, place)
    }
}
