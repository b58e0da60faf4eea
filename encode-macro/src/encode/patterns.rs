//! Literal patterns. An encoded word cannot be matched against `5` or
//! `1..=9`, and the macro cannot see a scrutinee's type, so every integer
//! literal or range pattern becomes a fresh binding checked by the arm's
//! guard: `5 => …` is `p if p.lit_cmp(5).is_eq() => …`. `lit_cmp`
//! (`anguard::__private::PatternLit`) compares std integers as they are and
//! an encoded word with the encoded literal, so the rewrite is right for any
//! scrutinee. Literals of a type without an encoded form (`5_u128`) are left
//! as patterns.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote_spanned};
use syn::spanned::Spanned;
use syn::{Arm, Expr, Lit, Pat, RangeLimits, parse_quote_spanned};

use super::types::{primitive_named, primitive_prefix};
use crate::diagnostics::{Errors, Reject};

/// Whether `pat` has a pattern this module rewrites.
pub fn has_literals(pat: &Pat) -> bool {
    if is_literal_like(pat) {
        return true;
    }
    match pat {
        Pat::Guard(guard) => has_literals(&guard.pat),
        Pat::Ident(ident) => ident.subpat.as_ref().is_some_and(|(_, p)| has_literals(p)),
        Pat::Or(or) => or.cases.iter().any(has_literals),
        Pat::Paren(paren) => has_literals(&paren.pat),
        Pat::Reference(reference) => has_literals(&reference.pat),
        Pat::Slice(slice) => slice.elems.iter().any(has_literals),
        Pat::Struct(strukt) => strukt.fields.iter().any(|f| has_literals(&f.pat)),
        Pat::Tuple(tuple) => tuple.elems.iter().any(has_literals),
        Pat::TupleStruct(tuple) => tuple.elems.iter().any(has_literals),
        Pat::Type(typed) => has_literals(&typed.pat),
        _ => false,
    }
}

/// A pattern that is one integer literal, a range of them, or `u32::MAX`-like.
fn is_literal_like(pat: &Pat) -> bool {
    match pat {
        Pat::Lit(lit) => is_encodable_literal(&lit.lit),
        Pat::Range(range) => [&range.start, &range.end]
            .into_iter()
            .flatten()
            .any(|end| is_literal_end(end)),
        Pat::Path(path) => path.qself.is_none() && primitive_prefix(&path.path).is_some(),
        Pat::Paren(paren) => is_literal_like(&paren.pat),
        _ => false,
    }
}

fn is_encodable_literal(lit: &Lit) -> bool {
    match lit {
        Lit::Int(int) => int.suffix().is_empty() || primitive_named(int.suffix()).is_some(),
        // `b'a'`, a `u8`: the scrutinee may be an `AnU8`.
        Lit::Byte(_) => true,
        _ => false,
    }
}

fn is_literal_end(end: &Expr) -> bool {
    match end {
        Expr::Lit(lit) => is_encodable_literal(&lit.lit),
        Expr::Path(path) => path.qself.is_none() && primitive_prefix(&path.path).is_some(),
        _ => false,
    }
}

/// Lowers `arm`, returning each resulting arm with the checks its guard
/// must add ([`add_checks`]). A top-level or-pattern with literals becomes
/// one arm per alternative (each with the same guard and body), since its
/// alternatives would otherwise bind different fresh names.
pub fn lower_arm(arm: Arm, errors: &mut Errors) -> Vec<(Arm, Vec<Expr>)> {
    let (pat, guard) = match arm.pat.clone() {
        Pat::Guard(guard) => (*guard.pat.clone(), Some(guard)),
        pat => (pat, None),
    };
    let cases: Vec<Pat> = match pat {
        Pat::Or(or) if has_literals(&Pat::Or(or.clone())) => or.cases.into_iter().collect(),
        pat => vec![pat],
    };
    cases
        .into_iter()
        .map(|case| {
            let (pat, checks) = lower(case, errors);
            let pat = match &guard {
                None => pat,
                Some(guard) => Pat::Guard(syn::PatGuard {
                    pat: Box::new(pat),
                    ..guard.clone()
                }),
            };
            (Arm { pat, ..arm.clone() }, checks)
        })
        .collect()
}

/// Puts `checks` in front of `arm`'s guard (after the arm has been visited:
/// the checks are generated code, not to be rewritten again).
pub fn add_checks(arm: &mut Arm, checks: Vec<Expr>) {
    let (pat, guard) = match std::mem::replace(&mut arm.pat, Pat::Verbatim(Default::default())) {
        Pat::Guard(guard) => (*guard.pat, Some(*guard.guard)),
        pat => (pat, None),
    };
    arm.pat = match with_checks(checks, guard) {
        None => pat,
        Some(condition) => Pat::Guard(syn::PatGuard {
            attrs: Vec::new(),
            pat: Box::new(pat),
            if_token: Default::default(),
            guard: Box::new(condition),
        }),
    };
}

/// `pat` with its literal patterns replaced by bindings, and the checks on them.
pub fn lower(mut pat: Pat, errors: &mut Errors) -> (Pat, Vec<Expr>) {
    let mut lowering = Lowering {
        next: 0,
        checks: Vec::new(),
        errors,
    };
    lowering.lower(&mut pat);
    (pat, lowering.checks)
}

struct Lowering<'a> {
    next: usize,
    checks: Vec<Expr>,
    errors: &'a mut Errors,
}

impl Lowering<'_> {
    fn lower(&mut self, pat: &mut Pat) {
        if is_literal_like(pat) {
            let binding = self.binding(pat.span());
            let check = test(&binding, pat);
            self.checks.push(check);
            *pat = bind(&binding);
            return;
        }
        match pat {
            Pat::Or(or) if or.cases.iter().any(has_literals) => {
                if !or.cases.iter().all(is_literal_like) {
                    self.errors.reject(&*or, Reject::MixedOrPattern);
                    return;
                }
                let binding = self.binding(or.span());
                let tests = or.cases.iter().map(|case| test(&binding, case));
                let check: Expr = parse_quote_spanned!(or.span()=> (#(#tests)||*));
                self.checks.push(check);
                *pat = bind(&binding);
            }
            Pat::Ident(ident) => {
                if let Some((_, sub)) = &mut ident.subpat {
                    self.lower(sub);
                }
            }
            Pat::Paren(paren) => self.lower(&mut paren.pat),
            Pat::Reference(reference) => self.lower(&mut reference.pat),
            Pat::Slice(slice) => slice.elems.iter_mut().for_each(|p| self.lower(p)),
            Pat::Struct(strukt) => strukt
                .fields
                .iter_mut()
                .for_each(|f| self.lower(&mut f.pat)),
            Pat::Tuple(tuple) => tuple.elems.iter_mut().for_each(|p| self.lower(p)),
            Pat::TupleStruct(tuple) => tuple.elems.iter_mut().for_each(|p| self.lower(p)),
            Pat::Type(typed) => self.lower(&mut typed.pat),
            _ => {}
        }
    }

    fn binding(&mut self, span: Span) -> syn::Ident {
        let binding = format_ident!("__an_pat_{}", self.next, span = span);
        self.next += 1;
        binding
    }
}

fn bind(binding: &syn::Ident) -> Pat {
    parse_quote_spanned!(binding.span()=> #binding)
}

/// The check that `binding` matches the literal-like pattern `pat`.
fn test(binding: &syn::Ident, pat: &Pat) -> Expr {
    let span = pat.span();
    match pat {
        Pat::Paren(paren) => test(binding, &paren.pat),
        Pat::Range(range) => {
            let start = range.start.as_ref().map(|start| -> Expr {
                let start = plain_literal(start);
                parse_quote_spanned!(span=> #binding.lit_cmp(#start).is_ge())
            });
            let end = range.end.as_ref().map(|end| -> Expr {
                let end = plain_literal(end);
                match range.limits {
                    RangeLimits::HalfOpen(_) => {
                        parse_quote_spanned!(span=> #binding.lit_cmp(#end).is_lt())
                    }
                    RangeLimits::Closed(_) => {
                        parse_quote_spanned!(span=> #binding.lit_cmp(#end).is_le())
                    }
                }
            });
            conjunction(start.into_iter().chain(end))
                .unwrap_or_else(|| parse_quote_spanned!(span=> true))
        }
        literal => {
            let literal = plain_literal(literal);
            parse_quote_spanned!(span=> #binding.lit_cmp(#literal).is_eq())
        }
    }
}

/// A pattern's literal or `u32::`-like path as a plain expression: no
/// suffix, and the path through `core` so that it is not encoded.
fn plain_literal(end: impl ToTokens) -> TokenStream {
    let tokens = end.to_token_stream();
    match syn::parse2::<Expr>(tokens.clone()) {
        Ok(Expr::Lit(lit)) => match &lit.lit {
            Lit::Int(int) => syn::LitInt::new(int.base10_digits(), int.span()).into_token_stream(),
            _ => tokens,
        },
        Ok(Expr::Path(path)) if let Some((prefix, primitive)) = primitive_prefix(&path.path) => {
            let rest = path.path.segments.iter().skip(prefix);
            let span = path.span();
            let plain = primitive.ident(span);
            quote_spanned!(span=> ::core::primitive::#plain #(::#rest)*)
        }
        _ => tokens,
    }
}

/// The guard `checks && (guard)`, or `None` if there is neither.
pub fn with_checks(checks: Vec<Expr>, guard: Option<Expr>) -> Option<Expr> {
    let guard = guard.map(|guard| -> Expr { parse_quote_spanned!(guard.span()=> (#guard)) });
    conjunction(checks.into_iter().chain(guard))
}

/// `a && b && …`, or `None` for no conditions. Each condition is a method
/// call, a conjunction or parenthesized, so none needs parentheses here.
fn conjunction(conditions: impl IntoIterator<Item = Expr>) -> Option<Expr> {
    conditions
        .into_iter()
        .reduce(|all, next| parse_quote_spanned!(next.span()=> #all && #next))
}
