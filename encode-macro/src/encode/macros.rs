//! Macro invocations. The arguments of std's formatting, assertion and `vec!`
//! macros are expressions, so they are parsed and rewritten like any other;
//! `matches!` becomes the `match` it stands for. The encoder cannot see
//! inside any other macro, so one that mentions `u32` is rejected.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Macro, Pat, Token};

/// Macros whose arguments are a comma-separated list of expressions (the
/// format string and `name = value` arguments parse as expressions too).
const EXPRESSION_LISTS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "dbg",
    "eprint",
    "eprintln",
    "format",
    "format_args",
    "panic",
    "print",
    "println",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

/// A macro's arguments, as the encoder understands them.
pub enum Args {
    /// `format!("{}", a, name = b)`, `vec![a, b]`.
    List(Punctuated<Expr, Token![,]>),
    /// `vec![elem; len]`.
    Repeat(Box<Expr>, Box<Expr>),
}

/// The macro's name: the last segment of its path.
pub fn name(mac: &Macro) -> String {
    mac.path
        .segments
        .last()
        .map(|segment| segment.ident.to_string())
        .unwrap_or_default()
}

/// Parses the arguments of a macro the encoder knows, or `None`.
pub fn parse(mac: &Macro) -> Option<Args> {
    let name = name(mac);
    if !EXPRESSION_LISTS.contains(&name.as_str()) {
        return None;
    }
    let repeat = |input: ParseStream| -> syn::Result<Args> {
        let elem = input.parse()?;
        input.parse::<Token![;]>()?;
        let len = input.parse()?;
        Ok(Args::Repeat(Box::new(elem), Box::new(len)))
    };
    if name == "vec"
        && let Ok(args) = repeat.parse2(mac.tokens.clone())
    {
        return Some(args);
    }
    Punctuated::parse_terminated
        .parse2(mac.tokens.clone())
        .ok()
        .map(Args::List)
}

/// The tokens of rewritten arguments.
pub fn print(args: &Args) -> TokenStream {
    match args {
        Args::List(list) => list.to_token_stream(),
        Args::Repeat(elem, len) => quote!(#elem; #len),
    }
}

/// `matches!(e, pat if guard)` as `match e { pat if guard => true, _ => false }`.
pub fn matches_to_match(mac: &Macro) -> Option<Expr> {
    let parser = |input: ParseStream| -> syn::Result<(Expr, Pat, Option<Expr>)> {
        let scrutinee = input.parse()?;
        input.parse::<Token![,]>()?;
        let pat = Pat::parse_multi_with_leading_vert(input)?;
        let guard = if input.parse::<Option<Token![if]>>()?.is_some() {
            Some(input.parse()?)
        } else {
            None
        };
        input.parse::<Option<Token![,]>>()?;
        Ok((scrutinee, pat, guard))
    };
    let (scrutinee, pat, guard) = parser.parse2(mac.tokens.clone()).ok()?;
    let guard = guard.map(|guard| quote!(if #guard));
    let span = mac.span();
    syn::parse2(quote_spanned! {span=>
        match #scrutinee {
            #pat #guard => true,
            _ => false,
        }
    })
    .ok()
}
