//! Integer literals, whose type the macro cannot see. Three rules:
//!
//! - where the type is visibly an encoded primitive (an annotation, a
//!   signature: `u32`, `i64`, …) a literal expression becomes
//!   `AnU32::encode(expr)` (`AnI64::encode(expr)`, …), a constant;
//! - as a call argument, field value or assigned value it becomes
//!   `lit(expr)`, which rustc resolves to the parameter's type, encoding
//!   when that is an encoded one;
//! - where nothing would fix its type, a binding of it is rejected.

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{BinOp, Expr, Lit, Path, Type, UnOp};

use super::conditions;
use super::types::{Primitive, encoded_primitive, primitive_named, unsupported_named};

/// An expression of unsuffixed integer literals and operators on them: its
/// type comes from the context alone.
pub fn is_literal_only(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(lit) => matches!(&lit.lit, Lit::Int(int) if int.suffix().is_empty()),
        Expr::Paren(paren) => is_literal_only(&paren.expr),
        Expr::Group(group) => is_literal_only(&group.expr),
        Expr::Unary(unary) => {
            matches!(unary.op, UnOp::Neg(_) | UnOp::Not(_)) && is_literal_only(&unary.expr)
        }
        Expr::Binary(binary) => {
            is_arithmetic(&binary.op)
                && is_literal_only(&binary.left)
                && is_literal_only(&binary.right)
        }
        _ => false,
    }
}

fn is_arithmetic(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::Add(_)
            | BinOp::Sub(_)
            | BinOp::Mul(_)
            | BinOp::Div(_)
            | BinOp::Rem(_)
            | BinOp::BitAnd(_)
            | BinOp::BitOr(_)
            | BinOp::BitXor(_)
            | BinOp::Shl(_)
            | BinOp::Shr(_)
    )
}

fn is_shift(op: &BinOp) -> bool {
    matches!(op, BinOp::Shl(_) | BinOp::Shr(_))
}

/// A `let` initializer whose type only literals decide: `5`, `[0; 4]`,
/// `(0, 1)`, `Some(0)`, `vec![0; n]`, `if c { 1 } else { 2 }`, a `match`
/// whose arms are all literals.
pub fn is_literal_typed(expr: &Expr) -> bool {
    match expr {
        Expr::Paren(paren) => is_literal_typed(&paren.expr),
        Expr::Group(group) => is_literal_typed(&group.expr),
        // An array's elements share one type; a tuple's do not.
        Expr::Array(array) => !array.elems.is_empty() && array.elems.iter().all(is_literal_typed),
        Expr::Tuple(tuple) => tuple.elems.iter().any(is_literal_typed),
        Expr::Repeat(repeat) => is_literal_typed(&repeat.expr),
        Expr::Call(call) => {
            let is_some = matches!(&*call.func, Expr::Path(p) if p.path.is_ident("Some"));
            is_some && call.args.iter().any(is_literal_typed)
        }
        Expr::Macro(mac) if mac.mac.path.is_ident("vec") => {
            let first = mac.mac.parse_body_with(|input: syn::parse::ParseStream| {
                let first: Expr = input.parse()?;
                input.parse::<proc_macro2::TokenStream>()?;
                Ok(first)
            });
            first.is_ok_and(|first| is_literal_typed(&first))
        }
        Expr::If(expr_if) => {
            let then = block_tail(&expr_if.then_branch);
            let otherwise = expr_if.else_branch.as_ref().map(|(_, e)| &**e);
            then.is_some_and(is_literal_typed) && otherwise.is_some_and(is_literal_typed)
        }
        Expr::Match(expr_match) => expr_match
            .arms
            .iter()
            .all(|arm| is_literal_typed(&arm.body)),
        Expr::Block(block) => block_tail(&block.block).is_some_and(is_literal_typed),
        // `1 << k` has the type of `1`.
        Expr::Binary(binary) if is_shift(&binary.op) => is_literal_typed(&binary.left),
        other => is_literal_only(other),
    }
}

fn block_tail(block: &syn::Block) -> Option<&Expr> {
    match block.stmts.last() {
        Some(syn::Stmt::Expr(expr, None)) => Some(expr),
        _ => None,
    }
}

fn block_tail_mut(block: &mut syn::Block) -> Option<&mut Expr> {
    match block.stmts.last_mut() {
        Some(syn::Stmt::Expr(expr, None)) => Some(expr),
        _ => None,
    }
}

/// Encodes the literals of `expr`, whose type the source says is `ty`
/// (as written, before the rewrite): `let x: (u32, bool) = (0, true);`.
pub fn expect(krate: &Path, ty: &Type, expr: &mut Expr) {
    match (ty, &mut *expr) {
        (Type::Paren(paren), _) => expect(krate, &paren.elem, expr),
        (Type::Group(group), _) => expect(krate, &group.elem, expr),
        (_, Expr::Paren(paren)) if !is_literal_only(&paren.expr) => {
            expect(krate, ty, &mut paren.expr)
        }
        (_, Expr::Block(block)) if block.label.is_none() => {
            if let Some(tail) = block_tail_mut(&mut block.block) {
                expect(krate, ty, tail);
            }
        }
        (_, Expr::If(expr_if)) => {
            if let Some(tail) = block_tail_mut(&mut expr_if.then_branch) {
                expect(krate, ty, tail);
            }
            if let Some((_, otherwise)) = &mut expr_if.else_branch {
                expect(krate, ty, otherwise);
            }
        }
        (_, Expr::Match(expr_match)) => {
            for arm in &mut expr_match.arms {
                expect(krate, ty, &mut arm.body);
            }
        }
        (Type::Tuple(types), Expr::Tuple(values)) if types.elems.len() == values.elems.len() => {
            for (ty, value) in types.elems.iter().zip(&mut values.elems) {
                expect(krate, ty, value);
            }
        }
        (Type::Array(array), Expr::Array(values)) => {
            for value in &mut values.elems {
                expect(krate, &array.elem, value);
            }
        }
        (Type::Array(array), Expr::Repeat(repeat)) => expect(krate, &array.elem, &mut repeat.expr),
        (Type::Slice(slice), Expr::Array(values)) => {
            for value in &mut values.elems {
                expect(krate, &slice.elem, value);
            }
        }
        (Type::Reference(reference), Expr::Reference(value)) => {
            expect(krate, &reference.elem, &mut value.expr)
        }
        // `let min: u32 = [0, 0x80, 0x800][len];`
        (ty, Expr::Index(index)) if matches!(&*index.expr, Expr::Array(_)) => {
            if let Expr::Array(values) = &mut *index.expr {
                for value in &mut values.elems {
                    expect(krate, ty, value);
                }
            }
        }
        (ty, expr) if conditions::is_bool(ty) && conditions::is_bool_literal(expr) => {
            let span = expr.span();
            let value = expr.to_token_stream();
            *expr = syn::parse_quote_spanned!(span=> #krate::AnBool::encode(#value));
        }
        (ty, expr) if is_byte_char(expr) && super::types::is_byte(ty) => {
            *expr = encode_literal(krate, primitive_named("u8").expect("u8 is encoded"), expr);
        }
        (ty, expr) if is_literal_only(expr) => {
            if let Some(primitive) = encoded_primitive(ty) {
                *expr = encode_literal(krate, primitive, expr);
            }
        }
        _ => {}
    }
}

/// Wraps the literals of a value whose type the macro cannot see in `lit(…)`.
pub fn defer(krate: &Path, expr: &mut Expr) {
    match expr {
        Expr::Array(array) => array.elems.iter_mut().for_each(|e| defer(krate, e)),
        // `f(&[1, 2, 3])`: rustc unsizes the array to the parameter's slice.
        // (A lone `&1` stays: generic parameters such as `contains(&1)`'s
        // cannot see through `lit`.)
        Expr::Reference(reference)
            if matches!(&*reference.expr, Expr::Array(_) | Expr::Repeat(_)) =>
        {
            defer(krate, &mut reference.expr)
        }
        Expr::Tuple(tuple) => tuple.elems.iter_mut().for_each(|e| defer(krate, e)),
        Expr::Repeat(repeat) => defer(krate, &mut repeat.expr),
        Expr::Paren(paren) if !is_literal_only(&paren.expr) => defer(krate, &mut paren.expr),
        Expr::Block(block) if block.label.is_none() => {
            if let Some(tail) = block_tail_mut(&mut block.block) {
                defer(krate, tail);
            }
        }
        Expr::If(expr_if) => {
            if let Some(tail) = block_tail_mut(&mut expr_if.then_branch) {
                defer(krate, tail);
            }
            if let Some((_, otherwise)) = &mut expr_if.else_branch {
                defer(krate, otherwise);
            }
        }
        Expr::Match(expr_match) => {
            for arm in &mut expr_match.arms {
                defer(krate, &mut arm.body);
            }
        }
        expr if is_literal_only(expr)
            || conditions::is_bool_literal(expr)
            || is_byte_char(expr) =>
        {
            let span = expr.span();
            let value = expr.to_token_stream();
            *expr = syn::parse_quote_spanned!(span=> #krate::__private::lit(#value));
        }
        _ => {}
    }
}

/// `AnU32::encode(expr)`: the literal expression `expr` as a constant of
/// `primitive`'s encoded type.
fn encode_literal(krate: &Path, primitive: &Primitive, expr: &Expr) -> Expr {
    let span = expr.span();
    let encoded = primitive.encoded_path(krate, span);
    let value = expr.to_token_stream();
    syn::parse_quote_spanned!(span=> #encoded::encode(#value))
}

/// The encoded primitive whose suffix `expr` carries, like `0u64` in
/// `[0u64, 8, 16]`, or `-3i64`.
pub fn suffixed_primitive(expr: &Expr) -> Option<&'static Primitive> {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Int(int) => primitive_named(int.suffix()),
            _ => None,
        },
        Expr::Unary(unary) if matches!(unary.op, UnOp::Neg(_)) => suffixed_primitive(&unary.expr),
        _ => None,
    }
}

/// A byte literal, `b'a'`: a `u8` constant, encoded where its destination
/// is an encoded `u8` (a byte string, `b"…"`, is a buffer).
pub fn is_byte_char(expr: &Expr) -> bool {
    matches!(expr, Expr::Lit(lit) if matches!(lit.lit, Lit::Byte(_)))
}

/// A `u8`-suffixed literal (`0u8`), which stays plain as a byte buffer's
/// element (`[0u8; 16]`, `vec![0u8; n]`).
pub fn is_byte_literal(expr: &Expr) -> bool {
    suffixed_primitive(expr).is_some_and(Primitive::is_byte)
}

/// The 128-bit type a literal's suffix names (`1u128`), if it does.
pub fn unsupported_suffix(expr: &Expr) -> Option<&'static str> {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Int(int) => unsupported_named(int.suffix()),
            _ => None,
        },
        _ => None,
    }
}

/// `5u64` → `AnU64::encode(5)`, `-3i64` → `AnI64::encode(-3)` (one
/// constant, so that `-128i8` stays in range); other literals are left alone.
pub fn encode_suffixed(krate: &Path, expr: &mut Expr) {
    let Some(primitive) = suffixed_primitive(expr) else {
        return;
    };
    let value = unsuffixed(expr);
    *expr = encode_literal(krate, primitive, &value);
}

/// `expr`, a suffixed literal or its negation, without the suffix.
fn unsuffixed(expr: &Expr) -> Expr {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(int), ..
        }) => {
            let value = syn::LitInt::new(int.base10_digits(), int.span());
            syn::parse_quote_spanned!(int.span()=> #value)
        }
        Expr::Unary(unary) => {
            let (op, inner) = (&unary.op, unsuffixed(&unary.expr));
            syn::parse_quote_spanned!(unary.span()=> #op #inner)
        }
        other => other.clone(),
    }
}
