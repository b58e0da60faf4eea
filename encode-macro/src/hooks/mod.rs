//! The control injection points of both copies: decisions and stores.
//!
//! Run on each copy once it is final (the plain one after [`crate::alu`],
//! the encoded one after [`crate::encode`]), so that both copies have the
//! same points in the same order:
//! - every decision, the condition of an `if` or `while` and a match
//!   guard, is wrapped in the runtime's `__decision!(cond)`: one decision
//!   per condition, whatever its type (`bool` today), so that a condition
//!   the encoded copy computes in its own type keeps its point;
//! - every store to a field of `self` (`self.f = v`, `self.f[i] = v`, not a
//!   compound assignment, which the plain copy's arithmetic hook holds) is
//!   written `__store!(self.f, v)`, or `__store!(@generic self.f, v)` in an
//!   impl whose type has parameters or lifetimes: there a field's type need
//!   not be `'static`, which the runtime's test of the stored word's type
//!   needs, so the stored word cannot be flipped (the store can still be
//!   lost).
//!
//! A condition that binds (`if let`, a let chain) is not a decision here.
//! Const contexts (`const`, `static`, `const fn`, `const { … }`) are left as
//! written, as the hooks are not `const`; so are macros' arguments. Without
//! the runtime's feature `inject` the hooks are `$e` and `$place = $value`:
//! the code as written.

use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ImplItemFn, Item, ItemFn, Path, parse_quote_spanned, spanned::Spanned};

/// Wraps the decisions and stores of `items` in the runtime's hooks.
pub fn hook(items: &mut [Item], krate: &Path) {
    let mut hooks = Hooks {
        krate,
        generic: false,
    };
    for item in items {
        hooks.visit_item_mut(item);
    }
}

struct Hooks<'a> {
    krate: &'a Path,
    /// Whether the impl being visited is of a type with parameters or
    /// lifetimes.
    generic: bool,
}

impl Hooks<'_> {
    fn decision(&self, cond: &mut Expr) {
        if binds(cond) {
            return;
        }
        let krate = self.krate;
        let span = cond.span();
        let inner = std::mem::replace(cond, Expr::PLACEHOLDER);
        *cond = parse_quote_spanned!(span=> #krate::__decision!(#inner));
    }
}

impl VisitMut for Hooks<'_> {
    fn visit_item_const_mut(&mut self, _: &mut syn::ItemConst) {}
    fn visit_item_static_mut(&mut self, _: &mut syn::ItemStatic) {}
    fn visit_expr_const_mut(&mut self, _: &mut syn::ExprConst) {}

    fn visit_item_fn_mut(&mut self, f: &mut ItemFn) {
        if f.sig.constness.is_none() {
            visit_mut::visit_item_fn_mut(self, f);
        }
    }

    fn visit_impl_item_fn_mut(&mut self, f: &mut ImplItemFn) {
        if f.sig.constness.is_none() {
            visit_mut::visit_impl_item_fn_mut(self, f);
        }
    }

    fn visit_impl_item_const_mut(&mut self, _: &mut syn::ImplItemConst) {}

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let generic = !item.generics.params.is_empty() || has_lifetime(&item.self_ty);
        let outer = std::mem::replace(&mut self.generic, generic);
        visit_mut::visit_item_impl_mut(self, item);
        self.generic = outer;
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        visit_mut::visit_expr_mut(self, expr);
        match expr {
            Expr::If(e) => self.decision(&mut e.cond),
            Expr::While(e) => self.decision(&mut e.cond),
            Expr::Assign(assign) if on_self(&assign.left) => {
                let (krate, span) = (self.krate, assign.span());
                let (left, right) = (&assign.left, &assign.right);
                *expr = if self.generic {
                    parse_quote_spanned!(span=> #krate::__store!(@generic #left, #right))
                } else {
                    parse_quote_spanned!(span=> #krate::__store!(#left, #right))
                };
            }
            _ => {}
        }
    }

    fn visit_pat_guard_mut(&mut self, pat: &mut syn::PatGuard) {
        visit_mut::visit_pat_guard_mut(self, pat);
        self.decision(&mut pat.guard);
    }
}

/// Whether a type names a lifetime (`Ones<'_>`).
fn has_lifetime(ty: &syn::Type) -> bool {
    fn any_lifetime(tokens: proc_macro2::TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Punct(p) => p.as_char() == '\'',
            proc_macro2::TokenTree::Group(g) => any_lifetime(g.stream()),
            _ => false,
        })
    }
    any_lifetime(quote::ToTokens::to_token_stream(ty))
}

/// Whether a condition binds names (`let` anywhere in its `&&` chain).
fn binds(cond: &Expr) -> bool {
    match cond {
        Expr::Let(_) => true,
        Expr::Binary(b) => binds(&b.left) || binds(&b.right),
        Expr::Paren(p) => binds(&p.expr),
        _ => false,
    }
}

/// Whether a place is a field of `self`, or inside one (`self.f[i].g`).
fn on_self(place: &Expr) -> bool {
    match place {
        Expr::Field(f) => is_self(&f.base) || on_self(&f.base),
        Expr::Index(i) => on_self(&i.expr),
        Expr::Paren(p) => on_self(&p.expr),
        _ => false,
    }
}

fn is_self(expr: &Expr) -> bool {
    matches!(expr, Expr::Path(p) if p.qself.is_none() && p.path.is_ident("self"))
}
