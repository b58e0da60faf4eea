//! `#[an_encode]`: compiles a module twice, as written (`plain`) and under the
//! AN code (`encoded`). The user-facing documentation is on `anguard::an_encode`.
//!
//! - `args` parses the attribute's arguments;
//! - `expand` decides what the output looks like for each kind of item;
//! - `encode` is the source-to-source rewrite of the `encoded` copy;
//! - `alu` puts the arithmetic injection point into the `plain` copy;
//! - `super_paths` keeps `super::` paths pointing where they did;
//! - `state` derives `anguard::state::State` for the module's types;
//! - `diagnostics` collects the errors and says what to write instead.

mod alu;
mod args;
mod diagnostics;
mod encode;
mod expand;
mod hooks;
mod state;
mod super_paths;

use proc_macro::TokenStream;

/// Compiles a module twice: as written (`plain`) and AN-encoded (`encoded`).
#[proc_macro_attribute]
pub fn an_encode(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::an_encode(args.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

#[cfg(test)]
mod snapshots;

/// What the runtime's `__alu!` hook expands to in a fault-injection build
/// (feature `inject` of `anguard`): see `alu`. Not a public API.
#[doc(hidden)]
#[proc_macro]
pub fn __alu_tree(input: TokenStream) -> TokenStream {
    alu::tree(input.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
