//! Which types and paths name a primitive type the encoding replaces, and
//! what they become. One table, [`PRIMITIVES`], says which those are.
//!
//! `u8` is encoded as a scalar and stays plain as the element of a byte
//! buffer ([`is_byte_buffer`]): `[u8; N]`, `[u8]` (so `&[u8]`, `Box<[u8]>`),
//! `Vec<u8>` and `VecDeque<u8>`, which std's byte APIs (`to_le_bytes`,
//! `Hasher::write`, `str::as_bytes`, I/O) take and give.

use proc_macro2::Span;
use quote::quote_spanned;
use syn::{Path, Type};

/// A primitive type that `encoded` replaces with an encoded one.
#[derive(Debug, PartialEq, Eq)]
pub struct Primitive {
    /// The std type, as written: `u32`.
    pub name: &'static str,
    /// Its encoded type in the runtime: `AnU32`.
    pub alias: &'static str,
}

impl Primitive {
    /// The std type's name as an identifier, spanned at `span`.
    pub fn ident(&self, span: Span) -> syn::Ident {
        syn::Ident::new(self.name, span)
    }

    /// `usize`: array lengths and repeat counts must be plain constants of it.
    pub fn is_size(&self) -> bool {
        self.name == "usize"
    }

    /// `u8`: plain as the element of a byte buffer, and in a const context.
    pub fn is_byte(&self) -> bool {
        self.name == "u8"
    }

    /// `#krate::AnU32`, spanned at `span`.
    pub fn encoded(&self, krate: &Path, span: Span) -> Type {
        let path = self.encoded_path(krate, span);
        syn::parse2(quote_spanned!(span=> #path)).expect("a path is a type")
    }

    /// `#krate::AnU32` as a path, to call its associated items through.
    pub fn encoded_path(&self, krate: &Path, span: Span) -> Path {
        let alias = syn::Ident::new(self.alias, span);
        syn::parse2(quote_spanned!(span=> #krate::#alias)).expect("a path")
    }
}

/// The primitive types the encoding replaces.
pub const PRIMITIVES: &[Primitive] = &[
    Primitive {
        name: "u8",
        alias: "AnU8",
    },
    Primitive {
        name: "u16",
        alias: "AnU16",
    },
    Primitive {
        name: "u32",
        alias: "AnU32",
    },
    Primitive {
        name: "u64",
        alias: "AnU64",
    },
    Primitive {
        name: "usize",
        alias: "AnUsize",
    },
    Primitive {
        name: "i8",
        alias: "AnI8",
    },
    Primitive {
        name: "i16",
        alias: "AnI16",
    },
    Primitive {
        name: "i32",
        alias: "AnI32",
    },
    Primitive {
        name: "i64",
        alias: "AnI64",
    },
    Primitive {
        name: "isize",
        alias: "AnIsize",
    },
];

/// Primitive types that have no encoded form and are rejected in an encoded
/// module.
pub const UNSUPPORTED: &[&str] = &["u128", "i128"];

/// The encoded primitive named `name`.
pub fn primitive_named(name: &str) -> Option<&'static Primitive> {
    PRIMITIVES.iter().find(|p| p.name == name)
}

/// The names of `path`'s segments.
pub fn segment_names(path: &Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// The primitive a path names, in `names`' form: `u32`,
/// `core::primitive::u32` or `std::primitive::u32`.
fn named_primitive<'a>(names: &[&'a str], leading_colon: bool) -> Option<&'a str> {
    match names {
        [only] if !leading_colon => Some(only),
        ["core" | "std", "primitive", last] => Some(last),
        _ => None,
    }
}

/// The primitive type `path` names exactly, by `find` (of a name).
fn path_primitive<P>(path: &Path, find: impl Fn(&str) -> Option<P>) -> Option<P> {
    if !path.segments.iter().all(|s| s.arguments.is_none()) {
        return None;
    }
    let names = segment_names(path);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    named_primitive(&names, path.leading_colon.is_some()).and_then(find)
}

/// How many leading segments of `path` may name a primitive type, and its
/// name (`u32::MAX`: 1, `std::u32::MAX`: 2, `core::primitive::u32::MAX`: 3),
/// if more follow. Paths with a leading `::` are not counted: the pattern
/// guards name plain constants as `::core::primitive::u32::MAX`.
fn type_prefix(path: &Path) -> Option<(usize, String)> {
    if path.leading_colon.is_some() {
        return None;
    }
    let names = segment_names(path);
    let (prefix, name) = match names
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["std" | "core", "primitive", name, _, ..] => (3, *name),
        ["std" | "core", name, _, ..] => (2, *name),
        [name, _, ..] => (1, *name),
        _ => return None,
    };
    Some((prefix, name.to_owned()))
}

/// How many leading segments of `path` name an encoded primitive, and
/// which, if more follow: see [`type_prefix`].
pub fn primitive_prefix(path: &Path) -> Option<(usize, &'static Primitive)> {
    let (prefix, name) = type_prefix(path)?;
    primitive_named(&name).map(|primitive| (prefix, primitive))
}

/// The 128-bit type whose items `path` names (`u128::MAX`), if it does.
pub fn unsupported_prefix(path: &Path) -> Option<&'static str> {
    let (_, name) = type_prefix(path)?;
    unsupported_named(&name)
}

/// The type without an encoded form named `name`.
pub fn unsupported_named(name: &str) -> Option<&'static str> {
    UNSUPPORTED.iter().copied().find(|u| *u == name)
}

/// The encoded primitive `ty` is exactly (through parentheses and groups).
pub fn encoded_primitive(ty: &Type) -> Option<&'static Primitive> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path_primitive(&path.path, primitive_named),
        Type::Paren(paren) => encoded_primitive(&paren.elem),
        Type::Group(group) => encoded_primitive(&group.elem),
        _ => None,
    }
}

/// Whether `ty` is a primitive type without an encoded form (`u128`).
pub fn unsupported_primitive(ty: &Type) -> Option<&'static str> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path_primitive(&path.path, unsupported_named),
        Type::Paren(paren) => unsupported_primitive(&paren.elem),
        Type::Group(group) => unsupported_primitive(&group.elem),
        _ => None,
    }
}

/// Whether an encoded primitive occurs anywhere in the tokens, as a type
/// name or a literal's suffix (a byte buffer's `u8` does not count).
pub fn mentions_encoded(tokens: impl quote::ToTokens) -> bool {
    mentions(tokens.into_token_stream(), &|_| true, true)
}

/// Whether an encoded primitive other than `usize` occurs in the tokens: a
/// value, not only sizes and indices (nor bytes: a buffer's elements and a
/// cast into `u8`, which a const context computes plainly).
pub fn mentions_encoded_value(tokens: impl quote::ToTokens) -> bool {
    mentions(tokens.into_token_stream(), &|p| !p.is_size(), false)
}

/// What [`mentions`] counts.
struct Mentions<'a> {
    /// Which primitives.
    which: &'a dyn Fn(&Primitive) -> bool,
    /// Whether `as u8` counts.
    byte_casts: bool,
}

fn mentions(
    stream: proc_macro2::TokenStream,
    which: &dyn Fn(&Primitive) -> bool,
    byte_casts: bool,
) -> bool {
    Mentions { which, byte_casts }.any(stream, false)
}

impl Mentions<'_> {
    /// Whether `stream`, a bracket group's if `brackets`, mentions one.
    fn any(&self, stream: proc_macro2::TokenStream, brackets: bool) -> bool {
        use proc_macro2::{Delimiter, TokenTree};
        let trees: Vec<TokenTree> = stream.into_iter().collect();
        let punct = |i: usize, c: char| matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == c);
        let ident = |i: usize, names: &[&str]| matches!(trees.get(i), Some(TokenTree::Ident(id)) if names.iter().any(|n| id == n));
        // A buffer's element: `[u8; N]`, `[u8]`, `[0u8; N]`, `[1u8, 2]`,
        // `Vec<u8>`, `VecDeque<u8>`.
        let element = |i: usize| {
            (brackets && i == 0 && (trees.len() == 1 || punct(1, ';') || punct(1, ',')))
                || (i >= 2
                    && punct(i - 1, '<')
                    && ident(i - 2, &["Vec", "VecDeque"])
                    && punct(i + 1, '>'))
        };
        let cast = |i: usize| i >= 1 && ident(i - 1, &["as"]);
        let counts = |i: usize, p: &Primitive| {
            (self.which)(p) && !(p.is_byte() && (element(i) || (!self.byte_casts && cast(i))))
        };
        trees.iter().enumerate().any(|(i, tree)| match tree {
            TokenTree::Ident(id) => primitive_named(&id.to_string()).is_some_and(|p| counts(i, p)),
            TokenTree::Literal(lit) => {
                let lit = lit.to_string();
                PRIMITIVES
                    .iter()
                    .any(|p| lit.ends_with(p.name) && counts(i, p))
            }
            TokenTree::Group(group) => {
                self.any(group.stream(), group.delimiter() == Delimiter::Bracket)
            }
            TokenTree::Punct(_) => false,
        })
    }
}

/// `u8`, exactly (through parentheses and groups).
pub fn is_byte(ty: &Type) -> bool {
    encoded_primitive(ty).is_some_and(Primitive::is_byte)
}

/// A byte buffer, whose `u8` elements stay plain: `[u8; N]`, `[u8]`,
/// `Vec<u8>`, `VecDeque<u8>` (through parentheses and groups; a reference
/// or a `Box` of one is a reference or a `Box` of a buffer).
pub fn is_byte_buffer(ty: &Type) -> bool {
    match ty {
        Type::Array(array) => is_byte(&array.elem),
        Type::Slice(slice) => is_byte(&slice.elem),
        Type::Paren(paren) => is_byte_buffer(&paren.elem),
        Type::Group(group) => is_byte_buffer(&group.elem),
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return false;
            };
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return false;
            };
            (last.ident == "Vec" || last.ident == "VecDeque")
                && matches!(args.args.iter().collect::<Vec<_>>().as_slice(),
                    [syn::GenericArgument::Type(elem)] if is_byte(elem))
        }
        _ => false,
    }
}

/// `usize`, exactly (through parentheses and groups).
pub fn is_size(ty: &Type) -> bool {
    encoded_primitive(ty).is_some_and(Primitive::is_size)
}
