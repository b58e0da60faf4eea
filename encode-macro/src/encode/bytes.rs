//! `u8` between byte buffers and encoded positions. A scalar `u8` is an
//! `AnU8` in `encoded`; a buffer's elements (`[u8; N]`, `&[u8]`, `Vec<u8>`)
//! stay plain `u8`s ([`super::types::is_byte_buffer`]). A byte crosses
//! between the two through `cross(…)`, which encodes a plain byte into an
//! `AnU8`, decodes (checked) an `AnU8` into a plain byte, and passes any
//! other value as it is; the macro puts it where it sees one side of a
//! crossing and rustc knows the value's type by itself ([`is_typed`]: a
//! local, a field, an index, a cast, not a method call such as `x.into()`):
//!
//! - into an encoded `u8`, a value the macro does not know to be one
//!   already (`bytes[0]`, a byte bound by `for &b in bytes`): an argument
//!   of the module's fn, tuple struct or tuple variant whose parameter is
//!   written `u8` (`width(bytes[0])`), a field value of the module's struct
//!   or struct variant whose field is (`Msg { last: b }`), an assignment to
//!   such a field or a `u8` local, a `let` annotated `u8`, the result of a
//!   fn returning `u8` (through tuples and `Some`: `-> (u32, u8)`,
//!   `self.last = Some(b)`), an argument of an `AnU8`'s method that takes
//!   its type (`sum.wrapping_add(b)`);
//! - into a buffer, a value the macro knows to be an encoded `u8` (a `u8`
//!   local or parameter, a cast `as u8`, a `u8` constant, a `u8` field):
//!   `out.push(byte)`, `v.insert(i, byte)`, `buf[i] = x as u8`, `*b = x`.
//!
//! A buffer's byte lent to a parameter written `&mut u8` (`bump(&mut
//! buf[i])`) is rejected: a place cannot be converted.
//!
//! (`cross(…)` is also a `Vec` position's way to `usize`: [`super::sizes`].)
//!
//! Operators need none of this: `AnU8`'s take a plain `u8` on either side
//! (`crc as u8 ^ byte` is an `AnU8`).

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Expr, Member, Type, UnOp, parse_quote_spanned};

use super::Encoder;
use super::literals::is_literal_only;
use super::types::is_byte;
use crate::diagnostics::Reject;

/// std's methods that store their last argument in a collection.
const STORES: &[&str] = &["push", "push_back", "push_front", "insert"];

/// An expression whose type rustc knows without its context: `cross(…)`
/// around it is resolved by its type alone. (A method call is one only if
/// it is an integer method returning its receiver's type, such as
/// `wrapping_add`: `x.into()`, `s.parse().unwrap()`, `iter.sum()` take
/// their type from where they go.)
pub fn is_typed(expr: &Expr) -> bool {
    match expr {
        Expr::Path(path) => path.qself.is_none(),
        Expr::Field(_) | Expr::Index(_) | Expr::Cast(_) => true,
        Expr::Paren(paren) => is_typed(&paren.expr),
        Expr::Group(group) => is_typed(&group.expr),
        Expr::Unary(unary) => {
            matches!(unary.op, UnOp::Deref(_) | UnOp::Not(_) | UnOp::Neg(_))
                && is_typed(&unary.expr)
        }
        // `frame[1] + 1`: a literal takes the other side's type.
        Expr::Binary(binary) => {
            let operand = |e: &Expr| is_typed(e) || is_literal_only(e);
            (is_typed(&binary.left) || is_typed(&binary.right))
                && operand(&binary.left)
                && operand(&binary.right)
        }
        // `frame[2].wrapping_add(1)`: an integer method of a typed receiver.
        Expr::MethodCall(call) => {
            super::locals::returns_receiver_type(&call.method.to_string())
                && is_typed(&call.receiver)
        }
        _ => false,
    }
}

impl Encoder<'_> {
    /// `cross(expr)`: see the [module docs](self).
    pub(super) fn cross(&self, expr: &mut Expr) {
        let krate = self.krate;
        *expr = parse_quote_spanned!(expr.span()=> #krate::__private::cross(#expr));
    }

    /// Whether `original`, as written, is known to be an encoded `u8`.
    fn is_encoded_byte(&self, original: &Expr) -> bool {
        match original {
            // A `u8` constant is encoded where it is used as a value.
            Expr::Path(_) => {
                self.known.type_of(original).as_deref() == Some("u8")
                    || self.is_plain_byte_constant(original)
            }
            Expr::Field(field) => self.field_type(&field.member).is_some_and(is_byte),
            Expr::Paren(paren) => self.is_encoded_byte(&paren.expr),
            Expr::MethodCall(call)
                if super::locals::returns_receiver_type(&call.method.to_string()) =>
            {
                self.is_encoded_byte(&call.receiver)
            }
            _ => self.known.type_of(original).as_deref() == Some("u8"),
        }
    }

    /// A value stored into an encoded `u8`: `cross(expr)` unless `original`,
    /// as written, is known to be one already.
    pub(super) fn byte_into_encoded(&self, original: &Expr, expr: &mut Expr) {
        if super::literals::is_byte_char(original) {
            // `Some(b'?')` into an `Option<u8>`: a constant.
            let krate = self.krate;
            *expr = parse_quote_spanned!(original.span()=> #krate::AnU8::encode(#original));
        } else if is_typed(original) && !self.is_encoded_byte(original) {
            self.cross(expr);
        }
    }

    /// A value stored into a place that may be a buffer's byte: `cross(expr)`
    /// if `original`, as written, is known to be an encoded `u8`.
    pub(super) fn byte_into_store(&self, original: &Expr, expr: &mut Expr) {
        if self.is_plain_byte_constant(original) {
            // `out.push(MAGIC)`: the plain constant, not encoded and decoded.
            *expr = original.clone();
        } else if self.is_encoded_byte(original) {
            self.cross(expr);
        }
    }

    /// Whether `original` names a `u8` constant of the module, which stays
    /// plain ([`super::scope::Scope::plain_constants`]).
    fn is_plain_byte_constant(&self, original: &Expr) -> bool {
        let Expr::Path(path) = original else {
            return false;
        };
        path.path.get_ident().is_some_and(|name| {
            let name = name.to_string();
            !self.known.binds(&name)
                && self
                    .scope
                    .plain_constants
                    .get(&name)
                    .is_some_and(|p| p.is_byte())
        })
    }

    /// A value stored where the source says `ty`: into an encoded `u8`
    /// where that is `u8` (through tuples: `-> (u32, u8)`).
    pub(super) fn byte_value(&self, ty: &Type, original: &Expr, expr: &mut Expr) {
        match (ty, original, expr) {
            (Type::Paren(paren), original, expr) => self.byte_value(&paren.elem, original, expr),
            (Type::Tuple(types), Expr::Tuple(originals), Expr::Tuple(values))
                if types.elems.len() == values.elems.len()
                    && originals.elems.len() == values.elems.len() =>
            {
                let pairs = originals.elems.iter().zip(&mut values.elems);
                for (ty, (original, value)) in types.elems.iter().zip(pairs) {
                    self.byte_value(ty, original, value);
                }
            }
            // `self.last = Some(kind)` into an `Option<u8>`.
            (ty, Expr::Call(original), Expr::Call(value))
                if is_some(&original.func) && is_some(&value.func) && value.args.len() == 1 =>
            {
                if let (Some(elem), Some(original)) = (option_of(ty), original.args.first()) {
                    self.byte_value(elem, original, &mut value.args[0]);
                }
            }
            (ty, original, expr) if is_byte(ty) => self.byte_into_encoded(original, expr),
            _ => {}
        }
    }

    /// The type of the fields named `member` of the module's structs, if
    /// they agree.
    fn field_type(&self, member: &Member) -> Option<&Type> {
        let Member::Named(member) = member else {
            return None;
        };
        let member = member.to_string();
        let mut types = self
            .scope
            .fields
            .values()
            .filter_map(|fields| fields.get(&member));
        let first = types.next()?;
        let tokens = first.to_token_stream().to_string();
        types
            .all(|ty| ty.to_token_stream().to_string() == tokens)
            .then_some(first)
    }

    /// The arguments of a method call, visited (`receiver` and `originals`
    /// as written): of a method of an encoded `u8` that take its type
    /// (`sum.wrapping_add(b)`), into an encoded `u8`; the value a std
    /// collection's `push` or `insert` stores (`out.push(byte)`), into a
    /// store.
    pub(super) fn byte_method_arguments(
        &self,
        receiver: &Expr,
        call: &mut syn::ExprMethodCall,
        originals: &[Expr],
    ) {
        let method = call.method.to_string();
        if takes_receiver_type(&method) && self.is_encoded_byte(receiver) {
            for (arg, original) in call.args.iter_mut().zip(originals) {
                self.byte_into_encoded(original, arg);
            }
        } else if let Some(i) = stored_argument(&method, call.args.len()) {
            self.byte_into_store(&originals[i], &mut call.args[i]);
        }
    }

    /// The arguments of a call of the module's fn, tuple struct or tuple
    /// variant (by name) that go to a parameter written `u8` pass into an
    /// encoded `u8`; a buffer's byte lent to one written `&mut u8`
    /// (`bump(&mut buf[i])`) is rejected, since a place cannot be converted.
    pub(super) fn byte_arguments(&mut self, call: &mut syn::ExprCall, originals: &[Expr]) {
        let Expr::Path(path) = &*call.func else {
            return;
        };
        let Some(last) = path.path.segments.last() else {
            return;
        };
        let Some(params) = self.scope.fns.get(&last.ident.to_string()) else {
            return;
        };
        let mut lent = Vec::new();
        for ((arg, original), ty) in call.args.iter_mut().zip(originals).zip(params) {
            self.byte_value(ty, original, arg);
            if let (Type::Reference(param), Expr::Reference(value)) = (ty, original)
                && param.mutability.is_some()
                && value.mutability.is_some()
                && is_byte(&param.elem)
                && matches!(&*value.expr, Expr::Index(_))
            {
                lent.push(original.clone());
            }
        }
        for original in lent {
            self.errors.reject(original, Reject::LentByte);
        }
    }

    /// A value of the field `member` of the struct (or struct variant)
    /// named `name`: see [`Self::byte_value`].
    pub(super) fn byte_field(
        &self,
        name: Option<&str>,
        member: &Member,
        original: &Expr,
        expr: &mut Expr,
    ) {
        let Member::Named(field) = member else {
            return;
        };
        let ty = name
            .and_then(|name| self.scope.fields.get(name))
            .and_then(|fields| fields.get(&field.to_string()));
        if let Some(ty) = ty {
            self.byte_value(ty, original, expr);
        }
    }

    /// A value assigned to `place`: into an encoded `u8` if `place` is a
    /// `u8` local or field, into a store if it is an index or a deref.
    pub(super) fn byte_assignment(&self, place: &Expr, original: &Expr, expr: &mut Expr) {
        match place {
            Expr::Paren(paren) => self.byte_assignment(&paren.expr, original, expr),
            Expr::Index(_) => self.byte_into_store(original, expr),
            Expr::Unary(unary) if matches!(unary.op, UnOp::Deref(_)) => {
                self.byte_into_store(original, expr)
            }
            Expr::Path(_) if self.is_encoded_byte(place) => self.byte_into_encoded(original, expr),
            Expr::Field(field) => {
                if let Some(ty) = self.field_type(&field.member) {
                    self.byte_value(ty, original, expr);
                }
            }
            _ => {}
        }
    }
}

/// Which argument of a std method call with `args` arguments stores a value
/// in a collection (`push`'s, `insert`'s last).
fn stored_argument(method: &str, args: usize) -> Option<usize> {
    STORES
        .contains(&method)
        .then(|| args.checked_sub(1))
        .flatten()
}

/// `Some`, the constructor.
fn is_some(func: &Expr) -> bool {
    matches!(func, Expr::Path(path) if path.path.is_ident("Some"))
}

/// `T` of `Option<T>`, as written.
fn option_of(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match (last.ident == "Option", args.args.first()) {
        (true, Some(syn::GenericArgument::Type(elem))) => Some(elem),
        _ => None,
    }
}

/// Whether the integer method `method` takes arguments of its receiver's
/// type (`wrapping_add`, `min`; not `pow` or `rotate_left`, whose amount is
/// a `u32`).
fn takes_receiver_type(method: &str) -> bool {
    let family = ["wrapping_", "checked_", "saturating_", "overflowing_"]
        .iter()
        .any(|prefix| method.starts_with(prefix));
    let amount = ["pow", "shl", "shr", "neg", "abs", "ilog"]
        .iter()
        .any(|suffix| method.ends_with(suffix));
    (family && !amount)
        || matches!(
            method,
            "min" | "max" | "clamp" | "abs_diff" | "div_ceil" | "midpoint"
        )
}
