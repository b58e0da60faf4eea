//! Unannotated locals bound to a literal, `let mut i = 0;`: only the rest of
//! the block says what type rustc gives them. The macro reads those uses:
//!
//! - used as a bare index (`v[i]`, `v[i..]`, `v.get(i)`), the local is a
//!   `usize` in both builds: it stays as written;
//! - combined with or assigned a value the macro sees the type of
//!   (`acc += x as u32`, `i < v.len()`), it has that type: a `u32` one has
//!   its literal encoded, any other type stays as written;
//! - used only as a shift amount, a rotation or power amount, a cast
//!   operand, or against literals (`x << shift`, `x.rotate_left(r)`,
//!   `shift += 7`, `while bit < 8`), no use makes it a `u32` value: it stays
//!   as written (its type is an amount's or rustc's `i32`, in both builds);
//! - any other use (returned, passed on, stored) could make it a plain `u32`
//!   in `encoded`: the binding is rejected, and the message says which types
//!   to write.
//!
//! A wrong reading of a `u32` can only fail to compile (`AnU32` meets a
//! `usize`); a local read as another type is pinned to it by the use.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use syn::visit_mut::{self, VisitMut};
use syn::{BinOp, Block, Expr, FnArg, Ident, Macro, Pat, Signature, Stmt, Type};

use super::literals::is_literal_only;
use super::types::{Primitive, primitive_named};

/// What an unannotated literal local is, by its uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Not of an encoded type in either build: left as written.
    Plain,
    /// Of an encoded primitive type (`u32`, …): its literal is encoded.
    Encoded(&'static Primitive),
    /// Nothing tells; rejected.
    Unknown,
}

/// The primitive types of a fn's parameters and locals, as far as they are
/// written or follow from a cast; a name bound at two types is left out.
#[derive(Debug, Default, Clone)]
pub struct Known {
    types: HashMap<String, Option<String>>,
    /// Every name a pattern of the fn binds (parameters, `let`s, closure
    /// parameters, `for` and `match` bindings), whatever its type.
    bound: HashSet<String>,
}

impl Known {
    /// What the signature and body of a fn say.
    pub fn of_fn(sig: &Signature, body: &Block) -> Known {
        let mut known = Known::default();
        for input in &sig.inputs {
            if let FnArg::Typed(typed) = input {
                known.bind(&typed.pat, Some(&typed.ty), None);
            }
        }
        let mut collect = Collect { known };
        collect.visit_signature_mut(&mut sig.clone());
        collect.visit_block_mut(&mut body.clone());
        collect.known
    }

    /// Whether a pattern of the fn binds `name`.
    pub fn binds(&self, name: &str) -> bool {
        self.bound.contains(name)
    }

    fn bind(&mut self, pat: &Pat, ty: Option<&Type>, init: Option<&Expr>) {
        let (Pat::Ident(ident), ty) = (pat, ty) else {
            if let Pat::Type(typed) = pat {
                self.bind(&typed.pat, Some(&typed.ty), init);
            }
            return;
        };
        let ty = ty
            .and_then(primitive)
            .or_else(|| init.and_then(|init| self.type_of(init)));
        let Some(ty) = ty else {
            return;
        };
        let entry = self
            .types
            .entry(ident.ident.to_string())
            .or_insert_with(|| Some(ty.clone()));
        if entry.as_ref() != Some(&ty) {
            *entry = None;
        }
    }

    /// The primitive type of `expr`, where the macro can see it.
    pub fn type_of(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Lit(lit) => match &lit.lit {
                syn::Lit::Int(int) if !int.suffix().is_empty() => Some(int.suffix().to_owned()),
                _ => None,
            },
            Expr::Cast(cast) => primitive(&cast.ty),
            Expr::Paren(paren) => self.type_of(&paren.expr),
            Expr::Group(group) => self.type_of(&group.expr),
            Expr::Unary(unary) if !matches!(unary.op, syn::UnOp::Deref(_)) => {
                self.type_of(&unary.expr)
            }
            Expr::Path(path) => path
                .path
                .get_ident()
                .and_then(|ident| self.types.get(&ident.to_string()).cloned().flatten()),
            Expr::Binary(binary) if is_shift(&binary.op) => self.type_of(&binary.left),
            Expr::Binary(binary) if is_arithmetic(&binary.op) => self
                .type_of(&binary.left)
                .or_else(|| self.type_of(&binary.right)),
            Expr::MethodCall(call) => match call.method.to_string().as_str() {
                "len" | "count" | "capacity" => Some("usize".to_owned()),
                "count_ones" | "count_zeros" | "leading_zeros" | "trailing_zeros" => {
                    Some("u32".to_owned())
                }
                method if returns_receiver_type(method) => self.type_of(&call.receiver),
                _ => None,
            },
            // `u32::from(b)`, `u32::from_le_bytes(…)`
            Expr::Call(call) => match &*call.func {
                Expr::Path(path) if path.path.segments.len() == 2 => {
                    let [ty, function] = [0, 1].map(|i| path.path.segments[i].ident.to_string());
                    (is_primitive(&ty) && function.starts_with("from")).then_some(ty)
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// Methods of the integers that return their receiver's type.
const SAME_TYPE_METHODS: &[&str] = &[
    "wrapping_",
    "saturating_",
    "rotate_",
    "pow",
    "min",
    "max",
    "swap_bytes",
    "reverse_bits",
    "abs_diff",
    "div_ceil",
];

/// std's predicate methods, which return a `bool`: `is_*` and these.
const PREDICATES: &[&str] = &[
    "contains",
    "contains_key",
    "starts_with",
    "ends_with",
    "eq_ignore_ascii_case",
];

/// A call of a std predicate (`v.is_empty()`, `set.contains(&k)`, through
/// `!`): a `bool` that an unannotated `let` stores encoded, as it does a
/// comparison. A method of the module with such a name returns an `AnBool`
/// or a `bool` too, or fails to compile.
pub fn is_predicate_call(expr: &Expr) -> bool {
    match expr {
        Expr::MethodCall(call) => {
            let method = call.method.to_string();
            method.starts_with("is_") || PREDICATES.contains(&method.as_str())
        }
        Expr::Paren(paren) => is_predicate_call(&paren.expr),
        Expr::Unary(unary) => {
            matches!(unary.op, syn::UnOp::Not(_)) && is_predicate_call(&unary.expr)
        }
        _ => false,
    }
}

/// Whether the integer method `method` returns its receiver's type.
pub fn returns_receiver_type(method: &str) -> bool {
    SAME_TYPE_METHODS.iter().any(|m| method.starts_with(m))
}

struct Collect {
    known: Known,
}

impl VisitMut for Collect {
    fn visit_pat_ident_mut(&mut self, ident: &mut syn::PatIdent) {
        self.known.bound.insert(ident.ident.to_string());
        visit_mut::visit_pat_ident_mut(self, ident);
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        visit_mut::visit_local_mut(self, local);
        let init = local.init.as_ref().map(|init| &*init.expr);
        self.known.bind(&local.pat, None, init);
    }
}

fn is_primitive(name: &str) -> bool {
    matches!(
        name,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
    )
}

/// `ty` if it is a primitive integer type.
pub fn primitive(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .get_ident()
            .map(Ident::to_string)
            .filter(|name| is_primitive(name)),
        Type::Paren(paren) => primitive(&paren.elem),
        _ => None,
    }
}

fn is_shift(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::Shl(_) | BinOp::Shr(_) | BinOp::ShlAssign(_) | BinOp::ShrAssign(_)
    )
}

fn is_arithmetic(op: &BinOp) -> bool {
    !is_shift(op) && !is_comparison(op) && !matches!(op, BinOp::And(_) | BinOp::Or(_))
}

fn is_comparison(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq(_) | BinOp::Ne(_) | BinOp::Lt(_) | BinOp::Le(_) | BinOp::Gt(_) | BinOp::Ge(_)
    )
}

/// What the statements after `let name = <literal>;` make of `name`.
/// `returns` is the primitive type the enclosing fn returns, if it is one;
/// `fn_body` says whether `rest` ends the fn's body (its tail is returned).
pub fn judge(
    name: &Ident,
    rest: &[Stmt],
    known: &Known,
    returns: Option<&str>,
    fn_body: bool,
) -> Verdict {
    let mut uses = Uses {
        name,
        known,
        returns,
        pinned: Vec::new(),
        value: false,
        shadowed: false,
    };
    for (i, stmt) in rest.iter().enumerate() {
        if uses.shadowed {
            break;
        }
        match stmt {
            // The fn's tail: the local is returned.
            Stmt::Expr(tail, None) if fn_body && i + 1 == rest.len() && uses.is_name(tail) => {
                uses.returned();
            }
            _ => uses.visit_stmt_mut(&mut stmt.clone()),
        }
    }
    uses.pinned.sort();
    uses.pinned.dedup();
    match uses.pinned.as_slice() {
        [only] => match primitive_named(only) {
            Some(primitive) => Verdict::Encoded(primitive),
            None => Verdict::Plain,
        },
        [] if !uses.value => Verdict::Plain,
        _ => Verdict::Unknown,
    }
}

struct Uses<'a> {
    name: &'a Ident,
    known: &'a Known,
    returns: Option<&'a str>,
    /// The types uses pin the local to.
    pinned: Vec<String>,
    /// Whether a use could make it a `u32` value the macro cannot see.
    value: bool,
    /// Whether a later `let` of the same name ended the local's scope.
    shadowed: bool,
}

impl Uses<'_> {
    fn is_name(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Paren(paren) => self.is_name(&paren.expr),
            Expr::Group(group) => self.is_name(&group.expr),
            Expr::Path(path) => path.qself.is_none() && path.path.is_ident(self.name),
            _ => false,
        }
    }

    /// Returned from the fn: pinned to its return type.
    fn returned(&mut self) {
        match self.returns {
            Some(ty) => self.pinned.push(ty.to_owned()),
            None => self.value = true,
        }
    }

    fn binds_name(&self, pat: &Pat) -> bool {
        mentions(quote::ToTokens::to_token_stream(pat), self.name)
    }

    /// `name op other`: pinned by `other`'s type, neutral against a literal.
    fn against(&mut self, other: &mut Expr) {
        if let Some(ty) = self.known.type_of(other) {
            self.pinned.push(ty);
        } else if !is_literal_only(other) {
            self.value = true;
        }
        self.visit_expr_mut(other);
    }

    fn index(&mut self, index: &mut Expr) -> bool {
        if self.is_name(index) {
            self.pinned.push("usize".to_owned());
            return true;
        }
        let Expr::Range(range) = index else {
            return false;
        };
        let mut pinned = false;
        for end in [&mut range.start, &mut range.end].into_iter().flatten() {
            if self.is_name(end) {
                pinned = true;
            } else {
                self.visit_expr_mut(end);
            }
        }
        if pinned {
            self.pinned.push("usize".to_owned());
        }
        true
    }
}

impl VisitMut for Uses<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        let outer = self.shadowed;
        for stmt in &mut block.stmts {
            self.visit_stmt_mut(stmt);
            if self.shadowed {
                break;
            }
        }
        // A `let` in an inner block shadows only there.
        self.shadowed = outer;
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        if let Some(init) = &mut local.init {
            self.visit_expr_mut(&mut init.expr);
        }
        if self.binds_name(&local.pat) {
            self.shadowed = true;
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        if mentions(mac.tokens.clone(), self.name) {
            self.value = true;
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            _ if self.is_name(expr) => self.value = true,
            Expr::Index(index) => {
                self.visit_expr_mut(&mut index.expr);
                if !self.index(&mut index.index) {
                    self.visit_expr_mut(&mut index.index);
                }
            }
            Expr::Binary(binary) if self.is_name(&binary.left) || self.is_name(&binary.right) => {
                let (left, right) = (self.is_name(&binary.left), self.is_name(&binary.right));
                match &binary.op {
                    // A shift amount, of any type.
                    op if is_shift(op) && right && !left => {}
                    op if is_shift(op) => self.against(&mut binary.right),
                    _ if left && right => self.value = true,
                    _ if left => self.against(&mut binary.right),
                    _ => self.against(&mut binary.left),
                }
            }
            Expr::Assign(assign) if self.is_name(&assign.left) => self.against(&mut assign.right),
            Expr::Return(ret) if ret.expr.as_deref().is_some_and(|e| self.is_name(e)) => {
                self.returned()
            }
            Expr::Cast(cast) if self.is_name(&cast.expr) => {}
            Expr::MethodCall(call)
                if matches!(call.method.to_string().as_str(), "get" | "get_mut")
                    && call.args.len() == 1
                    && self.is_name(&call.args[0]) =>
            {
                self.pinned.push("usize".to_owned());
                self.visit_expr_mut(&mut call.receiver);
            }
            // `x.rotate_left(k)`: an amount, a plain `u32` in both builds.
            Expr::MethodCall(call)
                if super::AMOUNT_METHODS.contains(&call.method.to_string().as_str()) =>
            {
                self.visit_expr_mut(&mut call.receiver);
                for arg in &mut call.args {
                    if !self.is_name(arg) {
                        self.visit_expr_mut(arg);
                    }
                }
            }
            Expr::Closure(closure) if closure.inputs.iter().any(|p| self.binds_name(p)) => {}
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }
}

fn mentions(tokens: TokenStream, name: &Ident) -> bool {
    tokens.into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == *name,
        proc_macro2::TokenTree::Group(group) => mentions(group.stream(), name),
        _ => false,
    })
}
