//! Conversions at the boundary between encoded code and a signature that
//! stays plain: a foreign trait's method whose signature fixes `u32`
//! (`RngCore::next_u32`, `Hasher::write_u32`), and the call of a `const fn`'s
//! plain copy. Each is generated from the type as written: `u32` and arrays,
//! tuples, `Option`s, `Result`s and (outside const fns) `Vec`s of it; a type
//! that does not mention `u32` passes as it is.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::spanned::Spanned;
use syn::{Expr, GenericArgument, Pat, Path, PathArguments, ReturnType, Stmt, Type};

use super::Encoder;
use super::types::{encoded_primitive, mentions_encoded};
use crate::diagnostics::Reject;

impl Encoder<'_> {
    /// A method of a foreign trait whose signature fixes `u32`
    /// ([`super::scope::Scope::is_plain_signature_impl`]): the signature stays as
    /// written, the body is encoded, and values cross at the boundary:
    /// `u32` parameters are encoded on the way in, the result decoded
    /// (checked) on the way out.
    pub(super) fn plain_signature_fn(&mut self, item: &mut syn::ImplItemFn) {
        let mut plain = item.sig.clone();
        // A body ending in a call outside the module
        // (`rand_core::impls::next_u64_via_u32(self)`) computes the result
        // plainly: it is encoded (`encoded(…)` leaves a generic helper's `T`
        // ambiguous, so the call need not be rejected), then decoded.
        let outside_tail = match item.block.stmts.last() {
            Some(Stmt::Expr(tail, None)) => {
                super::outside::result_call(tail).is_some_and(|call| self.is_outside(call))
            }
            _ => false,
        };
        let outer = std::mem::replace(&mut self.plain_result, outside_tail);
        self.function(&mut item.sig, &mut item.block);
        self.plain_result = outer;
        let krate = self.krate;
        if outside_tail && let Some(Stmt::Expr(tail, None)) = item.block.stmts.last_mut() {
            *tail = syn::parse_quote_spanned!(tail.span()=> #krate::__private::encoded(#tail));
        }
        let mut prelude = Vec::new();
        for input in plain.inputs.iter_mut() {
            let syn::FnArg::Typed(typed) = input else {
                continue;
            };
            if !mentions_encoded(&typed.ty) {
                continue;
            }
            let Pat::Ident(ident) = &mut *typed.pat else {
                self.errors.reject(&*typed, Reject::PlainSignature);
                continue;
            };
            let (name, mutability) = (ident.ident.clone(), ident.mutability.take());
            match convert(krate, &typed.ty, quote!(#name), Way::In, Context::Runtime) {
                Some(value) => prelude.push(quote!(let #mutability #name = #value;)),
                None => self.errors.reject(&typed.ty, Reject::PlainSignature),
            }
        }
        let block = &item.block;
        let encoded_output = &item.sig.output;
        let call = quote!((|| #encoded_output #block)());
        let body = match &plain.output {
            ReturnType::Default => Some(call),
            ReturnType::Type(_, ty) => convert(krate, ty, call, Way::Out, Context::Runtime),
        };
        let Some(body) = body else {
            self.errors.reject(&plain.output, Reject::PlainSignature);
            return;
        };
        item.sig = plain;
        item.attrs
            .push(syn::parse_quote!(#[allow(clippy::redundant_closure_call)]));
        item.block = syn::parse_quote_spanned!(item.block.span()=> {
            #(#prelude)*
            #body
        });
    }

    /// `x.next_u32()` of a method whose signature stays plain: arguments
    /// decoded to `u32` where it takes one, the result encoded.
    pub(super) fn plain_signature_call(&self, call: &mut syn::ExprMethodCall) -> Option<Expr> {
        let sig = self.scope.plain_methods.get(&call.method.to_string())?;
        let krate = self.krate;
        let params = sig.inputs.iter().filter_map(|input| match input {
            syn::FnArg::Typed(typed) => Some(&*typed.ty),
            syn::FnArg::Receiver(_) => None,
        });
        for (arg, ty) in call.args.iter_mut().zip(params) {
            let value = arg.to_token_stream();
            if let Some(converted) = convert(krate, ty, value, Way::Out, Context::Either) {
                *arg = syn::parse_quote_spanned!(arg.span()=> #converted);
            }
        }
        let ReturnType::Type(_, ty) = &sig.output else {
            return None;
        };
        let value = call.to_token_stream();
        let converted = convert(krate, ty, value, Way::In, Context::Either)?;
        Some(syn::parse_quote_spanned!(call.span()=> #converted))
    }
}

/// Which way a value crosses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// Encoded to plain: every word decoded, checked.
    Out,
    /// Plain to encoded: every value encoded.
    In,
}

/// Where the conversion runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// In a fn body: checks go to the fault policy.
    Runtime,
    /// In a `const fn`: only const operations, and a check panics.
    Const,
    /// At a call in encoded code of a method with a plain signature, where
    /// a value may already be plain (`plain_u32`) or encoded (`encoded`).
    Either,
}

/// Code converting `value`, of type `ty` (as written) on the plain side, the
/// `way` given; `None` if the macro cannot convert that type.
pub fn convert(
    krate: &Path,
    ty: &Type,
    value: TokenStream,
    way: Way,
    context: Context,
) -> Option<TokenStream> {
    if context == Context::Const && super::conditions::is_bool(ty) {
        // A `const fn` over `bool`: the flag crosses as `AnBool`.
        let an_bool = quote!(#krate::AnBool);
        return Some(match way {
            Way::Out => quote!(#an_bool::decode_const(#value)),
            Way::In => quote!(#an_bool::encode(#value)),
        });
    }
    let crosses =
        mentions_encoded(ty) || (context == Context::Const && super::conditions::mentions_bool(ty));
    if !crosses {
        return Some(value);
    }
    if let Some(primitive) = encoded_primitive(ty) {
        let encoded = primitive.encoded_path(krate, Span::call_site());
        return Some(match (way, context) {
            (Way::Out, Context::Runtime) => quote!(#encoded::decode(#value)),
            (Way::Out, Context::Const) => quote!(#encoded::decode_const(#value)),
            (Way::Out, Context::Either) => quote!(#krate::__private::plain::<#ty, _>(#value)),
            (Way::In, Context::Either) => quote!(#krate::__private::encoded(#value)),
            (Way::In, _) => quote!(#encoded::encode(#value)),
        });
    }
    let each = |ty: &Type| {
        let v = format_ident!("value", span = Span::mixed_site());
        convert(krate, ty, quote!(#v), way, context).map(|body| (v, body))
    };
    match ty {
        Type::Paren(paren) => convert(krate, &paren.elem, value, way, context),
        Type::Group(group) => convert(krate, &group.elem, value, way, context),
        Type::Array(array) if context == Context::Const => {
            let encoded = encoded_primitive(&array.elem)?.encoded_path(krate, Span::call_site());
            Some(match way {
                Way::Out => quote!(#encoded::decode_array(#value)),
                Way::In => quote!(#encoded::encode_array(#value)),
            })
        }
        Type::Array(array) if context != Context::Const => {
            let (v, body) = each(&array.elem)?;
            Some(quote!(#value.map(|#v| #body)))
        }
        Type::Tuple(tuple) => {
            let names: Vec<_> = (0..tuple.elems.len())
                .map(|i| format_ident!("value{}", i, span = Span::mixed_site()))
                .collect();
            let converted = tuple
                .elems
                .iter()
                .zip(&names)
                .map(|(ty, name)| convert(krate, ty, quote!(#name), way, context))
                .collect::<Option<Vec<_>>>()?;
            Some(quote!({
                let (#(#names,)*) = #value;
                (#(#converted,)*)
            }))
        }
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            let args: Vec<&Type> = match &last.arguments {
                PathArguments::AngleBracketed(args) => args
                    .args
                    .iter()
                    .filter_map(|arg| match arg {
                        GenericArgument::Type(ty) => Some(ty),
                        _ => None,
                    })
                    .collect(),
                _ => return None,
            };
            match (last.ident.to_string().as_str(), args.as_slice()) {
                ("Option", [inner]) => {
                    let (v, body) = each(inner)?;
                    Some(quote!(match #value {
                        ::core::option::Option::Some(#v) => ::core::option::Option::Some(#body),
                        ::core::option::Option::None => ::core::option::Option::None,
                    }))
                }
                ("Result", [ok, err]) => {
                    let (v, ok) = each(ok)?;
                    let (e, err) = each(err)?;
                    Some(quote!(match #value {
                        ::core::result::Result::Ok(#v) => ::core::result::Result::Ok(#ok),
                        ::core::result::Result::Err(#e) => ::core::result::Result::Err(#err),
                    }))
                }
                ("Vec", [inner]) if context != Context::Const => {
                    let (v, body) = each(inner)?;
                    Some(quote!(
                        ::core::iter::Iterator::collect::<::std::vec::Vec<_>>(
                            ::core::iter::Iterator::map(
                                ::core::iter::IntoIterator::into_iter(#value),
                                |#v| #body,
                            )
                        )
                    ))
                }
                _ => None,
            }
        }
        _ => None,
    }
}
