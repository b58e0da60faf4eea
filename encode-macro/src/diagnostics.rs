//! Errors are collected over a whole item (serde_derive's `Ctxt` style) and
//! reported together, each spanned on the user's code and saying what to
//! write instead.

use std::fmt;

use quote::ToTokens;

/// The errors found so far.
#[derive(Default)]
pub struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    /// Records that `tokens` cannot be encoded, for `reason`.
    pub fn reject(&mut self, tokens: impl ToTokens, reason: Reject) {
        self.errors.push(syn::Error::new_spanned(tokens, reason));
    }

    /// Records an error found elsewhere (the `State` derive's, a parse error).
    pub fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// All errors as one (each keeps its own span), or `Ok` if there were none.
    pub fn finish(self) -> syn::Result<()> {
        let mut errors = self.errors.into_iter();
        match errors.next() {
            None => Ok(()),
            Some(mut first) => {
                first.extend(errors);
                Err(first)
            }
        }
    }
}

/// Why a construct cannot be encoded faithfully.
pub enum Reject {
    /// `let x = 5;`: the literal's type is invisible to the macro.
    UnannotatedLiteral { name: String, pattern: String },
    /// `for i in 0..10`: the same, for a range's element.
    LiteralRange,
    /// `std::mem::transmute`.
    Transmute,
    /// `e as *const T`.
    RawPointerCast,
    /// `unsafe` blocks, fns, impls and traits.
    Unsafe,
    /// An `extern` fn or block with `u32` in its signature.
    Ffi,
    /// `u32::from_le_bytes` and its relatives.
    ByteReinterpretation { function: String },
    /// `size_of::<u32>()`, `size_of_val`, `align_of`.
    Layout { function: String },
    /// A `union` with a `u32` field.
    Union,
    /// A macro the encoder cannot parse, with `u32` among its tokens.
    OpaqueMacro { name: String },
    /// `Some(0 | x)`: literals in a nested or-pattern with other patterns.
    MixedOrPattern,
    /// `let 0 = x else { … }` or a let-chain with a literal pattern.
    RefutableLetLiteral,
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reject::UnannotatedLiteral { name, pattern } => write!(
                f,
                "#[an_encode] cannot see the type of `{name}`: it comes from an integer \
                 literal alone, and a plain `u32` would survive in `encoded`; \
                 write its type, e.g. `let {pattern}: u32 = …;` (or `usize`, …), \
                 or suffix the literal (`5_u32`)"
            ),
            Reject::LiteralRange => f.write_str(
                "#[an_encode] cannot see the element type of a range between integer literals; \
                 suffix one end: `0..10_u32` (encoded) or `0..10_usize`",
            ),
            Reject::Transmute => f.write_str(
                "#[an_encode] cannot encode `transmute`: it reinterprets memory, and an \
                 encoded word is not a u32; convert with `as`, `From` or `TryFrom` instead",
            ),
            Reject::RawPointerCast => f.write_str(
                "#[an_encode] cannot encode raw-pointer casts: memory behind the pointer \
                 would be read as plain words; use references, or move this code outside \
                 the encoded module",
            ),
            Reject::Unsafe => f.write_str(
                "#[an_encode] rejects `unsafe`: it cannot check what unsafe code does to \
                 encoded memory; move it to a plain helper outside the module and pass it \
                 decoded values",
            ),
            Reject::Ffi => f.write_str(
                "#[an_encode] cannot encode `u32` in a foreign signature: C sees 32-bit words; \
                 declare the foreign function outside the module and call it with \
                 `x.decode()` / `AnU32::encode(r)`",
            ),
            Reject::ByteReinterpretation { function } => write!(
                f,
                "#[an_encode] cannot encode `u32::{function}`: it reinterprets bytes; \
                 convert plainly and encode the result, e.g. \
                 `AnU32::encode(u32::{function}(…))`, outside the module"
            ),
            Reject::Layout { function } => write!(
                f,
                "#[an_encode] rejects `{function}` over `u32`: an encoded word is 8 bytes, \
                 so `encoded` would compute something else; write the size as a constant \
                 (`4`)"
            ),
            Reject::Union => f.write_str(
                "#[an_encode] cannot encode a `union` with a `u32` field: reading another \
                 field would reinterpret the code word; use an enum",
            ),
            Reject::OpaqueMacro { name } => write!(
                f,
                "#[an_encode] cannot see inside `{name}!`, and its tokens mention `u32`; \
                 move the u32 code out of the macro, or define the macro outside the module"
            ),
            Reject::MixedOrPattern => f.write_str(
                "#[an_encode] can rewrite a nested or-pattern only if all its alternatives \
                 are literals or ranges; split it into separate match arms",
            ),
            Reject::RefutableLetLiteral => f.write_str(
                "#[an_encode] cannot match an encoded word against a literal pattern here; \
                 write a `match` (or a plain `if let`) instead",
            ),
        }
    }
}
