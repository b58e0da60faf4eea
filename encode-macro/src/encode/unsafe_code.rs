//! `unsafe` code. An unchecked slice access or an unchecked UTF-8 conversion
//! is type-preserving: in `encoded` it hands out the encoded words it holds.
//! What can touch encoded memory as something else goes through a raw
//! pointer or uninitialized memory (or a transmute, rejected everywhere):
//! an `unsafe` block or fn that does any of that is rejected, pointing at
//! the operation.

use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Macro};

use crate::diagnostics::{Errors, Reject};

/// Functions and methods through which unsafe code reads or writes memory
/// as another type than it holds.
const REINTERPRETING: &[&str] = &[
    "&raw",
    "add",
    "addr_of",
    "addr_of_mut",
    "align_to",
    "align_to_mut",
    "as_bytes_mut",
    "as_mut_ptr",
    "as_ptr",
    "assume_init",
    "assume_init_read",
    "byte_add",
    "byte_offset",
    "byte_sub",
    "cast",
    "cast_const",
    "cast_mut",
    "copy",
    "copy_nonoverlapping",
    "from_raw",
    "from_raw_parts",
    "from_raw_parts_mut",
    "offset",
    "read",
    "read_unaligned",
    "read_volatile",
    "sub",
    "uninitialized",
    "write",
    "write_bytes",
    "write_unaligned",
    "write_volatile",
    "zeroed",
];

/// Reports the first operation of `block` (an `unsafe` block, or an
/// `unsafe fn`'s body outside the `unsafe` blocks in it, which are checked
/// on their own) that can reinterpret memory: one error per block, which
/// moves as a whole.
pub fn check(block: &Block, errors: &mut Errors) {
    let mut scan = Scan { found: None };
    for stmt in &block.stmts {
        scan.visit_stmt_mut(&mut stmt.clone());
    }
    if let Some((tokens, operation)) = scan.found {
        errors.reject(tokens, Reject::UnsafeReinterpretation { operation });
    }
}

struct Scan {
    /// The first reinterpreting operation, and its name.
    found: Option<(proc_macro2::TokenStream, String)>,
}

impl Scan {
    fn operation(&mut self, tokens: impl ToTokens, name: &str) {
        if self.found.is_none() && REINTERPRETING.contains(&name) {
            self.found = Some((tokens.into_token_stream(), name.to_owned()));
        }
    }
}

impl VisitMut for Scan {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match &*expr {
            Expr::MethodCall(call) => self.operation(&call.method, &call.method.to_string()),
            Expr::Call(call) => {
                if let Expr::Path(path) = &*call.func
                    && let Some(last) = path.path.segments.last()
                {
                    self.operation(&call.func, &last.ident.to_string());
                }
            }
            Expr::RawAddr(raw) => self.operation(raw, "&raw"),
            Expr::Unsafe(_) => return,
            _ => {}
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        if let Some(last) = mac.path.segments.last() {
            self.operation(&*mac, &last.ident.to_string());
        }
    }
}
