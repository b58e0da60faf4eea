//! `#[an_encode]` or `#[an_encode(crate = path)]`.

use syn::parse::{Parse, ParseStream};
use syn::{Path, Token, parse_quote};

/// The attribute's arguments.
pub struct Args {
    /// How generated code names the runtime: `::anguard` unless overridden.
    pub krate: Path,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.is_empty() {
            return Ok(Args {
                krate: parse_quote!(::anguard),
            });
        }
        let lookahead = input.lookahead1();
        if !lookahead.peek(Token![crate]) {
            return Err(lookahead.error());
        }
        input.parse::<Token![crate]>()?;
        input.parse::<Token![=]>()?;
        let krate = input.parse()?;
        input.parse::<Option<Token![,]>>()?;
        if !input.is_empty() {
            return Err(input.error("expected only `crate = path`"));
        }
        Ok(Args { krate })
    }
}
