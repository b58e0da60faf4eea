//! Generic functions outside the module. `let lane: u32 =
//! super::read_chunk(data, 0);` infers the helper's type parameter as `u32`
//! in `plain` and as `AnU32` in `encoded`; a helper that reads memory as its
//! `T` (a pointer read out of a byte slice) then reads an 8-byte code word
//! where `plain` read 4 bytes, and may produce a valid word holding another
//! value, with no fault. The macro cannot see the helper, so it rejects the
//! call wherever it can see that the type argument is a `u32`: named in a
//! turbofish, or inferred from a `let` annotation or the enclosing fn's
//! return type, through `?`, `.unwrap()` and `.expect(…)`. The user vouches
//! for a helper that only moves, compares or stores its `T` by wrapping the
//! call in `anguard::an::trust_generic(…)`.
//!
//! A call outside the module is one through `super::` or `crate::`, of a
//! name the module imports from anywhere but `std`, `core`, `alloc`,
//! `anguard` or itself, or, under a glob import from outside (`use
//! super::*;`), of a lowercase name the module does not define and the fn
//! does not bind (std's generic functions and the runtime's do not
//! reinterpret memory; std's that do are rejected on their own). What this does not see: such a call passed as an argument, stored
//! in a field or assigned (`self.lane = super::read_chunk(data, 0);`), where
//! the expected type comes from a declaration elsewhere.

use std::collections::HashSet;

use quote::ToTokens;
use syn::{Expr, ExprCall, Item, UseTree};

use super::Encoder;
use super::types::mentions_encoded;
use crate::diagnostics::Reject;

impl Encoder<'_> {
    /// Whether `call` calls a function outside the module.
    pub(super) fn is_outside(&self, call: &ExprCall) -> bool {
        self.imports.is_outside(
            call,
            |name| self.scope.fns.contains_key(name),
            |name| self.known.binds(name),
        )
    }

    /// Rejects a call outside the module whose result `expr` is, when the
    /// result is a `u32` in `plain`: see [`outside`].
    pub(super) fn check_outside_result(&mut self, expr: &Expr) {
        if let Some(call) = result_call(expr)
            && self.is_outside(call)
        {
            let function = call.func.to_token_stream().to_string().replace(' ', "");
            self.errors
                .reject(&call.func, Reject::OutsideGeneric { function });
        }
    }
}

/// Crates and paths whose generic functions are known not to reinterpret
/// memory as their type parameter.
const TRUSTED_ROOTS: &[&str] = &["std", "core", "alloc", "anguard", "self"];

/// The names a module imports from outside it.
#[derive(Default)]
pub struct Imports {
    names: HashSet<String>,
    /// Whether it imports everything of a module outside (`use super::*;`).
    glob: bool,
}

impl Imports {
    /// The imports of `items` (one module and those inside it).
    pub fn of(items: &[Item]) -> Imports {
        let mut imports = Imports::default();
        imports.collect(items);
        imports
    }

    fn collect(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Use(import) => {
                    let trusted = match &import.tree {
                        UseTree::Path(path) => {
                            let root = path.ident.to_string();
                            TRUSTED_ROOTS.contains(&root.as_str())
                        }
                        _ => false,
                    };
                    if !trusted {
                        self.glob |= leaves(&import.tree, &mut self.names);
                    }
                }
                Item::Mod(module) => {
                    if let Some((_, items)) = &module.content {
                        self.collect(items);
                    }
                }
                _ => {}
            }
        }
    }

    /// Whether `call` calls a function outside the module. Under a glob
    /// import from outside, a lowercase name the module does not define
    /// (`defined`) and the fn does not bind (`bound`) comes from it.
    pub fn is_outside(
        &self,
        call: &ExprCall,
        defined: impl Fn(&str) -> bool,
        bound: impl Fn(&str) -> bool,
    ) -> bool {
        let Expr::Path(path) = &*call.func else {
            return false;
        };
        let Some(first) = path.path.segments.first() else {
            return false;
        };
        let first = first.ident.to_string();
        if path.path.leading_colon.is_some() {
            return !TRUSTED_ROOTS.contains(&first.as_str());
        }
        let imported_by_glob = self.glob
            && path.path.segments.len() == 1
            && first.starts_with(|c: char| c.is_lowercase())
            && !defined(&first)
            && !bound(&first)
            && first != "drop";
        first == "super" || first == "crate" || self.names.contains(&first) || imported_by_glob
    }
}

/// Adds the names `tree` imports to `names`; whether it has a glob.
fn leaves(tree: &UseTree, names: &mut HashSet<String>) -> bool {
    match tree {
        UseTree::Path(path) => leaves(&path.tree, names),
        UseTree::Name(name) => {
            names.insert(name.ident.to_string());
            false
        }
        UseTree::Rename(rename) => {
            names.insert(rename.rename.to_string());
            false
        }
        UseTree::Group(group) => group
            .items
            .iter()
            .fold(false, |glob, tree| leaves(tree, names) | glob),
        UseTree::Glob(_) => true,
    }
}

/// Whether `call` names `u32` among its type arguments.
pub fn turbofish_mentions_encoded(call: &ExprCall) -> bool {
    match &*call.func {
        Expr::Path(path) => path
            .path
            .segments
            .iter()
            .any(|segment| mentions_encoded(&segment.arguments)),
        _ => false,
    }
}

/// The call whose result `expr` is, through parentheses, `?`, `.unwrap()`
/// and `.expect(…)`; `None` inside `trust_generic(…)`.
pub fn result_call(expr: &Expr) -> Option<&ExprCall> {
    match expr {
        Expr::Paren(paren) => result_call(&paren.expr),
        Expr::Group(group) => result_call(&group.expr),
        Expr::Try(try_) => result_call(&try_.expr),
        Expr::MethodCall(call)
            if matches!(call.method.to_string().as_str(), "unwrap" | "expect") =>
        {
            result_call(&call.receiver)
        }
        Expr::Call(call) if is_trust(call) => None,
        Expr::Call(call) => Some(call),
        _ => None,
    }
}

/// `trust_generic(…)`, however it is named.
pub fn is_trust(call: &ExprCall) -> bool {
    matches!(&*call.func, Expr::Path(path)
        if path.path.segments.last().is_some_and(|last| last.ident == "trust_generic"))
}
