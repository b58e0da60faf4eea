//! The shape of the output.
//!
//! - `mod m { … }` → `mod m { pub mod plain { … } pub mod encoded { … } }`;
//!   `plain` is the source as written, its arithmetic wrapped in the
//!   runtime's identity hook `__alu!` (see [`crate::alu`]).
//! - A lone `fn`, `struct` or `enum` named `Name` → the same pair in a module
//!   named after it in snake_case, `name::plain::Name` and
//!   `name::encoded::Name`; the item sees the names of its original scope.
//! - A lone `impl Name` (or `impl Trait for Name`) → an impl for each of
//!   `name::plain::Name` and `name::encoded::Name`: it pairs with a lone
//!   `struct Name` or `enum Name`.
//!
//! A module's structs and enums also get a derived `State` impl (see
//! [`crate::state`]) in both copies, and `encoded` gets their coverage
//! report, the constant `COVERAGE`.
//!
//! If the encoded copy has errors, only `plain` is emitted, with the errors.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{AttrStyle, Attribute, Ident, Item, ItemImpl, ItemMod, Path, Visibility, parse_quote};

use crate::alu::hook;
use crate::args::Args;
use crate::diagnostics::Errors;
use crate::encode::const_fn::expose as expose_const_fns;
use crate::encode::{encode, tag_enums};
use crate::hooks;
use crate::state::{coverage, derive as derive_state};
use crate::super_paths::deepen;

/// The whole macro: arguments and item in, expansion out.
pub fn an_encode(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let Args { krate } = syn::parse2(args)?;
    match syn::parse2(item)? {
        Item::Mod(module) => expand_mod(module, &krate),
        Item::Impl(imp) => expand_impl(imp, &krate),
        item @ (Item::Fn(_) | Item::Struct(_) | Item::Enum(_)) => expand_lone(item, &krate),
        other => Err(syn::Error::new_spanned(
            other,
            "#[an_encode] applies to a `mod` with a body, or to a lone `fn`, `impl`, \
             `struct` or `enum`",
        )),
    }
}

/// The plain and encoded copies of `items`, which move `levels` modules down.
struct Pair {
    plain: Vec<Item>,
    encoded: syn::Result<Vec<Item>>,
}

/// `errors` holds what was found before the copies were made.
fn pair(items: Vec<Item>, krate: &Path, levels: usize, mut errors: Errors) -> Pair {
    let mut plain = items.clone();
    hook(&mut plain, krate);
    hooks::hook(&mut plain, krate);
    deepen(&mut plain, levels);
    let mut encoded = items;
    encode(&mut encoded, krate, &mut errors);
    hooks::hook(&mut encoded, krate);
    deepen(&mut encoded, levels);
    Pair {
        plain,
        encoded: errors.finish().map(|()| encoded),
    }
}

fn modules(pair: Pair, prelude: TokenStream) -> TokenStream {
    let Pair { plain, encoded } = pair;
    let encoded = match encoded {
        // Dead code is reported on `plain`, the source as written; `encoded`
        // may leave more unused (what only a const fn's plain copy reads).
        // Its `is_empty` returns an encoded boolean, which clippy does not expect.
        Ok(items) => quote! {
            #[allow(dead_code, clippy::len_without_is_empty)]
            pub mod encoded {
                #prelude
                #(#items)*
            }
        },
        Err(errors) => errors.into_compile_error(),
    };
    quote! {
        // Code written for both builds converts at the edge of the module
        // (`term: self.term.into()` into a `u64` field of a type outside
        // it): a decode in `encoded`, the identity in `plain`.
        #[allow(clippy::useless_conversion)]
        pub mod plain {
            #prelude
            #(#plain)*
        }
        #encoded
    }
}

fn expand_mod(module: ItemMod, krate: &Path) -> syn::Result<TokenStream> {
    let Some((_, items)) = module.content else {
        return Err(syn::Error::new_spanned(
            module,
            "#[an_encode] needs the module's body inline: `mod m { … }`, not `mod m;`",
        ));
    };
    let (inner, outer): (Vec<Attribute>, Vec<Attribute>) = module
        .attrs
        .into_iter()
        .partition(|attr| matches!(attr.style, AttrStyle::Inner(_)));
    let (vis, ident) = (module.vis, module.ident);
    let mut items = items;
    let mut errors = Errors::default();
    tag_enums(&mut items, krate, &mut errors);
    let types = derive_state(&mut items, krate, &mut errors);
    let mut pair = pair(items, krate, 1, errors);
    expose_const_fns(&mut pair.plain);
    if let Ok(encoded) = &mut pair.encoded {
        let report = coverage(&types, encoded, krate);
        encoded.push(report);
    }
    let body = modules(pair, TokenStream::new());
    Ok(quote! {
        #(#outer)*
        #vis mod #ident {
            #(#inner)*
            #body
        }
    })
}

fn expand_lone(item: Item, krate: &Path) -> syn::Result<TokenStream> {
    let (vis, ident) = match &item {
        Item::Fn(f) => (f.vis.clone(), f.sig.ident.clone()),
        Item::Struct(s) => (s.vis.clone(), s.ident.clone()),
        Item::Enum(e) => (e.vis.clone(), e.ident.clone()),
        _ => unreachable!("expand_lone takes a fn, struct or enum"),
    };
    let module = snake_case(&ident);
    let Pair { mut plain, encoded } = pair(vec![item], krate, 2, Errors::default());
    plain.iter_mut().for_each(widen);
    let encoded = encoded.map(|mut items| {
        items.iter_mut().for_each(widen);
        items
    });
    let body = modules(
        Pair { plain, encoded },
        quote!(
            use super::super::*;
        ),
    );
    Ok(quote! {
        #vis mod #module {
            #body
        }
    })
}

/// A lone item, and its fields, private to the scope they were written in
/// must stay visible there, two modules up.
fn widen(item: &mut Item) {
    let widen = |vis: &mut Visibility| {
        if matches!(vis, Visibility::Inherited) {
            *vis = parse_quote!(pub(in super::super));
        }
    };
    match item {
        Item::Fn(f) => widen(&mut f.vis),
        Item::Struct(s) => {
            widen(&mut s.vis);
            s.fields.iter_mut().for_each(|field| widen(&mut field.vis));
        }
        Item::Enum(e) => widen(&mut e.vis),
        _ => {}
    }
}

fn expand_impl(imp: ItemImpl, krate: &Path) -> syn::Result<TokenStream> {
    let Some(ident) = self_ident(&imp) else {
        return Err(syn::Error::new_spanned(
            &imp.self_ty,
            "#[an_encode] on a lone `impl` needs a type defined by a lone \
             `#[an_encode] struct` or `enum`; put both in an `#[an_encode] mod` instead",
        ));
    };
    let module = snake_case(&ident);
    let Pair { plain, encoded } = pair(vec![Item::Impl(imp)], krate, 0, Errors::default());
    let retarget = |items: Vec<Item>, copy: &str| -> Vec<Item> {
        let copy = Ident::new(copy, Span::call_site());
        items
            .into_iter()
            .map(|item| match item {
                Item::Impl(mut imp) => {
                    retarget_self(&mut imp, &module, &copy);
                    Item::Impl(imp)
                }
                other => other,
            })
            .collect()
    };
    let plain = retarget(plain, "plain");
    let encoded = match encoded {
        Ok(items) => {
            let items = retarget(items, "encoded");
            quote!(#(#items)*)
        }
        Err(errors) => errors.into_compile_error(),
    };
    Ok(quote! {
        const _: () = {
            #(#plain)*
            #encoded
        };
    })
}

/// `Name` in `impl … for Name<…>`.
fn self_ident(imp: &ItemImpl) -> Option<Ident> {
    match &*imp.self_ty {
        syn::Type::Path(path) if path.qself.is_none() && path.path.segments.len() == 1 => {
            Some(path.path.segments[0].ident.clone())
        }
        _ => None,
    }
}

/// `impl … for Name<…>` → `impl … for name::copy::Name<…>`.
fn retarget_self(imp: &mut ItemImpl, module: &Ident, copy: &Ident) {
    let span = imp.self_ty.span();
    if let syn::Type::Path(path) = &*imp.self_ty {
        let segment = path.path.segments[0].clone();
        *imp.self_ty = syn::parse_quote_spanned!(span=> #module::#copy::#segment);
    }
}

fn snake_case(ident: &Ident) -> Ident {
    let mut name = String::new();
    for (i, c) in ident.to_string().chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                name.push('_');
            }
            name.extend(c.to_lowercase());
        } else {
            name.push(c);
        }
    }
    format_ident!("{}", name, span = ident.span())
}
