//! Which types and paths name `u32`, and what they become.

use proc_macro2::Span;
use quote::quote_spanned;
use syn::{Path, Type};

/// The names of `path`'s segments.
pub fn segment_names(path: &Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// `u32`, `core::primitive::u32` or `std::primitive::u32`.
fn is_u32_path(path: &Path) -> bool {
    let names = segment_names(path);
    let plain = path.segments.iter().all(|s| s.arguments.is_none());
    plain
        && match names.as_slice() {
            [only] => only == "u32" && path.leading_colon.is_none(),
            [root, primitive, last] => {
                (root == "core" || root == "std") && primitive == "primitive" && last == "u32"
            }
            _ => false,
        }
}

/// How many leading segments of `path` name `u32` (`u32::MAX`: 1,
/// `std::u32::MAX`: 2, `core::primitive::u32::MAX`: 3), if they do and more
/// follow. Paths with a leading `::` are not counted: the pattern guards
/// name plain constants as `::core::primitive::u32::MAX`.
pub fn u32_prefix(path: &Path) -> Option<usize> {
    if path.leading_colon.is_some() {
        return None;
    }
    let names = segment_names(path);
    match names
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["u32", _, ..] => Some(1),
        ["std" | "core", "u32", _, ..] => Some(2),
        ["std" | "core", "primitive", "u32", _, ..] => Some(3),
        _ => None,
    }
}

/// Whether `ty` is exactly `u32` (through parentheses and groups).
pub fn is_u32(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => path.qself.is_none() && is_u32_path(&path.path),
        Type::Paren(paren) => is_u32(&paren.elem),
        Type::Group(group) => is_u32(&group.elem),
        _ => false,
    }
}

/// Whether `u32` occurs anywhere in `ty`'s tokens.
pub fn mentions_u32(tokens: impl quote::ToTokens) -> bool {
    fn walk(stream: proc_macro2::TokenStream) -> bool {
        stream.into_iter().any(|tree| match tree {
            proc_macro2::TokenTree::Ident(ident) => ident == "u32",
            proc_macro2::TokenTree::Literal(lit) => lit.to_string().ends_with("u32"),
            proc_macro2::TokenTree::Group(group) => walk(group.stream()),
            proc_macro2::TokenTree::Punct(_) => false,
        })
    }
    walk(tokens.into_token_stream())
}

/// `#krate::AnU32`, spanned on the `u32` it replaces.
pub fn an_u32(krate: &Path, span: Span) -> Type {
    syn::parse2(quote_spanned!(span=> #krate::AnU32)).expect("a path is a type")
}
