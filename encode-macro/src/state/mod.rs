//! The `State` derive: `#[an_encode]` implements `anguard::state::State` for
//! every struct and enum of its module (nested inline modules included)
//! unless the module implements it for that type itself, so that no field
//! is left out of the scrub or the injector. The impl goes into both copies:
//! the plain one shows `u32` words, the encoded one `AnU32` code words.
//!
//! A field's visit is its type's `State`, in declaration order; a reference
//! field (`&'a [u32]` in a borrowing iterator) is skipped, as its owner's
//! state. What a type alone cannot say is written on the field and stripped
//! from both copies:
//!
//! - `#[state(skip)]`: not protocol state (a cache, a handle);
//! - `#[state(sized_by = n)]`: a vector whose length always equals the word
//!   field `n`: its elements, then the length checked against `n`
//!   (`anguard::state::Visitor::sized`).
//!
//! A lone `#[an_encode] struct` or `enum` gets no derive: a lone `impl` of
//! `State` beside it could not be seen.
//!
//! - `parse` reads the types and their field attributes into a [`model`];
//! - `expand` writes each type's impl;
//! - `error` says what went wrong and what to write instead.

mod coverage;
mod error;
mod expand;
mod model;
mod parse;

use syn::{Item, Path};

use crate::diagnostics::Errors;

pub use coverage::constant as coverage;
pub use model::StateType;

/// Strips the `#[state]` field attributes of `items` and appends a `State`
/// impl for each struct and enum that has none; errors go to `errors`.
/// Returns the module's own types (not its submodules'), for the coverage
/// report.
pub fn derive(items: &mut Vec<Item>, krate: &Path, errors: &mut Errors) -> Vec<StateType> {
    let own = parse::own_impls(items);
    derive_in(items, krate, &own, errors)
}

/// [`derive`] in one module's items, then in its inline submodules.
fn derive_in(
    items: &mut Vec<Item>,
    krate: &Path,
    own: &parse::OwnImpls,
    errors: &mut Errors,
) -> Vec<StateType> {
    let mut impls = Vec::new();
    let mut types = Vec::new();
    for item in items.iter_mut() {
        if let Item::Mod(module) = item
            && let Some((_, inner)) = &mut module.content
        {
            derive_in(inner, krate, own, errors);
            continue;
        }
        if let Some(ty) = parse::state_type(item, own, errors) {
            impls.push(expand::impl_state(&ty, krate));
            types.push(ty);
        }
    }
    items.extend(impls);
    types
}
