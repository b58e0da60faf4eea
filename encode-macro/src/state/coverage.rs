//! The coverage report: `m::encoded::COVERAGE`, each field of each type of
//! the module in parts, each part encoded, checked or plain (see
//! `anguard::state::coverage`), as the encoded copy lays it out.
//!
//! A part's class is read from the field's type in the encoded copy, so it
//! follows whatever the rewrite encodes: an `An*` word, or an `Option` of
//! one (its tag is in the word), is encoded; a vector is its pointer and
//! capacity (plain), its length (checked if `#[state(sized_by)]` names a
//! word, plain otherwise) and its elements (per element, as their type); a
//! type of the module is its own entry; an enum's tag (its variants' tag
//! fields) is one entry, the discriminant checked against the tag word,
//! which is encoded; anything else is plain. Bits are
//! `size_of` in the encoded copy. Types with type or lifetime parameters
//! are left out: their layout depends on their arguments.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{GenericArgument, Item, Path, PathArguments, Type};

use super::model::{Shape, StateType, Visit};

/// The `COVERAGE` constant of `types`, laid out as `encoded` (the encoded
/// copy's items) has them.
pub fn constant(types: &[StateType], encoded: &[Item], krate: &Path) -> Item {
    let names: HashSet<String> = types.iter().map(|ty| ty.ident.to_string()).collect();
    let entries = types
        .iter()
        .filter(|ty| ty.generics.params.is_empty())
        .filter_map(|ty| {
            let fields = encoded_fields(encoded, &ty.ident.to_string())?;
            Some(entry(ty, &fields, &names, krate))
        });
    syn::parse_quote! {
        /// What the encoding covers of each type of this module, field by
        /// field (see `anguard::state::coverage`).
        pub const COVERAGE: &[#krate::state::coverage::TypeCoverage] = &[#(#entries),*];
    }
}

/// The field types of type `name` in the encoded copy, in declaration order
/// (an enum's variants' one after the other).
fn encoded_fields(encoded: &[Item], name: &str) -> Option<Vec<Type>> {
    encoded.iter().find_map(|item| match item {
        Item::Struct(s) if s.ident == name => Some(s.fields.iter().map(|f| f.ty.clone()).collect()),
        Item::Enum(e) if e.ident == name => Some(
            e.variants
                .iter()
                .flat_map(|v| v.fields.iter().map(|f| f.ty.clone()))
                .collect(),
        ),
        _ => None,
    })
}

fn entry(ty: &StateType, encoded: &[Type], names: &HashSet<String>, krate: &Path) -> TokenStream {
    let c = quote!(#krate::state::coverage);
    let (is_enum, fields): (bool, Vec<(String, &Visit)>) = match &ty.shape {
        Shape::Struct(fields) => (
            false,
            fields
                .fields
                .iter()
                .map(|f| (member(&f.member), &f.visit))
                .collect(),
        ),
        Shape::Enum(variants) => (
            true,
            variants
                .iter()
                .flat_map(|v| {
                    v.fields
                        .fields
                        .iter()
                        .map(move |f| (format!("{}.{}", v.ident, member(&f.member)), &f.visit))
                })
                .collect(),
        ),
    };
    let mut listed: Vec<TokenStream> = fields
        .iter()
        .zip(encoded)
        .filter(|(_, ty)| !is_tag(ty))
        .map(|((name, visit), ty)| {
            let parts = parts(ty, visit, names, &c);
            quote!(#c::FieldCoverage { name: #name, parts: &[#(#parts),*] })
        })
        .collect();
    if is_enum {
        // Rust's discriminant, checked against the variant's tag word.
        let discriminant = part("discriminant", quote!(Checked), quote!(8), false, &c);
        let word = part("tag word", quote!(Encoded), quote!(64), false, &c);
        listed.push(quote!(#c::FieldCoverage { name: "tag", parts: &[#discriminant, #word] }));
    }
    let name = ty.ident.to_string();
    quote!(#c::TypeCoverage { name: #name, is_enum: #is_enum, fields: &[#(#listed),*] })
}

fn member(member: &syn::Member) -> String {
    match member {
        syn::Member::Named(ident) => ident.to_string(),
        syn::Member::Unnamed(index) => index.index.to_string(),
    }
}

fn part(
    what: &str,
    coverage: TokenStream,
    bits: TokenStream,
    each: bool,
    c: &TokenStream,
) -> TokenStream {
    quote!(#c::Part { what: #what, coverage: #c::Coverage::#coverage, bits: #bits, per_element: #each })
}

fn bits_of(ty: &Type) -> TokenStream {
    quote!((::core::mem::size_of::<#ty>() * 8) as u32)
}

/// A field's parts, from its type in the encoded copy.
fn parts(ty: &Type, visit: &Visit, names: &HashSet<String>, c: &TokenStream) -> Vec<TokenStream> {
    if matches!(visit, Visit::Skip { .. }) || matches!(ty, Type::Reference(_)) {
        return vec![part("value", quote!(Skipped), quote!(0), false, c)];
    }
    let usize_bits = quote!(::core::primitive::usize::BITS);
    if let Some(("Vec" | "VecDeque", element)) = generic(ty) {
        let length = match visit {
            Visit::SizedBy { .. } => quote!(Checked),
            _ => quote!(Plain),
        };
        let (class, what) = class(element, names);
        return vec![
            part(
                "pointer and capacity",
                quote!(Plain),
                quote!(2 * #usize_bits),
                false,
                c,
            ),
            part("length", length, usize_bits, false, c),
            part(
                &what.unwrap_or_else(|| "elements".into()),
                class,
                bits_of(element),
                true,
                c,
            ),
        ];
    }
    let (class, what) = class(ty, names);
    vec![part(
        &what.unwrap_or_else(|| "value".into()),
        class,
        bits_of(ty),
        false,
        c,
    )]
}

/// How a value of `ty` is covered, and for a type of the module its name.
fn class(ty: &Type, names: &HashSet<String>) -> (TokenStream, Option<String>) {
    if is_word(ty) || generic(ty).is_some_and(|(outer, inner)| outer == "Option" && is_word(inner))
    {
        return (quote!(Encoded), None);
    }
    if let Type::Array(array) = ty
        && is_word(&array.elem)
    {
        return (quote!(Encoded), None);
    }
    match last_ident(ty) {
        Some(name) if names.contains(&name) => (quote!(Nested), Some(name)),
        _ => (quote!(Plain), None),
    }
}

/// A variant's tag field (`anguard::an::Tag<AnU32, I>`), listed as the enum's tag.
fn is_tag(ty: &Type) -> bool {
    last_ident(ty).is_some_and(|name| name == "Tag")
}

/// An encoded word: `An<T>` or one of its aliases.
fn is_word(ty: &Type) -> bool {
    const WORDS: &[&str] = &[
        "An", "AnU8", "AnU16", "AnU32", "AnU64", "AnUsize", "AnI8", "AnI16", "AnI32", "AnI64",
        "AnIsize", "AnBool",
    ];
    last_ident(ty).is_some_and(|name| WORDS.contains(&name.as_str()))
}

fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() => {
            path.path.segments.last().map(|s| s.ident.to_string())
        }
        Type::Group(group) => last_ident(&group.elem),
        Type::Paren(paren) => last_ident(&paren.elem),
        _ => None,
    }
}

/// `Outer<Inner>`: the outer name and the one type argument.
fn generic(ty: &Type) -> Option<(&'static str, &Type)> {
    let Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    let [GenericArgument::Type(inner)] = args.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let outer = ["Option", "Vec", "VecDeque"]
        .into_iter()
        .find(|name| segment.ident == name)?;
    Some((outer, inner))
}
