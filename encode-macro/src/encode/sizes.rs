//! `usize` at std's edge. In `encoded` a `usize` is an `AnUsize`, but std's
//! collections and iterators take and give plain `usize`s. The macro knows
//! std's methods by name:
//!
//! - an argument std takes as a `usize` or a range of them (`v.swap(i, j)`,
//!   `v.truncate(n)`, `v.drain(..n)`, `iter.take(n)`, `Vec::with_capacity(n)`,
//!   `vec![x; n]`) goes through `index(…)`, which decodes (checked) an
//!   `AnUsize`, or the ends of a range of them, and passes a `usize`, a
//!   reference or a range of `usize` as it is;
//! - a length std returns (`v.len()`, `iter.count()`, `v.capacity()`) is
//!   encoded, so that it is checked where it is stored (`Incomplete(v.len())`,
//!   `let n: usize = v.len()`); an encoded one (the module's own `len`)
//!   stays as it is;
//! - `iter.enumerate()` counts in `AnUsize`;
//! - the first argument of `insert` and `remove` is a `Vec`'s position or a
//!   map's key: `cross(…)` decodes an `AnUsize` where std wants a
//!   `usize`, and passes it where the collection holds `AnUsize`s;
//! - an index cast to `usize` (`v[id as usize]`) is cast straight to a
//!   plain `usize` (decoded, checked, once), not encoded and decoded again;
//! - a `usize` constant of the module stays a plain `usize`, which array
//!   lengths and repeat counts need (`[u32; N]`, `[0; N]`), and is encoded
//!   where code uses it as a value (`idx: N`, `x.div_ceil(BITS)`).
//!
//! A method of the module with one of these names that takes an encoded
//! `usize` fails to compile (it gets a plain one); nothing is silently plain.

use quote::quote_spanned;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, ExprCast, ExprMethodCall, parse_quote_spanned};

use super::{Encoder, literals};

/// std's methods and the positions of their `usize` arguments.
const SIZE_ARGUMENTS: &[(&str, &[usize])] = &[
    ("get", &[0]),
    ("get_mut", &[0]),
    ("get_unchecked", &[0]),
    ("get_unchecked_mut", &[0]),
    ("swap", &[0, 1]),
    ("swap_remove", &[0]),
    ("truncate", &[0]),
    ("split_at", &[0]),
    ("split_at_mut", &[0]),
    ("split_off", &[0]),
    ("drain", &[0]),
    ("splice", &[0]),
    ("copy_within", &[0, 1]),
    ("extend_from_within", &[0]),
    ("resize", &[0]),
    ("reserve", &[0]),
    ("reserve_exact", &[0]),
    ("chunks", &[0]),
    ("chunks_exact", &[0]),
    ("chunks_mut", &[0]),
    ("rchunks", &[0]),
    ("windows", &[0]),
    ("nth", &[0]),
    ("nth_back", &[0]),
    ("skip", &[0]),
    ("take", &[0]),
    ("step_by", &[0]),
];

/// std's methods whose first argument is a position in a `Vec` or a key of
/// a map or a set, with their number of arguments: `v.insert(i, x)`,
/// `map.insert(k, v)`, `v.remove(i)`, `map.remove(&k)`.
const POSITION_ARGUMENTS: &[(&str, usize)] = &[("insert", 2), ("remove", 1)];

/// std's functions (by their last path segment) and the positions of their
/// `usize` arguments.
const SIZE_FUNCTIONS: &[(&str, &[usize])] = &[("with_capacity", &[0]), ("repeat_n", &[1])];

/// std's methods without arguments that return a length.
const SIZE_RESULTS: &[&str] = &["len", "count", "capacity"];

/// The `usize` argument positions of `name` in `table`.
fn positions(table: &[(&str, &'static [usize])], name: &str) -> Option<&'static [usize]> {
    table
        .iter()
        .find(|(method, _)| *method == name)
        .map(|(_, positions)| *positions)
}

/// Whether `method` is one whose `usize` arguments [`Encoder::size_arguments`]
/// converts (their literals are left bare, for std to infer).
pub fn takes_sizes(method: &str) -> bool {
    positions(SIZE_ARGUMENTS, method).is_some()
}

/// The cast to `usize` that `expr` is, through parentheses.
pub fn size_cast(expr: &mut Expr) -> Option<&mut ExprCast> {
    match expr {
        Expr::Cast(cast) if super::types::is_size(&cast.ty) => Some(cast),
        Expr::Paren(paren) => size_cast(&mut paren.expr),
        _ => None,
    }
}

impl Encoder<'_> {
    /// `CastInto::<usize>::cast_into(e)` for `e as usize`, whose operand has
    /// been visited: a plain `usize` in both builds.
    pub(super) fn plain_size_cast(&self, cast: &ExprCast) -> Expr {
        let (krate, operand, span) = (self.krate, &cast.expr, cast.span());
        let operand = match &**operand {
            Expr::Paren(paren) => &*paren.expr,
            operand => operand,
        };
        if super::is_variant_path(operand) {
            // `v[Kind::Vote as usize]`: an enum's discriminant, plainly.
            return parse_quote_spanned!(span=> #operand as usize);
        }
        parse_quote_spanned!(span=> #krate::__private::CastInto::<usize>::cast_into(#operand))
    }

    /// `index(arg)` around a `usize` argument; a literal and `..` stay bare.
    fn size_argument(&self, arg: &mut Expr) {
        let full_range =
            matches!(arg, Expr::Range(range) if range.start.is_none() && range.end.is_none());
        if full_range || literals::is_literal_only(arg) {
            return;
        }
        self.index_call(arg);
    }

    /// The `usize` arguments of a std method: see the [module docs](self).
    pub(super) fn size_arguments(&self, call: &mut ExprMethodCall) {
        let Some(positions) = positions(SIZE_ARGUMENTS, &call.method.to_string()) else {
            return;
        };
        for (i, arg) in call.args.iter_mut().enumerate() {
            if positions.contains(&i) {
                self.size_argument(arg);
            } else {
                self.defer_argument(arg);
            }
        }
    }

    /// `v.insert(cross(i), x)`: the first argument of a method of
    /// [`POSITION_ARGUMENTS`] whose type rustc knows by itself
    /// ([`super::bytes::is_typed`]).
    pub(super) fn position_argument(&self, call: &mut ExprMethodCall) {
        let method = call.method.to_string();
        let takes = POSITION_ARGUMENTS
            .iter()
            .any(|(name, args)| *name == method && *args == call.args.len());
        let Some(first) = call.args.first_mut().filter(|_| takes) else {
            return;
        };
        let typed = self.known.type_of(first);
        if !super::bytes::is_typed(first)
            || matches!(first, Expr::Reference(_))
            || typed.is_some_and(|ty| ty != "usize")
        {
            // A literal (which `lit` defers), a value whose type comes from
            // where it goes (`i.into()`), a reference or a key of another
            // type than `usize`.
            return;
        }
        self.cross(first);
    }

    /// The `usize` arguments of a std function (`Vec::with_capacity(n)`).
    pub(super) fn size_call_arguments(&self, call: &mut ExprCall) {
        let Expr::Path(path) = &*call.func else {
            return;
        };
        let Some(last) = path.path.segments.last() else {
            return;
        };
        let Some(positions) = positions(SIZE_FUNCTIONS, &last.ident.to_string()) else {
            return;
        };
        for (i, arg) in call.args.iter_mut().enumerate() {
            if positions.contains(&i) {
                self.size_argument(arg);
            }
        }
    }

    /// `vec![x; n]`'s count.
    pub(super) fn size_count(&self, count: &mut Expr) {
        self.size_argument(count);
    }

    /// `N`, a `usize` or `u8` constant of the module used as a value,
    /// encoded (a constant: `encode` is a `const fn`). `None` for any other
    /// expression.
    pub(super) fn size_constant(&self, expr: &Expr) -> Option<Expr> {
        let Expr::Path(path) = expr else {
            return None;
        };
        let name = path.path.get_ident()?.to_string();
        if path.qself.is_some() || self.known.binds(&name) {
            return None;
        }
        let primitive = self.scope.plain_constants.get(&name)?;
        let encoded = primitive.encoded_path(self.krate, path.span());
        Some(parse_quote_spanned!(path.span()=> #encoded::encode(#path)))
    }

    /// `v.len()` → `encoded(v.len())`, `iter.enumerate()` → `enumerate(iter)`:
    /// see the [module docs](self). `None` for any other expression.
    pub(super) fn size_result(&self, expr: &Expr) -> Option<Expr> {
        let Expr::MethodCall(call) = expr else {
            return None;
        };
        if !call.args.is_empty() || call.turbofish.is_some() {
            return None;
        }
        let (krate, method, span) = (self.krate, call.method.to_string(), call.span());
        if SIZE_RESULTS.contains(&method.as_str()) {
            return Some(parse_quote_spanned!(span=> #krate::__private::encoded(#call)));
        }
        if method == "enumerate" {
            let receiver = &call.receiver;
            let function = quote_spanned!(call.method.span()=> enumerate);
            return Some(parse_quote_spanned!(span=> #krate::__private::#function(#receiver)));
        }
        None
    }
}
