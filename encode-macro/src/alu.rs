//! The plain copy's arithmetic injection point.
//!
//! Fault injection corrupts the result of the N-th arithmetic
//! operation: in the encoded copy the encoded types' operations provide the
//! point; in the plain copy, each arithmetic expression — a tree of `+ - * /
//! % << >> & | ^` and unary `-`, compound assignments and calls of the
//! integers' arithmetic methods (`wrapping_add`, `checked_sub`, `pow`,
//! `abs_diff`, `unsigned_abs`, … : [`METHODS`]),
//! through parentheses, receivers and arguments — is wrapped once in
//! the runtime's hook, `__alu!(a + b * c)` (imported from `::anguard` at the
//! top of the module), so that the copy still reads as written. The macro
//! cannot see types, so the hook is generic, and the runtime decides what it
//! does: without its feature `inject`, `__alu!` is `($e:expr) => { $e }`,
//! the expression as written; with it, `__alu!` hands the tree to
//! [`tree`] (the hidden proc-macro `__alu_tree!`), which wraps every
//! operation of the tree in `anguard::inject::alu::result`, which counts
//! and corrupts results of the integer types the encoding
//! covers and `bool` only, and passes the
//! operands and results of `+ - * / % & | ^` and `wrapping_add`, `_sub` and
//! `_mul` through the exchange points (`anguard::inject::exchange`). The
//! macro itself emits no `cfg`.
//!
//! Not wrapped, so that the hook is only where it can act and has an
//! encoded counterpart:
//! - comparisons, `&&`, `||`, and `!` unless it is an operand in a tree
//!   (`a & !b`): alone, `!` is overwhelmingly on `bool` (an encoded `!`
//!   does count, so a lone `!x` on an integer counts only in the encoded
//!   copy);
//! - operations on literals only (`(1 << 20) - 1`), which the encoded copy
//!   folds into a constant;
//! - const contexts, where the hook, not being a `const fn`, cannot run:
//!   `const` and `static` initializers, `const fn` bodies, `const { … }`,
//!   array lengths, enum discriminants, const generic arguments;
//! - fns, impls and traits with type parameters, where a result may be of a
//!   type that is not `'static` (which the hook's type test needs);
//! - macros other than std's formatting, assertion, `vec!` and `matches!`.
//!
//! An operand that is not itself arithmetic (a call, an index, a cast) is
//! visited on its own: `v[i + 1] * 2` is `__alu!(v[__alu!(i + 1)] * 2)`.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{BinOp, Expr, Generics, Item, Path, UnOp, parse_quote_spanned};

use crate::encode::{is_literal_only, macros};

/// Wraps the arithmetic of `items` (the plain copy) in `__alu!`, imported
/// from `krate` at the top of each module that uses it.
pub fn hook(items: &mut Vec<Item>, krate: &Path) {
    let mut hooker = Hooker {
        krate,
        generic: false,
        wrapped: 0,
    };
    hooker.module(items);
}

struct Hooker<'a> {
    krate: &'a Path,
    /// Whether type parameters are in scope.
    generic: bool,
    /// How many operations were wrapped so far.
    wrapped: usize,
}

impl Hooker<'_> {
    /// The items of one module; the import goes where the hook is used.
    fn module(&mut self, items: &mut Vec<Item>) {
        let before = self.wrapped;
        for item in items.iter_mut() {
            self.visit_item_mut(item);
        }
        if self.wrapped > before {
            let krate = self.krate;
            items.insert(0, syn::parse_quote!(use #krate::__alu;));
        }
    }

    /// Runs `visit` with `generic` as the scope's state, then restores it.
    fn scope(&mut self, generic: bool, visit: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.generic, generic);
        visit(self);
        self.generic = outer;
    }
}

fn has_type_params(generics: &Generics) -> bool {
    generics.type_params().next().is_some()
}

/// The integers' methods that are arithmetic operations in the encoded copy
/// (each hits the encoded type's injection point there once).
const METHODS: &[&str] = &[
    "wrapping_add",
    "wrapping_sub",
    "wrapping_mul",
    "wrapping_div",
    "wrapping_rem",
    "wrapping_neg",
    "wrapping_shl",
    "wrapping_shr",
    "wrapping_pow",
    "checked_add",
    "checked_sub",
    "checked_mul",
    "checked_div",
    "checked_rem",
    "checked_shl",
    "checked_shr",
    "checked_pow",
    "saturating_add",
    "saturating_sub",
    "saturating_mul",
    "saturating_div",
    "saturating_pow",
    "overflowing_add",
    "overflowing_sub",
    "overflowing_mul",
    "overflowing_div",
    "overflowing_rem",
    "overflowing_shl",
    "overflowing_shr",
    "overflowing_pow",
    "pow",
    "abs_diff",
    "div_ceil",
    "abs",
    "wrapping_abs",
    "checked_abs",
    "saturating_abs",
    "overflowing_abs",
    "unsigned_abs",
    "checked_neg",
    "saturating_neg",
    "overflowing_neg",
];

/// An operation whose result is hooked: an arithmetic operator, not on
/// literals only, or a call of one of [`METHODS`].
fn is_operation(expr: &Expr) -> bool {
    match expr {
        Expr::Binary(binary) => {
            let arithmetic = !matches!(
                binary.op,
                BinOp::And(_)
                    | BinOp::Or(_)
                    | BinOp::Eq(_)
                    | BinOp::Ne(_)
                    | BinOp::Lt(_)
                    | BinOp::Le(_)
                    | BinOp::Gt(_)
                    | BinOp::Ge(_)
            );
            arithmetic && !is_literal_only(expr)
        }
        Expr::MethodCall(call) => METHODS.contains(&call.method.to_string().as_str()),
        // `-x`: an encoded negation is a subtraction from zero; `-1i16` is
        // a constant.
        Expr::Unary(unary) => {
            matches!(unary.op, UnOp::Neg(_))
                && !is_literal_only(expr)
                && !matches!(strip(&unary.expr), Expr::Lit(_))
        }
        _ => false,
    }
}

fn is_assignment(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_)
            | BinOp::RemAssign(_)
            | BinOp::BitXorAssign(_)
            | BinOp::BitAndAssign(_)
            | BinOp::BitOrAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_)
    )
}

/// One operation of a tree.
enum Operation<'a> {
    Binary(&'a mut syn::ExprBinary),
    Method(&'a mut syn::ExprMethodCall),
    Unary(&'a mut syn::ExprUnary),
}

/// `!x` is an operation inside a tree (`a & !b`), not the root of one:
/// alone it is overwhelmingly on `bool`, and not worth the noise.
fn is_not(expr: &Expr) -> bool {
    matches!(expr, Expr::Unary(unary) if matches!(unary.op, UnOp::Not(_))) && !is_literal_only(expr)
}

/// The operation of a tree under parentheses, if `expr` is one.
fn operation(expr: &mut Expr) -> Option<Operation<'_>> {
    let stripped = strip(expr);
    if !is_operation(stripped) && !is_not(stripped) {
        return None;
    }
    match strip_mut(expr) {
        Expr::Binary(binary) => Some(Operation::Binary(binary)),
        Expr::MethodCall(call) => Some(Operation::Method(call)),
        Expr::Unary(unary) => Some(Operation::Unary(unary)),
        _ => None,
    }
}

fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(paren) => strip(&paren.expr),
        Expr::Group(group) => strip(&group.expr),
        expr => expr,
    }
}

fn strip_mut(expr: &mut Expr) -> &mut Expr {
    match expr {
        Expr::Paren(paren) => strip_mut(&mut paren.expr),
        Expr::Group(group) => strip_mut(&mut group.expr),
        expr => expr,
    }
}

impl Hooker<'_> {
    /// Visits the operands of a tree's operations that are not operations.
    fn visit_tree(&mut self, expr: &mut Expr) {
        match operation(expr) {
            None => self.visit_expr_mut(expr),
            Some(Operation::Binary(binary)) => {
                if is_assignment(&binary.op) {
                    self.visit_expr_mut(&mut binary.left);
                } else {
                    self.visit_tree(&mut binary.left);
                }
                self.visit_tree(&mut binary.right);
            }
            Some(Operation::Method(call)) => {
                self.visit_tree(&mut call.receiver);
                for arg in call.args.iter_mut() {
                    self.visit_tree(arg);
                }
            }
            Some(Operation::Unary(unary)) => self.visit_tree(&mut unary.expr),
        }
    }
}

impl VisitMut for Hooker<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if self.generic || !is_operation(expr) {
            visit_mut::visit_expr_mut(self, expr);
            return;
        }
        self.visit_tree(expr);
        self.wrapped += 1;
        *expr = parse_quote_spanned!(expr.span()=> __alu!(#expr));
    }

    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut module.content {
            // A module's items see none of the enclosing type parameters.
            self.scope(false, |this| this.module(items));
        }
    }

    // Scopes: an item nested in a fn sees none of the fn's type parameters;
    // an impl's or trait's items see theirs (a trait has `Self`).
    fn visit_item_fn_mut(&mut self, item: &mut syn::ItemFn) {
        if item.sig.constness.is_none() {
            let generic = has_type_params(&item.sig.generics);
            self.scope(generic, |this| this.visit_block_mut(&mut item.block));
        }
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let generic = has_type_params(&item.generics);
        self.scope(generic, |this| {
            for item in &mut item.items {
                this.visit_impl_item_mut(item);
            }
        });
    }

    fn visit_impl_item_fn_mut(&mut self, item: &mut syn::ImplItemFn) {
        if item.sig.constness.is_none() {
            let generic = self.generic || has_type_params(&item.sig.generics);
            self.scope(generic, |this| this.visit_block_mut(&mut item.block));
        }
    }

    fn visit_item_trait_mut(&mut self, item: &mut syn::ItemTrait) {
        self.scope(true, |this| {
            for item in &mut item.items {
                this.visit_trait_item_mut(item);
            }
        });
    }

    fn visit_trait_item_fn_mut(&mut self, item: &mut syn::TraitItemFn) {
        if let (None, Some(block)) = (item.sig.constness, &mut item.default) {
            self.visit_block_mut(block);
        }
    }

    // Const contexts, and places that hold no run-time arithmetic.
    fn visit_item_const_mut(&mut self, _: &mut syn::ItemConst) {}
    fn visit_item_static_mut(&mut self, _: &mut syn::ItemStatic) {}
    fn visit_impl_item_const_mut(&mut self, _: &mut syn::ImplItemConst) {}
    fn visit_trait_item_const_mut(&mut self, _: &mut syn::TraitItemConst) {}
    fn visit_expr_const_mut(&mut self, _: &mut syn::ExprConst) {}
    fn visit_item_struct_mut(&mut self, _: &mut syn::ItemStruct) {}
    fn visit_item_enum_mut(&mut self, _: &mut syn::ItemEnum) {}
    fn visit_item_union_mut(&mut self, _: &mut syn::ItemUnion) {}
    fn visit_item_type_mut(&mut self, _: &mut syn::ItemType) {}
    fn visit_type_mut(&mut self, _: &mut syn::Type) {}
    fn visit_generic_argument_mut(&mut self, _: &mut syn::GenericArgument) {}
    fn visit_pat_mut(&mut self, _: &mut syn::Pat) {}
    fn visit_attribute_mut(&mut self, _: &mut syn::Attribute) {}

    fn visit_expr_repeat_mut(&mut self, repeat: &mut syn::ExprRepeat) {
        self.visit_expr_mut(&mut repeat.expr);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let Some(mut args) = macros::parse(mac) else {
            return;
        };
        match &mut args {
            macros::Args::List(list) => {
                for arg in list.iter_mut() {
                    match arg {
                        // `format!("{x}", x = value)`
                        Expr::Assign(named) if matches!(&*named.left, Expr::Path(_)) => {
                            self.visit_expr_mut(&mut named.right)
                        }
                        _ => self.visit_expr_mut(arg),
                    }
                }
            }
            macros::Args::Repeat(elem, len) => {
                self.visit_expr_mut(elem);
                self.visit_expr_mut(len);
            }
            macros::Args::Matches {
                scrutinee, guard, ..
            } => {
                self.visit_expr_mut(scrutinee);
                if let Some(guard) = guard {
                    self.visit_expr_mut(guard);
                }
            }
        }
        let tokens = macros::print(&args);
        if tokens.to_string() != mac.tokens.to_string() {
            mac.tokens = tokens;
        }
    }
}

/// `__alu_tree!(krate; expr)`, what `__alu!` expands to in a fault-injection
/// build: every operation of the tree `expr` (as [`Hooker`] delimits it)
/// wrapped in `krate::inject::alu::result`; a compound assignment evaluates
/// its right-hand side, then its place, once each (primitive types' order),
/// and hands the place to `krate::inject::alu::result_in`.
pub fn tree(input: TokenStream) -> syn::Result<TokenStream> {
    let mut tokens = input.into_iter();
    let krate: TokenStream = tokens
        .by_ref()
        .take_while(|token| !matches!(token, TokenTree::Punct(p) if p.as_char() == ';'))
        .collect();
    let mut expr: Expr = syn::parse2(tokens.collect())?;
    hook_tree(&krate, &mut expr);
    Ok(expr.into_token_stream())
}

fn hook_tree(krate: &TokenStream, expr: &mut Expr) {
    let hooked = match operation(expr) {
        None => return,
        Some(Operation::Binary(binary)) => {
            let exchange = exchange_op(&binary.op);
            let assignment = is_assignment(&binary.op);
            if exchange.is_some() {
                if !assignment {
                    operand(krate, &mut binary.left);
                }
                operand(krate, &mut binary.right);
            } else {
                if !assignment {
                    hook_tree(krate, &mut binary.left);
                }
                hook_tree(krate, &mut binary.right);
            }
            let (place, op, rhs) = (&binary.left, &binary.op, &binary.right);
            let exchange = exchange.map(|op| quote!(#krate::inject::exchange::Op::#op));
            if assignment {
                let local = Span::mixed_site();
                let (read, settle) = match &exchange {
                    Some(op) => (
                        quote_spanned!(local=> #krate::inject::exchange::operand_in(place);),
                        quote_spanned!(local=> #krate::inject::exchange::assigned_of(#op, place);),
                    ),
                    None => (TokenStream::new(), TokenStream::new()),
                };
                quote_spanned! {local=> {
                    let rhs = #rhs;
                    let place = &mut (#place);
                    #read
                    *place #op rhs;
                    #settle
                    #krate::inject::alu::result_in(place);
                }}
            } else if let Some(op) = exchange {
                quote!(#krate::inject::alu::result(#krate::inject::exchange::result_of(#op, #binary)))
            } else {
                quote!(#krate::inject::alu::result(#binary))
            }
        }
        Some(Operation::Method(call)) => match exchange_method(call) {
            Some(op) => {
                // The receiver is read before the argument: if it cannot be
                // read as a word (`now.wrapping_add(…)`: a local, or a
                // place a method borrows), the argument says so first.
                let readable = is_word_syntax(&call.receiver);
                if readable {
                    operand(krate, &mut call.receiver);
                } else {
                    hook_tree(krate, &mut call.receiver);
                }
                let arg = &mut call.args[0];
                operand(krate, arg);
                if !readable {
                    *arg =
                        syn::parse2(quote!({ #krate::inject::exchange::opaque_receiver(); #arg }))
                            .expect("an argument parses");
                }
                quote!(#krate::inject::alu::result(#krate::inject::exchange::result_of(#krate::inject::exchange::Op::#op, #call)))
            }
            None => {
                hook_tree(krate, &mut call.receiver);
                for arg in call.args.iter_mut() {
                    hook_tree(krate, arg);
                }
                quote!(#krate::inject::alu::result(#call))
            }
        },
        Some(Operation::Unary(unary)) => {
            hook_tree(krate, &mut unary.expr);
            quote!(#krate::inject::alu::result(#unary))
        }
    };
    *expr = syn::parse2(hooked).expect("a hooked operation parses");
}

/// The exchange point's name of an operator that has one (`+ - * / % & | ^`
/// and their compound assignments; see `anguard::inject::exchange`).
fn exchange_op(op: &BinOp) -> Option<proc_macro2::Ident> {
    let name = match op {
        BinOp::Add(_) | BinOp::AddAssign(_) => "Add",
        BinOp::Sub(_) | BinOp::SubAssign(_) => "Sub",
        BinOp::Mul(_) | BinOp::MulAssign(_) => "Mul",
        BinOp::Div(_) | BinOp::DivAssign(_) => "Div",
        BinOp::Rem(_) | BinOp::RemAssign(_) => "Rem",
        BinOp::BitAnd(_) | BinOp::BitAndAssign(_) => "And",
        BinOp::BitOr(_) | BinOp::BitOrAssign(_) => "Or",
        BinOp::BitXor(_) | BinOp::BitXorAssign(_) => "Xor",
        _ => return None,
    };
    Some(proc_macro2::Ident::new(name, Span::call_site()))
}

/// The exchange point's name of a wrapping method that has one
/// (`wrapping_add`, `wrapping_sub`, `wrapping_mul`, with one argument).
fn exchange_method(call: &syn::ExprMethodCall) -> Option<proc_macro2::Ident> {
    let name = match call.method.to_string().as_str() {
        "wrapping_add" => "Add",
        "wrapping_sub" => "Sub",
        "wrapping_mul" => "Mul",
        _ => return None,
    };
    (call.args.len() == 1).then(|| proc_macro2::Ident::new(name, Span::call_site()))
}

/// Whether an operand is a word the runtime can read: an inner operation
/// (hooked first), a literal, a field, an indexed element, a cast or a
/// constant, all values of a `'static` type, which `operand` needs.
/// Anything else, a local especially, whose type may be a reference, is
/// not.
fn is_word_syntax(expr: &Expr) -> bool {
    match strip(expr) {
        Expr::Lit(_) | Expr::Field(_) | Expr::Index(_) | Expr::Cast(_) => true,
        Expr::Path(path) => is_constant(path),
        inner => is_operation(inner) || is_not(inner) || is_literal_only(inner),
    }
}

/// An operand of an exchange point, read through the runtime: `operand` if
/// it [is a word](is_word_syntax), `opaque` otherwise.
fn operand(krate: &TokenStream, expr: &mut Expr) {
    let word = is_word_syntax(expr);
    hook_tree(krate, expr);
    let inner = strip(expr);
    let hooked = if word {
        quote!(#krate::inject::exchange::operand(#inner))
    } else {
        quote!(#krate::inject::exchange::opaque(#inner))
    };
    *expr = syn::parse2(hooked).expect("a hooked operand parses");
}

/// A path to a constant or static, as Rust names them (`HALF`, `Self::MAX`).
fn is_constant(path: &syn::ExprPath) -> bool {
    path.path.segments.last().is_some_and(|segment| {
        let name = segment.ident.to_string();
        name.chars().any(|c| c.is_ascii_uppercase())
            && !name.chars().any(|c| c.is_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use quote::quote;

    /// What a fault-injection build compiles for the plain copy's
    /// `__alu!(…)`s: each statement below is the argument of one.
    #[test]
    fn trees_in_an_injection_build() {
        let statements = [
            quote!(a + b * c - (a ^ c) % b),
            quote!(now.wrapping_add(self.lease).checked_sub(1)),
            quote!(now.wrapping_sub(self.lease) + self.period.wrapping_mul(2)),
            // `.min(…)` is not an operation: the plain copy has
            // `__alu!(__alu!(now.wrapping_add(lease)).min(limit) + 1)`.
            quote!(__alu!(now.wrapping_add(lease)).min(limit) + 1),
            quote!(self.0 & !(1 << id)),
            quote!(-delta * 2),
            quote!(v[i] += x >> 2),
            quote!((1 << 20) - 1),
            quote!(x + (1 << 20)),
        ];
        let mut expanded = String::new();
        for statement in statements {
            let tokens = super::tree(quote!(::anguard; #statement)).expect("expands");
            let file: syn::File = syn::parse2(quote!(fn f() { #tokens; })).expect("parses");
            expanded += &format!("// __alu!({statement})\n{}\n", prettyplease::unparse(&file));
        }
        insta::assert_snapshot!(expanded);
    }
}
