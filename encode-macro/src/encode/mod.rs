//! The rewrite of the `encoded` copy: a `VisitMut` pass over the items.
//!
//! Types are rewritten where they are written ([`types`]); literals where
//! their type can be told ([`literals`]), locals bound to one by their uses
//! ([`locals`]); literal patterns become guards ([`patterns`]); macro
//! arguments are rewritten like other expressions ([`macros`]). Casts,
//! indexing, ranges and shifts ([`shifts`]), whose operand types the macro
//! cannot see, go through traits of `anguard::__private` that rustc resolves.
//! What the module says of itself is read first ([`scope`]): impls of
//! foreign traits with fixed `u32` signatures convert at the boundary
//! ([`boundary`]), free `const fn`s call their plain copies ([`const_fn`]).
//! `unsafe` code ([`unsafe_code`]), generic calls outside the module
//! ([`outside`]) and `Wrapping` ([`wrapping`]) have their own rules.
//! Whatever cannot be encoded faithfully is reported to [`Errors`].
//!
//! Rewrites that wrap an expression in a call run after the expression's
//! children have been visited, so generated calls are never rewritten again.

mod boundary;
mod bytes;
mod conditions;
pub(crate) mod const_fn;
mod enums;
mod literals;
mod locals;
pub(crate) mod macros;
mod outside;
mod patterns;
mod scope;
mod shifts;
mod sizes;
mod types;
mod unsafe_code;
mod wrapping;

use proc_macro2::Ident;
use quote::{ToTokens, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Block, Expr, ExprCast, ExprIf, ExprRange, ExprWhile, Item, Pat, Path, RangeLimits, ReturnType,
    Stmt, Type, parse_quote_spanned,
};

use crate::diagnostics::{Errors, Reject};
use types::{encoded_primitive, mentions_encoded, primitive_prefix};

pub(crate) use enums::tag as tag_enums;
pub(crate) use literals::is_literal_only;

/// Rewrites `items` into their encoded form; the runtime is `krate`.
pub fn encode(items: &mut Vec<Item>, krate: &Path, errors: &mut Errors) {
    let mut encoder = Encoder {
        krate,
        errors,
        returns: Vec::new(),
        in_const: false,
        known: locals::Known::default(),
        literal_local: None,
        scope: scope::Scope::of(items),
        imports: outside::Imports::of(items),
        trusted: false,
        fn_body: false,
        self_type: None,
        module_path: Vec::new(),
        plain_signatures: false,
        plain_result: false,
        plain_bools: conditions::PlainBools::default(),
    };
    items.insert(0, encoder.pattern_import());
    wrapping::retarget_imports(items, krate);
    for item in items {
        encoder.visit_item_mut(item);
    }
}

/// Methods of u32 whose `u32` argument stays plain (an amount, an exponent).
const AMOUNT_METHODS: &[&str] = &[
    "pow",
    "checked_pow",
    "overflowing_pow",
    "saturating_pow",
    "wrapping_pow",
    "rotate_left",
    "rotate_right",
    "checked_shl",
    "checked_shr",
    "overflowing_shl",
    "overflowing_shr",
    "wrapping_shl",
    "wrapping_shr",
];

/// std functions whose `u32` parameter is fixed (not generic over the
/// word): an encoded argument is decoded (checked), a plain one passes.
const PLAIN_U32_FUNCTIONS: &[&str] = &["from_u32", "from_u32_unchecked", "from_digit"];

struct Encoder<'a> {
    krate: &'a Path,
    errors: &'a mut Errors,
    /// The return types, as written, of the fns and closures we are in.
    returns: Vec<Option<Type>>,
    /// Whether we are in a `const` or `static` initializer, where `lit(…)`,
    /// not being a `const fn`, cannot defer a literal's type to rustc.
    in_const: bool,
    /// The primitive types of the current fn's parameters and locals.
    known: locals::Known,
    /// What the block says of the `let` being visited, if it binds a literal.
    literal_local: Option<locals::Verdict>,
    /// The module as a whole.
    scope: scope::Scope,
    /// The modules we are in, below the top of `encoded`.
    module_path: Vec<Ident>,
    /// Whether we are in an impl whose `u32` signatures stay plain.
    plain_signatures: bool,
    /// Whether the fn being visited is such an impl's whose tail, a call
    /// outside the module, is encoded at the boundary ([`boundary`]).
    plain_result: bool,
    /// Names the module imports from outside it.
    imports: outside::Imports,
    /// Whether the call being visited is the argument of `trust_generic`.
    trusted: bool,
    /// Whether the next block visited is a fn's body, whose tail it returns.
    fn_body: bool,
    /// The name of the type whose impl we are in.
    self_type: Option<String>,
    /// Where `bool` stays plain: a foreign trait's signatures.
    plain_bools: conditions::PlainBools,
}

impl Encoder<'_> {
    /// Brings `lit_cmp`, which literal patterns' guards call, into scope.
    fn pattern_import(&self) -> Item {
        let krate = self.krate;
        syn::parse_quote! {
            #[allow(unused_imports)]
            use #krate::__private::PatternLit as _;
        }
    }

    /// `lit(…)` around a literal whose type the macro cannot see.
    fn defer(&self, expr: &mut Expr) {
        if !self.in_const {
            literals::defer(self.krate, expr);
        }
    }

    /// A call's argument: as [`Self::defer`], and a reference to a literal
    /// (`unwrap_or(&0)`, `map.get(&7)`) refers to `lit(…)`.
    fn defer_argument(&self, arg: &mut Expr) {
        match arg {
            Expr::Reference(reference) if literals::is_literal_only(&reference.expr) => {
                self.defer(&mut reference.expr)
            }
            _ => self.defer(arg),
        }
    }

    /// A value stored where the source says `ty`: if that is `bool` or a
    /// tuple with one, see [`conditions::store`] (a const context keeps only
    /// the literals).
    fn store_bool(&self, ty: &Type, expr: &mut Expr) {
        if self.in_const {
            return;
        }
        match self.plain_bools.results {
            true if conditions::is_bool(ty) => conditions::condition(self.krate, expr),
            true => {}
            false => conditions::store(self.krate, ty, expr),
        }
    }

    /// Visits a `const` or `static` initializer of type `ty` (as written).
    fn initializer(&mut self, ty: &Type, expr: &mut Expr) {
        let outer = std::mem::replace(&mut self.in_const, true);
        self.visit_expr_mut(expr);
        self.in_const = outer;
        literals::expect(self.krate, ty, expr);
    }

    /// Visits a fn: its signature, then its body. A `const fn` that
    /// mentions `u32` and does not call its plain copy loses its `const`
    /// ([`const_fn`]); any other keeps it, and its body is a const context.
    fn function(&mut self, sig: &mut syn::Signature, block: &mut Block) {
        if matches!(sig.safety, syn::Safety::Unsafe(_)) {
            unsafe_code::check(block, self.errors);
        }
        if scope::loses_const(sig, block) {
            sig.constness = None;
        }
        let known = std::mem::replace(&mut self.known, locals::Known::of_fn(sig, block));
        let in_const = std::mem::replace(&mut self.in_const, sig.constness.is_some());
        let output = sig.output.clone();
        self.visit_signature_mut(sig);
        self.body(&output, block);
        self.known = known;
        self.in_const = in_const;
    }

    /// Visits a fn body whose return type is `output`, encoding its tail.
    fn body(&mut self, output: &ReturnType, block: &mut Block) {
        let ret = return_type(output);
        if let (Some(ty), Some(Stmt::Expr(tail, None))) = (&ret, block.stmts.last())
            && mentions_encoded(ty)
            && !self.plain_result
        {
            let tail = tail.clone();
            self.check_outside_result(&tail);
        }
        let byte_tail = match (&ret, block.stmts.last()) {
            (Some(ty), Some(Stmt::Expr(tail, None))) if !self.in_const => {
                Some((ty.clone(), tail.clone()))
            }
            _ => None,
        };
        self.returns.push(ret.clone());
        self.fn_body = true;
        self.visit_block_mut(block);
        self.returns.pop();
        if let (Some((ty, original)), Some(Stmt::Expr(tail, None))) =
            (&byte_tail, block.stmts.last_mut())
        {
            self.byte_value(ty, original, tail);
        }
        if let (Some(ty), Some(Stmt::Expr(tail, None))) = (ret, block.stmts.last_mut()) {
            self.store_bool(&ty, tail);
            literals::expect(self.krate, &ty, tail);
        }
    }

    fn cast(&mut self, cast: &ExprCast, written: &Type) -> Option<Expr> {
        let krate = self.krate;
        let span = cast.span();
        let operand = match &*cast.expr {
            Expr::Paren(paren) => &paren.expr,
            operand => operand,
        };
        match written {
            Type::Ptr(_) => {
                self.errors.reject(cast, Reject::RawPointerCast);
                None
            }
            Type::Infer(_) => None,
            // A const context has no trait calls: a cast into `u32` is
            // encoded (`encode` is a `const fn`), any other stays plain.
            _ if self.in_const || is_variant_path(operand) => {
                // `State::Idle as u32`: an enum's discriminant is a plain cast.
                let primitive = encoded_primitive(written)?;
                if self.in_const && primitive.is_byte() {
                    // `b'0' + i as u8` in a const fn: a byte for a table.
                    return None;
                }
                let (encoded, plain) = (primitive.encoded_path(krate, span), primitive.ident(span));
                Some(parse_quote_spanned!(span=> #encoded::encode(#operand as #plain)))
            }
            _ => {
                let ty = &cast.ty;
                Some(parse_quote_spanned!(span=>
                    #krate::__private::CastInto::<#ty>::cast_into(#operand)))
            }
        }
    }

    /// `a..b` → `range(a, b)`, which iterates over encoded words too.
    fn iterable_range(&mut self, expr: &mut Expr, pat: Option<&Pat>) {
        let Some(range) = strip_parens(expr) else {
            return;
        };
        let (Some(start), Some(end)) = (&range.start, &range.end) else {
            return;
        };
        if literals::is_literal_only(start) && literals::is_literal_only(end) {
            if !matches!(pat, Some(Pat::Wild(_))) {
                self.errors.reject(&*range, Reject::LiteralRange);
            }
            return;
        }
        *expr = self.range_call(range);
    }

    /// `index(e)` around an index or a std method's `usize` argument; a
    /// range with an end that is not a literal is made an encoded range
    /// first (`range(0, n)`), so that a literal end and an encoded one
    /// agree.
    fn index_call(&self, index: &mut Expr) {
        if let Some(range) = strip_parens(index)
            && let (Some(start), Some(end)) = (&range.start, &range.end)
            && !(literals::is_literal_only(start) && literals::is_literal_only(end))
        {
            *index = self.range_call(range);
        }
        let krate = self.krate;
        *index = parse_quote_spanned!(index.span()=> #krate::__private::index(#index));
    }

    fn range_call(&self, range: &ExprRange) -> Expr {
        let krate = self.krate;
        // `(n - 1)..m`: the parentheses are not needed around an argument.
        let unparen = |bound: &Option<Box<Expr>>| match bound.as_deref() {
            Some(Expr::Paren(paren)) => Some((*paren.expr).clone()),
            other => other.cloned(),
        };
        let (start, end) = (unparen(&range.start), unparen(&range.end));
        let span = range.span();
        match range.limits {
            RangeLimits::HalfOpen(_) => {
                parse_quote_spanned!(span=> #krate::__private::range(#start, #end))
            }
            RangeLimits::Closed(_) => {
                parse_quote_spanned!(span=> #krate::__private::range_inclusive(#start, #end))
            }
        }
    }

    /// `if let <literal pattern> = e { a } else { b }` → a `match`.
    fn if_let_to_match(&self, expr_if: &ExprIf) -> Option<Expr> {
        let Expr::Let(cond) = &*expr_if.cond else {
            return None;
        };
        if !patterns::has_literals(&cond.pat) {
            return None;
        }
        let (pat, scrutinee, then) = (&cond.pat, &cond.expr, &expr_if.then_branch);
        let otherwise = match &expr_if.else_branch {
            Some((_, otherwise)) => otherwise.to_token_stream(),
            None => quote_spanned!(expr_if.span()=> {}),
        };
        Some(parse_quote_spanned! {expr_if.span()=>
            match #scrutinee {
                #pat => #then,
                _ => #otherwise,
            }
        })
    }

    /// `while let <literal pattern> = e { … }` → `loop { match … }`.
    fn while_let_to_loop(&self, expr_while: &ExprWhile) -> Option<Expr> {
        let Expr::Let(cond) = &*expr_while.cond else {
            return None;
        };
        if !patterns::has_literals(&cond.pat) {
            return None;
        }
        let (label, pat, scrutinee, body) =
            (&expr_while.label, &cond.pat, &cond.expr, &expr_while.body);
        Some(parse_quote_spanned! {expr_while.span()=>
            #label loop {
                match #scrutinee {
                    #pat => #body,
                    _ => break,
                }
            }
        })
    }

    fn check_path(&mut self, path: &Path) {
        let Some(last) = path.segments.last() else {
            return;
        };
        let name = last.ident.to_string();
        match name.as_str() {
            "transmute" | "transmute_copy" => self.errors.reject(path, Reject::Transmute),
            "size_of" | "align_of" if mentions_encoded(&last.arguments) => {
                self.errors.reject(path, Reject::Layout { function: name })
            }
            "size_of_val" | "align_of_val" => {
                self.errors.reject(path, Reject::Layout { function: name })
            }
            _ => {}
        }
    }

    /// `u32::MAX` → `AnU32::MAX`, `u32::wrapping_add` → `AnU32::wrapping_add`;
    /// also through `core::primitive::u32` and the deprecated `std::u32`.
    fn rewrite_primitive_path(&mut self, path: &mut Path) {
        if let Some(name) = types::unsupported_prefix(path) {
            let name = name.to_owned();
            self.errors.reject(&*path, Reject::Unsupported { name });
            return;
        }
        let Some((prefix, primitive)) = primitive_prefix(path) else {
            return;
        };
        let span = path.segments[0].span();
        let encoded = primitive.encoded_path(self.krate, span);
        let rest = path.segments.iter().skip(prefix);
        *path = parse_quote_spanned!(span=> #encoded #(::#rest)*);
    }
}

impl VisitMut for Encoder<'_> {
    fn visit_item_mut(&mut self, item: &mut Item) {
        match item {
            Item::Union(union) if mentions_encoded(&union.fields) => {
                self.errors.reject(&union.ident, Reject::Union)
            }
            Item::ForeignMod(foreign) if foreign.items.iter().any(mentions_encoded) => {
                self.errors.reject(&foreign.abi, Reject::Ffi)
            }
            Item::Impl(imp) if imp.unsafety.is_some() && !is_marker_impl(imp) => {
                self.errors.reject(imp.unsafety, Reject::UnsafeImpl)
            }
            Item::Trait(trait_) if trait_.unsafety.is_some() => {
                self.errors.reject(trait_.unsafety, Reject::UnsafeTrait)
            }
            _ => {}
        }
        visit_mut::visit_item_mut(self, item);
    }

    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut module.content {
            items.insert(0, self.pattern_import());
            wrapping::retarget_imports(items, self.krate);
        }
        self.module_path.push(module.ident.clone());
        visit_mut::visit_item_mod_mut(self, module);
        self.module_path.pop();
    }

    fn visit_item_impl_mut(&mut self, imp: &mut syn::ItemImpl) {
        let plain = self.scope.is_plain_signature_impl(imp);
        let outer = std::mem::replace(&mut self.plain_signatures, plain);
        let self_type = match &*imp.self_ty {
            Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        let outer_type = std::mem::replace(&mut self.self_type, self_type);
        let outer_bools = self
            .plain_bools
            .enter_impl(self.scope.is_foreign_trait_impl(imp));
        visit_mut::visit_item_impl_mut(self, imp);
        self.plain_bools.leave(outer_bools);
        self.plain_signatures = outer;
        self.self_type = outer_type;
    }

    fn visit_signature_mut(&mut self, sig: &mut syn::Signature) {
        let foreign = sig
            .abi
            .as_ref()
            .is_some_and(|abi| abi.name.as_ref().is_none_or(|name| name.value() != "Rust"));
        if foreign && (mentions_encoded(&sig.inputs) || mentions_encoded(&sig.output)) {
            self.errors.reject(&sig.abi, Reject::Ffi);
        }
        let outer = self.plain_bools.enter_signature();
        visit_mut::visit_signature_mut(self, sig);
        self.plain_bools.leave(outer);
    }

    fn visit_item_fn_mut(&mut self, item: &mut syn::ItemFn) {
        if scope::sizes_only(&item.sig, &item.block) {
            return;
        }
        if const_fn::delegates(item) {
            let plain = const_fn::plain_path(&self.module_path);
            if let Some(body) = const_fn::body(self.krate, item, &plain) {
                *item.block = body;
            }
            // The parameters are only passed on.
            for input in &mut item.sig.inputs {
                if let syn::FnArg::Typed(typed) = input
                    && let Pat::Ident(ident) = &mut *typed.pat
                {
                    ident.mutability = None;
                }
            }
            self.visit_signature_mut(&mut item.sig);
            return;
        }
        self.function(&mut item.sig, &mut item.block);
    }

    fn visit_impl_item_fn_mut(&mut self, item: &mut syn::ImplItemFn) {
        if scope::sizes_only(&item.sig, &item.block) {
            return;
        }
        let outer = self.plain_bools.enter_fn();
        if self.plain_signatures && mentions_encoded(&item.sig) {
            self.plain_signature_fn(item);
        } else {
            self.function(&mut item.sig, &mut item.block);
        }
        self.plain_bools.leave(outer);
    }

    fn visit_trait_item_fn_mut(&mut self, item: &mut syn::TraitItemFn) {
        let output = item.sig.output.clone();
        self.visit_signature_mut(&mut item.sig);
        if let Some(block) = &mut item.default {
            self.body(&output, block);
        }
    }

    fn visit_expr_closure_mut(&mut self, closure: &mut syn::ExprClosure) {
        let ret = return_type(&closure.output);
        self.returns.push(ret.clone());
        let outer = self.plain_bools.enter_closure();
        visit_mut::visit_expr_closure_mut(self, closure);
        if let Some(ty) = &ret {
            self.store_bool(ty, &mut closure.body);
        }
        self.plain_bools.leave(outer);
        self.returns.pop();
        if let Some(ty) = ret {
            literals::expect(self.krate, &ty, &mut closure.body);
        }
    }

    fn visit_expr_return_mut(&mut self, ret: &mut syn::ExprReturn) {
        if let (Some(Some(ty)), Some(value)) = (self.returns.last(), &ret.expr)
            && mentions_encoded(ty)
        {
            let value = (**value).clone();
            self.check_outside_result(&value);
        }
        let byte_value = match (self.returns.last(), &ret.expr) {
            (Some(Some(ty)), Some(value)) if !self.in_const => {
                Some((ty.clone(), (**value).clone()))
            }
            _ => None,
        };
        visit_mut::visit_expr_return_mut(self, ret);
        if let (Some((ty, original)), Some(value)) = (&byte_value, &mut ret.expr) {
            self.byte_value(ty, original, value);
        }
        if let (Some(Some(ty)), Some(value)) = (self.returns.last().cloned(), &mut ret.expr) {
            self.store_bool(&ty, value);
            literals::expect(self.krate, &ty, value);
        }
    }

    /// A `usize` or `u8` constant stays as written: it may be an array's
    /// length, a repeat count or a byte table's fill, which rustc needs
    /// plain.
    fn visit_item_const_mut(&mut self, item: &mut syn::ItemConst) {
        if scope::plain_constant(&item.ty).is_some() {
            return;
        }
        let ty = (*item.ty).clone();
        self.visit_type_mut(&mut item.ty);
        self.initializer(&ty, &mut item.expr);
    }

    fn visit_item_static_mut(&mut self, item: &mut syn::ItemStatic) {
        if scope::plain_constant(&item.ty).is_some() {
            return;
        }
        let ty = (*item.ty).clone();
        self.visit_type_mut(&mut item.ty);
        self.initializer(&ty, &mut item.expr);
    }

    fn visit_impl_item_const_mut(&mut self, item: &mut syn::ImplItemConst) {
        if scope::plain_constant(&item.ty).is_some() {
            return;
        }
        let ty = item.ty.clone();
        self.visit_type_mut(&mut item.ty);
        self.initializer(&ty, &mut item.expr);
    }

    fn visit_trait_item_const_mut(&mut self, item: &mut syn::TraitItemConst) {
        let ty = item.ty.clone();
        self.visit_type_mut(&mut item.ty);
        if let Some((_, expr)) = &mut item.default {
            self.initializer(&ty, expr);
        }
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        let verdict = self.literal_local.take();
        if let (Pat::Type(typed), Some(init)) = (&local.pat, &local.init)
            && mentions_encoded(&typed.ty)
        {
            let init = (*init.expr).clone();
            self.check_outside_result(&init);
        }
        let mut written = match &local.pat {
            Pat::Type(typed) => Some((*typed.ty).clone()),
            _ => None,
        };
        let literal = local
            .init
            .as_ref()
            .is_some_and(|init| literals::is_literal_typed(&init.expr));
        if written.is_none() && literal && !matches!(local.pat, Pat::Wild(_)) {
            match verdict {
                // A const context computes plainly (see `visit_expr_index_mut`).
                Some(locals::Verdict::Plain | locals::Verdict::Encoded(_)) if self.in_const => {}
                Some(locals::Verdict::Plain) => {}
                // Its uses give it an encoded type: its literal is encoded as if annotated.
                Some(locals::Verdict::Encoded(primitive)) => {
                    let name = primitive.ident(local.pat.span());
                    written = Some(syn::parse_quote!(#name));
                }
                _ => {
                    let pattern = local.pat.to_token_stream().to_string();
                    let name = match &local.pat {
                        Pat::Ident(ident) => ident.ident.to_string(),
                        _ => pattern.clone(),
                    };
                    self.errors
                        .reject(&local.pat, Reject::UnannotatedLiteral { name, pattern });
                }
            }
        }
        if patterns::has_literals(&local.pat) {
            self.errors.reject(&local.pat, Reject::RefutableLetLiteral);
        }
        conditions::reject_bool_literals(&local.pat, self.errors);
        let byte_init = match (&written, &local.init) {
            (Some(ty), Some(init)) if !self.in_const => Some((ty.clone(), (*init.expr).clone())),
            _ => None,
        };
        visit_mut::visit_local_mut(self, local);
        if let (Some((ty, original)), Some(init)) = (&byte_init, &mut local.init) {
            // `let b: u8 = buf[i];`
            self.byte_value(ty, original, &mut init.expr);
        }
        if let Some(init) = &mut local.init {
            // `let late = now > until;`: a stored comparison is encoded.
            // `let e = v.is_empty();` too: a std predicate's `bool`.
            let computed = conditions::is_computed_bool(&init.expr)
                || conditions::is_bool_literal(&init.expr)
                || locals::is_predicate_call(&init.expr);
            let flag = (written.is_none() && computed).then(|| syn::parse_quote!(bool));
            if let Some(ty) = written.as_ref().or(flag.as_ref()) {
                self.store_bool(ty, &mut init.expr);
            }
        }
        if let (Some(ty), Some(init)) = (written, &mut local.init) {
            literals::expect(self.krate, &ty, &mut init.expr);
        }
    }

    fn visit_block_mut(&mut self, block: &mut Block) {
        let fn_body = std::mem::replace(&mut self.fn_body, false);
        for i in 0..block.stmts.len() {
            let (head, rest) = block.stmts.split_at_mut(i + 1);
            if let Stmt::Local(local) = &head[i]
                && let Pat::Ident(ident) = &local.pat
                && local
                    .init
                    .as_ref()
                    .is_some_and(|init| literals::is_literal_typed(&init.expr))
            {
                let returns = self.returns.last().cloned().flatten();
                let returns = returns.as_ref().and_then(locals::primitive);
                let returns = returns.as_deref();
                self.literal_local = Some(locals::judge(
                    &ident.ident,
                    rest,
                    &self.known,
                    returns,
                    fn_body,
                ));
            }
            self.visit_stmt_mut(&mut head[i]);
        }
    }

    /// An array's length is a `usize` constant: it stays as written.
    fn visit_type_array_mut(&mut self, array: &mut syn::TypeArray) {
        self.visit_type_mut(&mut array.elem);
    }

    /// `[0u8; N]` is a byte buffer: its literal stays plain.
    fn visit_expr_repeat_mut(&mut self, repeat: &mut syn::ExprRepeat) {
        if !literals::is_byte_literal(&repeat.expr) {
            self.visit_expr_mut(&mut repeat.expr);
        }
    }

    fn visit_type_mut(&mut self, ty: &mut Type) {
        if types::is_byte_buffer(ty) {
            // `[u8; N]`, `&[u8]`, `Vec<u8>`: bytes stay plain.
        } else if let Some(primitive) = encoded_primitive(ty) {
            *ty = primitive.encoded(self.krate, ty.span());
        } else if conditions::is_bool(ty) {
            if !self.plain_bools.types {
                *ty = conditions::an_bool(self.krate, ty.span());
            }
        } else if let Some(name) = types::unsupported_primitive(ty) {
            let name = name.to_owned();
            self.errors.reject(&*ty, Reject::Unsupported { name });
        } else {
            visit_mut::visit_type_mut(self, ty);
        }
    }

    fn visit_path_mut(&mut self, path: &mut Path) {
        wrapping::retarget_path(path, self.krate);
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_expr_path_mut(&mut self, expr: &mut syn::ExprPath) {
        self.check_path(&expr.path);
        if expr.qself.is_none() {
            self.rewrite_primitive_path(&mut expr.path);
        }
        visit_mut::visit_expr_path_mut(self, expr);
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let replacement = match &*expr {
            // Patterns stay as written in a const context (see `visit_expr_match_mut`).
            Expr::If(expr_if) if !self.in_const => self.if_let_to_match(expr_if),
            Expr::While(expr_while) if !self.in_const => self.while_let_to_loop(expr_while),
            Expr::Unsafe(unsafe_block) => {
                unsafe_code::check(&unsafe_block.block, self.errors);
                None
            }
            _ => None,
        };
        if let Some(replacement) = replacement {
            *expr = replacement;
        }
        // `const BITS: usize = u32::BITS as usize;`: a u32 constant cast to
        // another type in a const context is a plain constant.
        if self.in_const && is_plain_constant_cast(expr) {
            return;
        }
        if let Some(name) = literals::unsupported_suffix(expr) {
            let name = name.to_owned();
            self.errors.reject(&*expr, Reject::Unsupported { name });
        }
        // `5u64`, `-128i8`: one constant (before the literal is visited alone).
        if literals::suffixed_primitive(expr).is_some() {
            literals::encode_suffixed(self.krate, expr);
            return;
        }
        let written_cast = match &*expr {
            Expr::Cast(cast) => Some((*cast.ty).clone()),
            _ => None,
        };
        visit_mut::visit_expr_mut(self, expr);
        if !self.in_const {
            conditions::rewrite(self.krate, expr);
        }
        if let Expr::Binary(binary) = &*expr
            && let Some(shift) = self.shift(binary)
        {
            *expr = shift;
        }
        if let Expr::MethodCall(call) = expr
            && let Some(converted) = self.plain_signature_call(call)
        {
            *expr = converted;
        }
        if !self.in_const
            && let Some(encoded) = self.size_result(expr).or_else(|| self.size_constant(expr))
        {
            *expr = encoded;
        }
        if let (Expr::Cast(cast), Some(written)) = (&*expr, written_cast)
            && let Some(rewritten) = self.cast(cast, &written)
        {
            *expr = rewritten;
        }
    }

    /// Literal patterns become guards, except in a const context, which
    /// cannot call `lit_cmp` (and holds no encoded values to match but
    /// constants, which rustc then reports).
    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        if !self.in_const {
            conditions::decide_scrutinee(self.krate, expr, self.errors);
        }
        if self.in_const || !expr.arms.iter().any(|arm| patterns::has_literals(&arm.pat)) {
            visit_mut::visit_expr_match_mut(self, expr);
            return;
        }
        self.visit_expr_mut(&mut expr.expr);
        let arms = std::mem::take(&mut expr.arms);
        let lowered: Vec<_> = arms
            .into_iter()
            .flat_map(|arm| patterns::lower_arm(arm, self.errors))
            .collect();
        for (mut arm, checks) in lowered {
            self.visit_arm_mut(&mut arm);
            patterns::add_checks(&mut arm, checks);
            expr.arms.push(arm);
        }
    }

    fn visit_expr_let_mut(&mut self, expr: &mut syn::ExprLet) {
        // Plain `if let` and `while let` became `match`es; this is a let-chain.
        if patterns::has_literals(&expr.pat) {
            self.errors.reject(&expr.pat, Reject::RefutableLetLiteral);
        }
        conditions::reject_bool_literals(&expr.pat, self.errors);
        visit_mut::visit_expr_let_mut(self, expr);
    }

    fn visit_pat_guard_mut(&mut self, guard: &mut syn::PatGuard) {
        visit_mut::visit_pat_guard_mut(self, guard);
        if !self.in_const {
            conditions::condition(self.krate, &mut guard.guard);
        }
    }

    /// `[0u32, 8, 16]`: one suffix types every element; `[1u8, 2]` is a
    /// byte buffer, whose literals stay plain.
    fn visit_expr_array_mut(&mut self, array: &mut syn::ExprArray) {
        let typed = array.elems.iter().find_map(literals::suffixed_primitive);
        if typed.is_some_and(types::Primitive::is_byte) {
            for elem in array
                .elems
                .iter_mut()
                .filter(|e| !literals::is_byte_literal(e))
            {
                self.visit_expr_mut(elem);
            }
            return;
        }
        visit_mut::visit_expr_array_mut(self, array);
        if let Some(primitive) = typed {
            let name = primitive.ident(array.span());
            let ty: Type = syn::parse_quote!(#name);
            for elem in &mut array.elems {
                literals::expect(self.krate, &ty, elem);
            }
        }
    }

    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        let trusted = std::mem::replace(&mut self.trusted, false);
        if !trusted && self.is_outside(call) && outside::turbofish_mentions_encoded(call) {
            let function = call.func.to_token_stream().to_string().replace(' ', "");
            self.errors
                .reject(&call.func, Reject::OutsideGeneric { function });
        }
        if outside::is_trust(call)
            && let [Expr::Call(inner)] = call.args.iter_mut().collect::<Vec<_>>().as_mut_slice()
        {
            self.trusted = true;
            self.visit_expr_call_mut(inner);
            self.visit_expr_mut(&mut call.func);
            return;
        }
        let originals: Vec<Expr> = call.args.iter().cloned().collect();
        visit_mut::visit_expr_call_mut(self, call);
        if !self.in_const {
            self.byte_arguments(call, &originals);
        }
        if is_plain_u32_function(&call.func) {
            let krate = self.krate;
            for arg in &mut call.args {
                *arg = parse_quote_spanned!(arg.span()=> #krate::__private::plain_u32(#arg));
            }
            return;
        }
        if self.in_const {
            self.check_const_call(call);
            if let Expr::Path(path) = &*call.func
                && let Some(name) = path.path.get_ident()
                && let Some(params) = self.scope.fns.get(&name.to_string())
            {
                for (arg, ty) in call.args.iter_mut().zip(params) {
                    literals::expect(self.krate, ty, arg);
                }
            }
            return;
        }
        self.size_call_arguments(call);
        let constructor = conditions::is_constructor(&call.func);
        for arg in &mut call.args {
            self.defer_argument(arg);
            if constructor {
                conditions::defer(self.krate, arg);
            }
        }
    }

    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        let (receiver, originals): (Expr, Vec<Expr>) = (
            (*call.receiver).clone(),
            call.args.iter().cloned().collect(),
        );
        visit_mut::visit_expr_method_call_mut(self, call);
        if !self.in_const {
            self.byte_method_arguments(&receiver, call, &originals);
            conditions::predicate(self.krate, call);
        }
        self.iterable_range(&mut call.receiver, None);
        if !self.in_const {
            self.position_argument(call);
        }
        let (krate, method) = (self.krate, call.method.to_string());
        if AMOUNT_METHODS.contains(&method.as_str()) {
            for arg in &mut call.args {
                *arg = parse_quote_spanned!(arg.span()=> #krate::__private::plain_u32(#arg));
            }
        } else if method == "contains" {
            // A range's `contains` is generic over its argument: `&1` stays.
            for arg in &mut call.args {
                self.defer(arg);
            }
        } else if sizes::takes_sizes(&method) {
            self.size_arguments(call);
        } else if !self.scope.plain_methods.contains_key(&method) {
            for arg in &mut call.args {
                self.defer_argument(arg);
            }
        }
    }

    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        let originals: Vec<Expr> = expr.fields.iter().map(|f| f.expr.clone()).collect();
        visit_mut::visit_expr_struct_mut(self, expr);
        let name = expr.path.segments.last().map(|last| last.ident.to_string());
        let name = match name.as_deref() {
            Some("Self") => self.self_type.clone(),
            _ => name,
        };
        if !self.in_const {
            for (field, original) in expr.fields.iter_mut().zip(&originals) {
                self.defer(&mut field.expr);
                conditions::defer(self.krate, &mut field.expr);
                self.byte_field(name.as_deref(), &field.member, original, &mut field.expr);
            }
            return;
        }
        // In a const context, by the field types the module declares.
        let Some(fields) = name.and_then(|name| self.scope.fields.get(&name)) else {
            return;
        };
        for field in &mut expr.fields {
            if let syn::Member::Named(member) = &field.member
                && let Some(ty) = fields.get(&member.to_string())
            {
                literals::expect(self.krate, ty, &mut field.expr);
            }
        }
    }

    fn visit_expr_assign_mut(&mut self, assign: &mut syn::ExprAssign) {
        let (place, original) = ((*assign.left).clone(), (*assign.right).clone());
        visit_mut::visit_expr_assign_mut(self, assign);
        self.defer(&mut assign.right);
        if !self.in_const {
            conditions::defer(self.krate, &mut assign.right);
            // `buf[i] = x as u8`, `self.last = buf[i]`.
            self.byte_assignment(&place, &original, &mut assign.right);
        }
    }

    /// `v[i]` → `v[index(i)]`; in a const context, which cannot call it, an
    /// index stays as written (a `usize`).
    fn visit_expr_index_mut(&mut self, expr: &mut syn::ExprIndex) {
        if !self.in_const
            && let Some(cast) = sizes::size_cast(&mut expr.index)
        {
            // `v[id as usize]`: cast straight to the plain index.
            self.visit_expr_mut(&mut expr.expr);
            self.visit_expr_mut(&mut cast.expr);
            *expr.index = self.plain_size_cast(cast);
            return;
        }
        visit_mut::visit_expr_index_mut(self, expr);
        if self.in_const {
            return;
        }
        self.index_call(&mut expr.index);
    }

    fn visit_expr_for_loop_mut(&mut self, expr: &mut syn::ExprForLoop) {
        visit_mut::visit_expr_for_loop_mut(self, expr);
        self.iterable_range(&mut expr.expr, Some(&expr.pat));
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let Some(mut args) = macros::parse(mac) else {
            if mentions_encoded(&mac.tokens) {
                let name = macros::name(mac);
                self.errors.reject(&*mac, Reject::OpaqueMacro { name });
            }
            return;
        };
        let is_vec = macros::name(mac) == "vec";
        let asserts = conditions::is_assertion(&macros::name(mac));
        match &mut args {
            macros::Args::List(list) => {
                for (i, arg) in list.iter_mut().enumerate() {
                    if is_vec && literals::is_byte_literal(arg) {
                        // `vec![1u8, 2]`: a byte buffer.
                        continue;
                    }
                    match arg {
                        // `format!("{x}", x = value)`
                        Expr::Assign(named) if matches!(&*named.left, Expr::Path(_)) => {
                            self.visit_expr_mut(&mut named.right)
                        }
                        _ => self.visit_expr_mut(arg),
                    }
                    if is_vec {
                        self.defer(arg);
                    }
                    if asserts && i == 0 {
                        conditions::condition(self.krate, arg);
                    }
                }
            }
            macros::Args::Repeat(elem, len) => {
                if !literals::is_byte_literal(elem) {
                    self.visit_expr_mut(elem);
                    self.defer(elem);
                }
                self.visit_expr_mut(len);
                self.size_count(len);
            }
            macros::Args::Matches {
                scrutinee,
                pat,
                guard,
            } => {
                self.visit_expr_mut(scrutinee);
                conditions::reject_bool_literals(pat, self.errors);
                let (mut lowered, checks) = patterns::lower((**pat).clone(), self.errors);
                self.visit_pat_mut(&mut lowered);
                if let Some(guard) = guard.as_mut() {
                    self.visit_expr_mut(guard);
                    conditions::condition(self.krate, guard);
                }
                **pat = lowered;
                *guard = patterns::with_checks(checks, guard.take().map(|g| *g)).map(Box::new);
            }
        }
        mac.tokens = macros::print(&args);
    }
}

fn return_type(output: &ReturnType) -> Option<Type> {
    match output {
        ReturnType::Default => None,
        ReturnType::Type(_, ty) => Some((**ty).clone()),
    }
}

/// The range inside `expr`'s parentheses, if it is one.
fn strip_parens(expr: &mut Expr) -> Option<&mut ExprRange> {
    match expr {
        Expr::Range(range) => Some(range),
        Expr::Paren(paren) => strip_parens(&mut paren.expr),
        Expr::Group(group) => strip_parens(&mut group.expr),
        _ => None,
    }
}

/// `u32::BITS as usize`: a `u32::` constant cast to another type.
fn is_plain_constant_cast(expr: &Expr) -> bool {
    let Expr::Cast(cast) = expr else {
        return false;
    };
    let operand = match &*cast.expr {
        Expr::Paren(paren) => &*paren.expr,
        operand => operand,
    };
    encoded_primitive(&cast.ty).is_none()
        && matches!(operand, Expr::Path(path) if path.qself.is_none() && primitive_prefix(&path.path).is_some())
}

/// `unsafe impl Send` and `Sync` promise nothing about layout.
fn is_marker_impl(imp: &syn::ItemImpl) -> bool {
    imp.trait_.as_ref().is_some_and(|(path, _)| {
        path.segments
            .last()
            .is_some_and(|last| last.ident == "Send" || last.ident == "Sync")
    })
}

/// `char::from_u32` and the other std functions of [`PLAIN_U32_FUNCTIONS`],
/// through `char::`, `std::char::` or `core::char::`.
fn is_plain_u32_function(func: &Expr) -> bool {
    let Expr::Path(path) = func else {
        return false;
    };
    let names = types::segment_names(&path.path);
    match names
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [.., "char", function] => PLAIN_U32_FUNCTIONS.contains(function),
        _ => false,
    }
}

/// `Enum::Variant`: a path of two or more segments ending in an UpperCamel name.
fn is_variant_path(expr: &Expr) -> bool {
    let Expr::Path(path) = expr else {
        return false;
    };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    let name = last.ident.to_string();
    // `MAX`-like names are constants; `Vote` and `A` are variants.
    path.path.segments.len() > 1
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && (name.len() == 1 || name.chars().any(|c| c.is_ascii_lowercase()))
}
