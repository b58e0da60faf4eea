//! Booleans: `bool` becomes `AnBool` in every type position, and whatever
//! decides or stores a boolean goes through `anguard::__private`, since the
//! macro cannot see whether a value is a plain `bool` (`v.is_empty()`,
//! `matches!(…)`, a comparison) or an encoded one (a field, a parameter):
//!
//! - a condition (`if`, `while`, a guard, `matches!`'s guard, `assert!`'s
//!   argument) is decided by `decide(c)`, a checked decode of an encoded
//!   boolean; `&&` and `||` decide each operand in turn, so short-circuiting
//!   is kept and one condition stays one decision;
//! - a boolean stored where the source says `bool` (an annotated `let`, a
//!   return value of a `-> bool` fn) is `flag(v)`, which encodes a plain one;
//!   a literal there is the constant `AnBool::encode(true)`;
//! - a comparison stored where the macro cannot see the type (an unannotated
//!   `let`, a field, a variant's payload) is `flag(…)` or, for a field or a
//!   payload, `lit(…)`, which rustc resolves to the destination's type;
//! - a closure handed to a std predicate (`filter`, `any`, `retain`, …)
//!   returns `decide(body)`, a plain `bool`;
//! - a `match` on `true`/`false` decides its scrutinee (or the tuple's
//!   element), so that the patterns stay exhaustive; a boolean literal
//!   deeper in a pattern is rejected;
//! - in an impl of a trait defined outside the module, the signature's
//!   `bool` is the trait's and stays ([`PlainBools`]).

use proc_macro2::Span;
use quote::quote_spanned;
use syn::spanned::Spanned;
use syn::{BinOp, Expr, Lit, Pat, Path, Type, parse_quote_spanned};

use crate::diagnostics::{Errors, Reject};
use crate::hooks::binds;

use super::types::segment_names;

/// std methods whose closure argument returns a `bool`.
const PREDICATES: &[&str] = &[
    "all",
    "any",
    "dedup_by",
    "extract_if",
    "filter",
    "find",
    "is_none_or",
    "is_err_and",
    "is_ok_and",
    "is_some_and",
    "is_sorted_by",
    "partition",
    "partition_point",
    "position",
    "retain",
    "retain_mut",
    "rposition",
    "rsplit",
    "skip_while",
    "split",
    "split_inclusive",
    "splitn",
    "take_while",
];

/// Macros whose first argument is a condition.
const ASSERTIONS: &[&str] = &["assert", "debug_assert"];

/// `bool`, `core::primitive::bool` or `std::primitive::bool`.
pub fn is_bool(ty: &Type) -> bool {
    match ty {
        Type::Path(path) if path.qself.is_none() => {
            let plain = path.path.segments.iter().all(|s| s.arguments.is_none());
            plain
                && match segment_names(&path.path).as_slice() {
                    [only] => only == "bool" && path.path.leading_colon.is_none(),
                    [root, primitive, last] => {
                        (root == "core" || root == "std")
                            && primitive == "primitive"
                            && last == "bool"
                    }
                    _ => false,
                }
        }
        Type::Paren(paren) => is_bool(&paren.elem),
        Type::Group(group) => is_bool(&group.elem),
        _ => false,
    }
}

/// `#krate::AnBool`, spanned on the `bool` it replaces.
pub fn an_bool(krate: &Path, span: Span) -> Type {
    syn::parse2(quote_spanned!(span=> #krate::AnBool)).expect("a path is a type")
}

/// Whether `expr` is `true` or `false`.
pub fn is_bool_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(lit) => matches!(lit.lit, Lit::Bool(_)),
        Expr::Paren(paren) => is_bool_literal(&paren.expr),
        Expr::Group(group) => is_bool_literal(&group.expr),
        _ => false,
    }
}

/// A comparison or a `&&`/`||` of booleans (or an `if` or `match` whose
/// every value is one, or a literal): a plain `bool` the module computes,
/// which is stored encoded.
pub fn is_computed_bool(expr: &Expr) -> bool {
    let computed_or_literal = |expr: &Expr| is_computed_bool(expr) || is_bool_literal(expr);
    let tail = |block: &syn::Block| match block.stmts.last() {
        Some(syn::Stmt::Expr(tail, None)) => computed_or_literal(tail),
        _ => false,
    };
    match expr {
        Expr::Binary(binary) => is_comparison(&binary.op) || is_logical(&binary.op),
        Expr::Paren(paren) => is_computed_bool(&paren.expr),
        Expr::If(expr_if) => {
            tail(&expr_if.then_branch)
                && expr_if
                    .else_branch
                    .as_ref()
                    .is_some_and(|(_, otherwise)| computed_or_literal(otherwise))
        }
        Expr::Block(block) => tail(&block.block),
        Expr::Match(expr_match) => expr_match
            .arms
            .iter()
            .all(|arm| computed_or_literal(&arm.body)),
        _ => false,
    }
}

fn is_comparison(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq(_) | BinOp::Ne(_) | BinOp::Lt(_) | BinOp::Le(_) | BinOp::Gt(_) | BinOp::Ge(_)
    )
}

fn is_logical(op: &BinOp) -> bool {
    matches!(op, BinOp::And(_) | BinOp::Or(_))
}

/// Whether `expr` is already a plain `bool` at its point of decision: a
/// `decide(…)` call, a comparison or a literal.
fn is_decided(expr: &Expr) -> bool {
    match expr {
        Expr::Call(call) => matches!(&*call.func, Expr::Path(path)
            if path.path.segments.last().is_some_and(|last| last.ident == "decide")
                && path.path.segments.iter().any(|s| s.ident == "__private")),
        Expr::Binary(binary) => is_comparison(&binary.op),
        Expr::Lit(_) | Expr::Let(_) => true,
        _ => false,
    }
}

/// Rewrites a condition so that it is a plain `bool` decided once: each
/// operand of its `&&`/`||` chain through `decide`.
pub fn condition(krate: &Path, cond: &mut Expr) {
    match cond {
        Expr::Binary(binary) if is_logical(&binary.op) => {
            condition(krate, &mut binary.left);
            condition(krate, &mut binary.right);
        }
        Expr::Paren(paren) => condition(krate, &mut paren.expr),
        Expr::Group(group) => condition(krate, &mut group.expr),
        cond if is_decided(cond) => {}
        cond => decide(krate, cond),
    }
}

/// `decide(expr)`.
fn decide(krate: &Path, expr: &mut Expr) {
    let span = expr.span();
    let inner = std::mem::replace(expr, Expr::PLACEHOLDER);
    *expr = parse_quote_spanned!(span=> #krate::__private::decide(#inner));
}

/// After `expr`'s children were visited: the condition of an `if` or a
/// `while`, and the operands of a `&&` or `||` used as a value (whose
/// result is a plain `bool`, stored as the context says).
pub fn rewrite(krate: &Path, expr: &mut Expr) {
    match expr {
        Expr::If(expr_if) => condition(krate, &mut expr_if.cond),
        Expr::While(expr_while) => condition(krate, &mut expr_while.cond),
        Expr::Binary(binary) if is_logical(&binary.op) && !binds(expr) => condition(krate, expr),
        expr => compound(krate, expr),
    }
}

/// A value stored where the source says `ty`, a `bool` or a tuple with
/// one (`(u32, bool)`): a boolean literal becomes a constant, any other
/// boolean value `flag(…)`, through blocks, `if`s, `match`es (whose arms may
/// mix literals and values) and tuples; a tuple value that is not written
/// out (an `overflowing_add`) is `flag(…)` as a whole. A value that
/// diverges stays.
pub fn store(krate: &Path, ty: &Type, expr: &mut Expr) {
    let ty = match ty {
        Type::Paren(paren) => return store(krate, &paren.elem, expr),
        Type::Group(group) => return store(krate, &group.elem, expr),
        ty => ty,
    };
    let tuple = matches!(ty, Type::Tuple(types) if types.elems.iter().any(mentions_bool));
    if !is_bool(ty) && !tuple {
        return;
    }
    match expr {
        Expr::Paren(paren) if !is_bool_literal(&paren.expr) => store(krate, ty, &mut paren.expr),
        Expr::Block(block) if block.label.is_none() => {
            if let Some(syn::Stmt::Expr(tail, None)) = block.block.stmts.last_mut() {
                store(krate, ty, tail);
            }
        }
        Expr::If(expr_if) if expr_if.else_branch.is_some() => {
            if let Some(syn::Stmt::Expr(tail, None)) = expr_if.then_branch.stmts.last_mut() {
                store(krate, ty, tail);
            }
            if let Some((_, otherwise)) = &mut expr_if.else_branch {
                store(krate, ty, otherwise);
            }
        }
        Expr::Match(expr_match) => {
            for arm in &mut expr_match.arms {
                store(krate, ty, &mut arm.body);
            }
        }
        Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => {}
        Expr::Macro(mac) if diverges(&mac.mac) => {}
        Expr::Tuple(values) => {
            if let Type::Tuple(types) = ty
                && types.elems.len() == values.elems.len()
            {
                for (ty, value) in types.elems.iter().zip(&mut values.elems) {
                    store(krate, ty, value);
                }
            }
        }
        expr if is_bool_literal(expr) => {
            let span = expr.span();
            let value = std::mem::replace(expr, Expr::PLACEHOLDER);
            *expr = parse_quote_spanned!(span=> #krate::AnBool::encode(#value));
        }
        expr => {
            let span = expr.span();
            let value = std::mem::replace(expr, Expr::PLACEHOLDER);
            *expr = parse_quote_spanned!(span=> #krate::__private::flag(#value));
        }
    }
}

/// Whether `bool` occurs in `ty` (or any tokens).
pub fn mentions_bool(ty: &impl quote::ToTokens) -> bool {
    fn walk(stream: proc_macro2::TokenStream) -> bool {
        stream.into_iter().any(|tree| match tree {
            proc_macro2::TokenTree::Ident(ident) => ident == "bool",
            proc_macro2::TokenTree::Group(group) => walk(group.stream()),
            _ => false,
        })
    }
    walk(quote::ToTokens::into_token_stream(ty))
}

/// `panic!`, `unreachable!`, `todo!`, `unimplemented!`.
fn diverges(mac: &syn::Macro) -> bool {
    mac.path.segments.last().is_some_and(|last| {
        ["panic", "unreachable", "todo", "unimplemented"].contains(&last.ident.to_string().as_str())
    })
}

/// A comparison or logical value whose destination the macro cannot see
/// (a field, a variant's payload, an assigned place): `lit(…)`, which rustc
/// resolves to `AnBool` or `bool`.
pub fn defer(krate: &Path, expr: &mut Expr) {
    if is_computed_bool(expr) {
        let span = expr.span();
        let value = std::mem::replace(expr, Expr::PLACEHOLDER);
        *expr = parse_quote_spanned!(span=> #krate::__private::lit(#value));
    }
}

/// A call whose arguments are stored: a tuple struct or variant
/// (`Vote(granted)`, `Msg::Ack(a < b)`, `Err(late)`).
pub fn is_constructor(func: &Expr) -> bool {
    let Expr::Path(path) = func else {
        return false;
    };
    path.path.segments.last().is_some_and(|last| {
        let name = last.ident.to_string();
        name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().any(|c| c.is_ascii_lowercase())
    })
}

/// `v.retain(|x| …)`: a closure argument of a std predicate returns
/// `decide(body)`, a plain `bool`, and its return type, if written, `bool`.
pub fn predicate(krate: &Path, call: &mut syn::ExprMethodCall) {
    if !PREDICATES.contains(&call.method.to_string().as_str()) {
        return;
    }
    for arg in &mut call.args {
        if let Expr::Closure(closure) = arg {
            // `|s| -> bool { !*s }`: the block's one value is what is decided.
            if let Expr::Block(block) = &mut *closure.body
                && block.label.is_none()
                && let [syn::Stmt::Expr(value, None)] = block.block.stmts.as_slice()
            {
                *closure.body = value.clone();
            }
            decide(krate, &mut closure.body);
            if let syn::ReturnType::Type(_, ty) = &mut closure.output {
                let span = ty.span();
                **ty = parse_quote_spanned!(span=> bool);
                // A closure with a return type has a block for a body.
                let body = &closure.body;
                *closure.body = parse_quote_spanned!(span=> { #body });
            }
        }
    }
}

/// `assert!(c, …)`: `c` is a condition.
pub fn is_assertion(name: &str) -> bool {
    ASSERTIONS.contains(&name)
}

/// Where `bool` stays plain: in the signatures of an impl of a trait
/// defined outside the module (`PartialOrd::lt`), whose fns then return a
/// decided `bool`.
#[derive(Default, Clone, Copy)]
pub struct PlainBools {
    /// In an impl of a foreign trait.
    foreign_impl: bool,
    /// Whether a `bool` type stays as written (in such a fn's signature).
    pub types: bool,
    /// Whether the current fn's `bool` results are decided, not stored.
    pub results: bool,
}

impl PlainBools {
    /// Entering an impl; returns the state to restore.
    pub fn enter_impl(&mut self, foreign: bool) -> Self {
        let outer = *self;
        *self = Self {
            foreign_impl: foreign,
            ..Self::default()
        };
        outer
    }

    /// Entering one of the impl's fns.
    pub fn enter_fn(&mut self) -> Self {
        let outer = *self;
        self.results = self.foreign_impl;
        outer
    }

    /// Entering a fn's signature.
    pub fn enter_signature(&mut self) -> Self {
        let outer = *self;
        self.types = self.results;
        outer
    }

    /// Entering a closure, whose results are its own.
    pub fn enter_closure(&mut self) -> Self {
        let outer = *self;
        self.results = false;
        self.types = false;
        outer
    }

    /// Leaving what was entered.
    pub fn leave(&mut self, outer: Self) {
        *self = outer;
    }
}

/// `match flag { true => …, false => … }` and `match (a, b) { (true, _) => … }`:
/// the scrutinee, or each element of a tuple scrutinee, that arms match
/// against `true` or `false` is decided first, so that the patterns stay
/// as written and the match exhaustive. A boolean literal deeper in a
/// pattern (`Some(true)`) is rejected ([`reject_bool_literals`]).
pub fn decide_scrutinee(krate: &Path, expr: &mut syn::ExprMatch, errors: &mut Errors) {
    let tops: Vec<&Pat> = expr
        .arms
        .iter()
        .flat_map(|arm| alternatives(&arm.pat))
        .collect();
    let tuple_len = match &*expr.expr {
        Expr::Tuple(tuple) => Some(tuple.elems.len()),
        _ => None,
    };
    let mut decided = vec![false; tuple_len.unwrap_or(0)];
    let mut whole = false;
    for top in &tops {
        match (top, tuple_len) {
            (Pat::Lit(_), _) if is_bool_pattern(top) => whole = true,
            (Pat::Tuple(tuple), Some(len)) if tuple.elems.len() == len => {
                for (i, elem) in tuple.elems.iter().enumerate() {
                    for alternative in alternatives(elem) {
                        if is_bool_pattern(alternative) {
                            decided[i] = true;
                        } else {
                            reject_bool_literals(alternative, errors);
                        }
                    }
                }
            }
            (top, _) => reject_bool_literals(top, errors),
        }
    }
    if whole {
        decide(krate, &mut expr.expr);
    } else if let Expr::Tuple(tuple) = &mut *expr.expr {
        for (elem, decide_it) in tuple.elems.iter_mut().zip(decided) {
            if decide_it {
                decide(krate, elem);
            }
        }
    }
}

/// The alternatives of an or-pattern (a guard's pattern), or the pattern.
fn alternatives(pat: &Pat) -> Vec<&Pat> {
    match pat {
        Pat::Guard(guard) => alternatives(&guard.pat),
        Pat::Or(or) => or.cases.iter().flat_map(alternatives).collect(),
        Pat::Paren(paren) => alternatives(&paren.pat),
        pat => vec![pat],
    }
}

fn is_bool_pattern(pat: &Pat) -> bool {
    matches!(pat, Pat::Lit(lit) if matches!(lit.lit, Lit::Bool(_)))
}

/// Rejects a boolean literal anywhere inside `pat`: one below the top of a
/// `match` arm, or in an `if let`, `while let`, `let … else` or `matches!`
/// pattern, where no scrutinee of its own can be decided.
pub fn reject_bool_literals(pat: &Pat, errors: &mut Errors) {
    let inner: Vec<&Pat> = match pat {
        Pat::Lit(_) if is_bool_pattern(pat) => {
            return errors.reject(pat, Reject::NestedBoolPattern);
        }
        Pat::Ident(ident) => ident.subpat.iter().map(|(_, p)| &**p).collect(),
        Pat::Or(or) => or.cases.iter().collect(),
        Pat::Paren(paren) => vec![&paren.pat],
        Pat::Reference(reference) => vec![&reference.pat],
        Pat::Slice(slice) => slice.elems.iter().collect(),
        Pat::Struct(strukt) => strukt.fields.iter().map(|f| &*f.pat).collect(),
        Pat::Tuple(tuple) => tuple.elems.iter().collect(),
        Pat::TupleStruct(tuple) => tuple.elems.iter().collect(),
        Pat::Type(typed) => vec![&typed.pat],
        Pat::Guard(guard) => vec![&guard.pat],
        _ => Vec::new(),
    };
    inner
        .into_iter()
        .for_each(|p| reject_bool_literals(p, errors));
}

/// `x |= a < b`: a computed boolean combined into a stored one.
pub fn compound(krate: &Path, expr: &mut Expr) {
    if let Expr::Binary(binary) = expr
        && matches!(
            binary.op,
            BinOp::BitOrAssign(_) | BinOp::BitAndAssign(_) | BinOp::BitXorAssign(_)
        )
    {
        defer(krate, &mut binary.right);
    }
}
