//! Macro invocations. The arguments of std's formatting, assertion, `vec!`
//! and `matches!` macros are expressions and patterns, so they are parsed and
//! rewritten like any other. The encoder cannot see inside any other macro,
//! so one that mentions `u32` is rejected.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
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
    /// `matches!(scrutinee, pat if guard)`.
    Matches {
        scrutinee: Box<Expr>,
        pat: Box<Pat>,
        guard: Option<Box<Expr>>,
    },
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
    if name == "matches" {
        return parse_matches.parse2(mac.tokens.clone()).ok();
    }
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

fn parse_matches(input: ParseStream) -> syn::Result<Args> {
    let scrutinee = input.parse()?;
    input.parse::<Token![,]>()?;
    let pat = Pat::parse_multi_with_leading_vert(input)?;
    let guard = match input.parse::<Option<Token![if]>>()? {
        Some(_) => Some(input.parse()?),
        None => None,
    };
    input.parse::<Option<Token![,]>>()?;
    Ok(Args::Matches {
        scrutinee,
        pat: Box::new(pat),
        guard,
    })
}

/// The tokens of rewritten arguments.
pub fn print(args: &Args) -> TokenStream {
    match args {
        Args::List(list) => list.to_token_stream(),
        Args::Repeat(elem, len) => quote!(#elem; #len),
        Args::Matches {
            scrutinee,
            pat,
            guard: None,
        } => quote!(#scrutinee, #pat),
        Args::Matches {
            scrutinee,
            pat,
            guard: Some(guard),
        } => quote!(#scrutinee, #pat if #guard),
    }
}
