//! `const fn` over `u32` (or `bool`). rustc cannot call `AnU32`'s operator
//! traits in a const context, so a free `const fn` whose parameters and
//! result the macro can convert in one (`u32`, `bool`, arrays, tuples and
//! `Option`s of them) is
//! compiled in `encoded` as a call of its plain copy: arguments decoded
//! (checked: a const fn panics on an invalid word, having no fault policy),
//! the result encoded. A `const` item computed by it is encoded at compile
//! time, like any other constant; at run time the function computes in the
//! plain domain between the decode and the encode, a window like that of
//! `& | ^`. Any other `const fn` that mentions `u32` (a generic one, a
//! method) loses its `const` in `encoded`, and is encoded as a plain fn.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{
    Block, Expr, FnArg, Ident, Item, ItemFn, Pat, Path, ReturnType, Visibility, parse_quote,
};

use super::Encoder;
use super::boundary::{Context, Way, convert};
use super::types::{mentions_encoded_value, segment_names};
use crate::diagnostics::Reject;

impl Encoder<'_> {
    /// Rejects a const context's call of a const fn that `encoded` compiles
    /// as a plain fn ([`const_fn`]).
    pub(super) fn check_const_call(&mut self, call: &syn::ExprCall) {
        let Expr::Path(path) = &*call.func else {
            return;
        };
        let names = segment_names(&path.path);
        let function = match names.as_slice() {
            [function] => function.clone(),
            [.., ty, function] if ty == "Self" => match &self.self_type {
                Some(ty) => format!("{ty}::{function}"),
                None => return,
            },
            [.., ty, function] => format!("{ty}::{function}"),
            [] => return,
        };
        if self.scope.is_unconst(&function) {
            self.errors
                .reject(&call.func, Reject::ConstCall { function });
        }
    }
}

/// Whether the encoded copy of `f` calls its plain copy.
pub fn delegates(f: &ItemFn) -> bool {
    f.sig.constness.is_some()
        && f.sig.generics.type_params().next().is_none()
        && (mentions_encoded_value(f) || super::conditions::mentions_bool(&f.sig))
        && f.sig.inputs.iter().all(|input| match input {
            FnArg::Typed(typed) => matches!(&*typed.pat, Pat::Ident(_)),
            FnArg::Receiver(_) => false,
        })
        && body(&parse_quote!(::anguard), f, &[]).is_some()
}

/// The encoded body of `f`: its plain copy at `plain`, called across the
/// boundary. `None` if a type cannot cross in a const context.
pub fn body(krate: &Path, f: &ItemFn, plain: &[Ident]) -> Option<Block> {
    let name = &f.sig.ident;
    let args = f
        .sig
        .inputs
        .iter()
        .map(|input| match input {
            FnArg::Typed(typed) => match &*typed.pat {
                Pat::Ident(ident) => {
                    let arg = &ident.ident;
                    convert(krate, &typed.ty, quote!(#arg), Way::Out, Context::Const)
                }
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect::<Option<Vec<TokenStream>>>()?;
    let call = quote!(#(#plain::)* #name(#(#args),*));
    let result = match &f.sig.output {
        ReturnType::Default => call,
        ReturnType::Type(_, ty) => convert(krate, ty, call, Way::In, Context::Const)?,
    };
    Some(parse_quote!({ #result }))
}

/// The path from a module `inner` below the top of `encoded` to the plain
/// copy of the same module: `self::super::…::plain::a::b` (`self` first, so
/// that moving the items into `encoded` does not add a `super`).
pub fn plain_path(inner: &[Ident]) -> Vec<Ident> {
    let supers = (0..=inner.len()).map(|_| Ident::new("super", Span::call_site()));
    std::iter::once(Ident::new("self", Span::call_site()))
        .chain(supers)
        .chain(std::iter::once(Ident::new("plain", Span::call_site())))
        .chain(inner.iter().cloned())
        .collect()
}

/// Makes the plain copies of delegating `const fn`s visible to `encoded`,
/// which is a sibling of `plain`: `pub(super)` from `plain`'s top, one more
/// `super` per module below it.
pub fn expose(items: &mut [Item]) {
    expose_at(items, 0);
}

fn expose_at(items: &mut [Item], depth: usize) {
    for item in items {
        match item {
            Item::Fn(f) if delegates(f) && matches!(f.vis, Visibility::Inherited) => {
                let supers = (0..=depth).map(|_| quote!(super));
                let path: TokenStream = quote!(#(#supers)::*);
                f.vis = if depth == 0 {
                    parse_quote!(pub(super))
                } else {
                    parse_quote!(pub(in #path))
                };
            }
            Item::Mod(module) => {
                if let Some((_, items)) = &mut module.content {
                    expose_at(items, depth + 1);
                }
            }
            _ => {}
        }
    }
}
