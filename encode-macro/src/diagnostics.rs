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
    /// A raw-pointer, transmute or uninitialized-memory operation in
    /// `unsafe` code.
    UnsafeReinterpretation { operation: String },
    /// An `unsafe impl` of a trait other than `Send` and `Sync`.
    UnsafeImpl,
    /// An `unsafe trait`.
    UnsafeTrait,
    /// An `extern` fn or block with `u32` in its signature.
    Ffi,
    /// `size_of::<u32>()`, `size_of_val`, `align_of`.
    Layout { function: String },
    /// A method of a foreign trait whose fixed `u32` signature has a type
    /// the macro cannot convert at the boundary.
    PlainSignature,
    /// A generic function outside the module whose type argument is `u32`.
    OutsideGeneric { function: String },
    /// A const context's call of a const fn over u32 that `encoded` compiles
    /// as a plain fn.
    ConstCall { function: String },
    /// A `union` with a `u32` field.
    Union,
    /// A macro the encoder cannot parse, with `u32` among its tokens.
    OpaqueMacro { name: String },
    /// `Some(0 | x)`: literals in a nested or-pattern with other patterns.
    MixedOrPattern,
    /// `let 0 = x else { … }` or a let-chain with a literal pattern.
    RefutableLetLiteral,
    /// `Some(true) => …`, `if let Some(true) = …`: a boolean literal where no
    /// scrutinee of its own can be decided.
    NestedBoolPattern,
    /// `u128` or `i128`, which have no encoded type.
    Unsupported { name: String },
    /// An enum's explicit discriminant that is not an integer literal.
    Discriminant,
    /// `bump(&mut buf[i])` with `fn bump(c: &mut u8)`: a buffer's plain
    /// byte lent where an encoded one is expected.
    LentByte,
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reject::UnannotatedLiteral { name, pattern } => write!(
                f,
                "#[an_encode] cannot see the type of `{name}`: it comes from an integer \
                 literal alone, and no use of it shows whether it is a `u32` value, which \
                 would survive plain in `encoded`; write its type: `let {pattern}: u32 = …;` \
                 if it holds a u32 value, `usize` if it is an index or a length (or another \
                 integer type), or suffix the literal (`0_u32`, `0_usize`)"
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
            Reject::UnsafeReinterpretation { operation } => write!(
                f,
                "#[an_encode] rejects `{operation}` in unsafe code: through raw pointers, \
                 transmutes or uninitialized memory it can read an encoded word as plain \
                 data or write plain data into one; move this unsafe code to a plain helper \
                 outside the module and pass it decoded values (unchecked indexing and \
                 conversions such as `get_unchecked` and `from_utf8_unchecked` are accepted)"
            ),
            Reject::UnsafeImpl => f.write_str(
                "#[an_encode] rejects an `unsafe impl` other than of `Send` or `Sync`: it \
                 may promise a layout (bytemuck's `Pod`, zerocopy's `FromBytes`) that an \
                 encoded word does not have; implement the trait outside the module",
            ),
            Reject::UnsafeTrait => f.write_str(
                "#[an_encode] rejects `unsafe trait`: the macro cannot check what its \
                 implementations promise about encoded types; define the trait outside \
                 the module",
            ),
            Reject::Ffi => f.write_str(
                "#[an_encode] cannot encode `u32` in a foreign signature: C sees 32-bit words; \
                 declare the foreign function outside the module and call it with \
                 `x.decode()` / `AnU32::encode(r)`",
            ),
            Reject::Layout { function } => write!(
                f,
                "#[an_encode] rejects `{function}` over `u32`: an encoded word is 8 bytes, \
                 so `encoded` would compute something else; write the plain size as a \
                 constant: 4 bytes per u32 the value holds (16 for a `[u32; 4]`), or \
                 compute it outside the module (`const SIZE: usize = size_of::<[u32; 4]>();`) \
                 and use `super::SIZE`"
            ),
            Reject::PlainSignature => f.write_str(
                "#[an_encode] keeps this method's signature as the trait outside the module \
                 fixes it, with `u32`, and converts at the boundary, but can convert only \
                 `u32` and arrays, tuples, `Option`s, `Result`s and `Vec`s of it, bound to a \
                 plain name; take the value by value, or implement the trait outside the \
                 module, converting with `Word::to_u32` and `Word::from_u32`",
            ),
            Reject::OutsideGeneric { function } => write!(
                f,
                "#[an_encode] cannot see what `{function}`, outside the module, does with \
                 its type parameter: here it is `u32`, which is `AnU32` in `encoded`, an \
                 8-byte code word, and a helper that reads or writes memory as its `T` would \
                 silently read other bytes; write the helper over `u32` (then convert with \
                 `Word::from_u32`) or over `anguard::Word` (`W::from_u32`), or, if it only \
                 moves, compares or stores its `T`, say so: \
                 `anguard::an::trust_generic({function}(…))`"
            ),
            Reject::ConstCall { function } => write!(
                f,
                "#[an_encode] compiles `{function}` as a plain fn in `encoded`: rustc cannot \
                 call `AnU32`'s operators in a const fn, and only a free `const fn` whose \
                 parameters and result are u32 values (or arrays, tuples, `Option`s of them) \
                 can run through its plain copy; so no constant can call it. Compute the \
                 constant with such a free `const fn`, or build the value in a fn"
            ),
            Reject::Discriminant => f.write_str(
                "#[an_encode] needs an explicit discriminant to be an integer literal \
                 (`V = 3`, `V = -1`): every variant gets a tag field, so `E::V as u32` is \
                 rewritten to the discriminant's value, which the macro must read; write \
                 the value as a literal",
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
            Reject::NestedBoolPattern => f.write_str(
                "#[an_encode] matches an encoded boolean against `true` or `false` only at \
                 the top of a `match` arm's pattern, or in a tuple written in the `match` \
                 (`match (a, b)`); bind the flag and test it in a guard or a condition \
                 instead (`Some(f) if f`)",
            ),
            Reject::Unsupported { name } => write!(
                f,
                "#[an_encode] does not support `{name}`: 128-bit integers have no encoded \
                 type, and a plain one would survive unchecked in `encoded`; keep the \
                 `{name}` code outside the module and pass it values of a supported width \
                 (`u64`, `i64`, …), or split the value into two `u64` words"
            ),
            Reject::LentByte => f.write_str(
                "#[an_encode] cannot lend a byte buffer's element as a `&mut u8` parameter: \
                 a buffer's bytes stay plain, the parameter is an encoded `AnU8` in \
                 `encoded`, and a place cannot be converted; copy the byte out and back \
                 (`let mut b: u8 = buf[i]; f(&mut b); buf[i] = b;`), or pass the buffer and \
                 the index",
            ),
        }
    }
}
