//! Enum tags, in both copies: every variant of every enum of the module
//! gets a last field `anguard::an::Tag<u32, I>`, `I` its index, which the
//! encoded copy's rewrite turns into the code word of `I` (and the plain
//! copy keeps zero-sized), and every use of a variant inside the module is
//! rewritten to carry it:
//!
//! - a unit variant becomes a tuple variant of its tag (`Role::Leader` is
//!   `Role::Leader(Tag::NEW)`), a tuple variant's tag is its last field, a
//!   struct variant's the field `__tag`;
//! - construction (`E::V`, `Self::V`, `E::V(a)`, `E::V { a }`, and a tuple
//!   variant's constructor as a function, which becomes a closure) adds
//!   `Tag::NEW`;
//! - a pattern binds each tag it names and checks it first thing in the
//!   arm's body (`if let`, `while let` and `let` statements likewise, a
//!   `matches!` in its guard); in an or-pattern, whose alternatives' tags
//!   have different types, and in parameters the tag is `_`;
//! - `E::V as u32` is the variant's discriminant, a literal;
//! - `#[derive(Debug)]` becomes an impl that leaves the tag out, and
//!   `#[derive(Default)]` with `#[default]` an impl that builds the variant;
//! - [`variants`] implements `anguard::an::Variants`, through which the
//!   plain copy shows an injector the variant (see the runtime's `Tag`).
//!
//! A pass of its own, run before the copies are made: what it writes is
//! the same in both.

use std::collections::HashMap;

use proc_macro2::{Literal, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Arm, Attribute, Block, Expr, Fields, Ident, Item, ItemEnum, Pat, Path, Stmt, Type, parse_quote,
    parse_quote_spanned,
};

use super::macros;
use crate::diagnostics::{Errors, Reject};

/// The name of a struct variant's tag field.
const TAG_FIELD: &str = "__tag";

/// How a variant's fields are written in the source.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Unit,
    Tuple(usize),
    Named,
}

/// What the pass knows of one enum of the module.
#[derive(Clone)]
struct EnumInfo {
    /// Each variant's style, by name.
    variants: HashMap<String, Style>,
    /// Each variant's discriminant, by name (as Rust numbers them).
    discriminants: HashMap<String, i128>,
}

/// Tags every enum of `items` (and of their inline modules) and rewrites
/// every use of their variants.
pub fn tag(items: &mut Vec<Item>, krate: &Path, errors: &mut Errors) {
    let mut enums = HashMap::new();
    collect(items, &mut enums, errors);
    if enums.is_empty() {
        return;
    }
    let mut pass = Pass {
        krate,
        enums: &enums,
        self_enum: None,
        next: 0,
    };
    rewrite_items(items, &mut pass, krate);
}

fn collect(items: &[Item], enums: &mut HashMap<String, EnumInfo>, errors: &mut Errors) {
    for item in items {
        match item {
            Item::Enum(e) => {
                let info = info(e, errors);
                enums.entry(e.ident.to_string()).or_insert(info);
            }
            Item::Mod(module) => {
                if let Some((_, inner)) = &module.content {
                    collect(inner, enums, errors);
                }
            }
            _ => {}
        }
    }
}

fn info(e: &ItemEnum, errors: &mut Errors) -> EnumInfo {
    let mut variants = HashMap::new();
    let mut discriminants = HashMap::new();
    let mut next = 0i128;
    for variant in &e.variants {
        let style = match &variant.fields {
            Fields::Unit => Style::Unit,
            Fields::Unnamed(fields) => Style::Tuple(fields.unnamed.len()),
            Fields::Named(_) => Style::Named,
        };
        if let Some((_, expr)) = &variant.discriminant {
            match literal_value(expr) {
                Some(value) => next = value,
                None => errors.reject(expr, Reject::Discriminant),
            }
        }
        variants.insert(variant.ident.to_string(), style);
        discriminants.insert(variant.ident.to_string(), next);
        next += 1;
    }
    EnumInfo {
        variants,
        discriminants,
    }
}

/// `3`, `-1`, `0x10`: an integer literal, maybe negated.
fn literal_value(expr: &Expr) -> Option<i128> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => int.base10_parse().ok(),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => literal_value(expr).map(|value: i128| -value),
        Expr::Paren(paren) => literal_value(&paren.expr),
        Expr::Group(group) => literal_value(&group.expr),
        _ => None,
    }
}

/// Rewrites the items of one module: its enums' definitions (with their
/// `Debug`, `Default` and `Variants` impls appended), then every use.
fn rewrite_items(items: &mut Vec<Item>, pass: &mut Pass<'_>, krate: &Path) {
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        match item {
            Item::Enum(e) => {
                let default = strip_default(e);
                let derives = Derives::take(&mut e.attrs, default.is_some());
                add_tags(e, krate);
                impls.push(variants(e, derives.clone, krate));
                if derives.debug {
                    impls.push(debug(e));
                }
                if let Some(variant) = default.filter(|_| derives.default) {
                    impls.push(default_impl(e, &variant, krate));
                }
            }
            Item::Mod(module) => {
                if let Some((_, inner)) = &mut module.content {
                    rewrite_items(inner, pass, krate);
                }
            }
            other => pass.visit_item_mut(other),
        }
    }
    items.extend(impls);
}

/// The derives the pass replaces, taken out of `#[derive(…)]`.
struct Derives {
    debug: bool,
    default: bool,
    /// Whether the enum derives `Clone` (kept): its fields can be copied to
    /// another variant.
    clone: bool,
}

impl Derives {
    /// `Default` is replaced only if a variant is `#[default]` (without
    /// one, rustc's own error stays).
    fn take(attrs: &mut Vec<Attribute>, has_default: bool) -> Self {
        let mut derives = Derives {
            debug: false,
            default: false,
            clone: false,
        };
        attrs.retain_mut(|attr| {
            if !attr.path().is_ident("derive") {
                return true;
            }
            let Ok(paths) =
                attr.parse_args_with(Punctuated::<Path, syn::Token![,]>::parse_terminated)
            else {
                return true;
            };
            let kept: Vec<&Path> = paths
                .iter()
                .filter(|path| {
                    let name = path.segments.last().map(|s| s.ident.to_string());
                    match name.as_deref() {
                        Some("Debug") => derives.debug = true,
                        Some("Default") => derives.default = true,
                        Some("Clone") => derives.clone = true,
                        _ => {}
                    }
                    match name.as_deref() {
                        Some("Debug") => false,
                        Some("Default") => !has_default,
                        _ => true,
                    }
                })
                .collect();
            if kept.is_empty() {
                return false;
            }
            let span = attr.span();
            *attr = parse_quote_spanned!(span=> #[derive(#(#kept),*)]);
            true
        });
        derives
    }
}

/// Strips `#[default]` from the variant that has it, and names it.
fn strip_default(e: &mut ItemEnum) -> Option<Ident> {
    let mut default = None;
    for variant in &mut e.variants {
        let before = variant.attrs.len();
        variant
            .attrs
            .retain(|attr| !attr.path().is_ident("default"));
        if variant.attrs.len() != before {
            default = Some(variant.ident.clone());
        }
    }
    default
}

/// The type of variant `index`'s tag, as the plain copy writes it.
fn tag_type(krate: &Path, index: usize, span: Span) -> Type {
    // Unsuffixed: the encoded copy's rewrite encodes a `0u32`.
    let index = Literal::usize_unsuffixed(index);
    parse_quote_spanned!(span=> #krate::an::Tag<u32, #index>)
}

/// Appends the tag field to each variant, and drops explicit discriminants
/// (an enum with fields needs a `repr` for them; `as` casts are rewritten
/// to the values instead).
fn add_tags(e: &mut ItemEnum, krate: &Path) {
    for (index, variant) in e.variants.iter_mut().enumerate() {
        let span = variant.ident.span();
        let ty = tag_type(krate, index, span);
        variant.discriminant = None;
        match &mut variant.fields {
            Fields::Unit => {
                variant.fields = Fields::Unnamed(parse_quote_spanned!(span=> (#ty)));
            }
            Fields::Unnamed(fields) => fields.unnamed.push(parse_quote_spanned!(span=> #ty)),
            Fields::Named(fields) => {
                let name = Ident::new(TAG_FIELD, span);
                fields.named.push(
                    syn::Field::parse_named
                        .parse2(quote!(#name: #ty))
                        .expect("a field"),
                );
            }
        }
    }
}

/// `impl Variants`: each variant's index, and the switches that are sound.
fn variants(e: &ItemEnum, clone: bool, krate: &Path) -> Item {
    // Unsuffixed literals of the runtime's alias of `u32`, which the
    // encoded copy's rewrite leaves alone: the index is the plain copy's.
    let index = quote!(#krate::an::VariantIndex);
    let (ident, count) = (&e.ident, Literal::usize_unsuffixed(e.variants.len()));
    let (impl_generics, ty_generics, where_clause) = e.generics.split_for_impl();
    let index_arms = e.variants.iter().enumerate().map(|(i, v)| {
        let (name, i) = (&v.ident, Literal::usize_unsuffixed(i));
        quote!(Self::#name { .. } => #i,)
    });
    let user_types = |v: &syn::Variant| -> Vec<String> {
        let fields: Vec<&syn::Field> = v.fields.iter().collect();
        fields[..fields.len() - 1]
            .iter()
            .map(|f| f.ty.to_token_stream().to_string())
            .collect()
    };
    let mut switch_arms = Vec::new();
    for (i, from) in e.variants.iter().enumerate() {
        for (j, to) in e.variants.iter().enumerate() {
            let fields = user_types(from);
            if i == j || fields != user_types(to) || (!fields.is_empty() && !clone) {
                continue;
            }
            let j = Literal::usize_unsuffixed(j);
            let to_name = &to.ident;
            let tag = quote!(#krate::an::Tag::NEW);
            let (pattern, bindings) = fields_pattern(from);
            let values = bindings
                .iter()
                .map(|binding| quote!(::core::clone::Clone::clone(#binding)));
            let build = match &to.fields {
                Fields::Named(_) => {
                    let names = user_names(to);
                    quote!(Self::#to_name { #(#names: #values,)* __tag: #tag })
                }
                _ => quote!(Self::#to_name(#(#values,)* #tag)),
            };
            let arm = quote!((#pattern, #j) => #build,);
            switch_arms.push(arm);
        }
    }
    let switch = match switch_arms.is_empty() {
        true => quote!(),
        false => quote! {
            *self = match (&*self, __to) {
                #(#switch_arms)*
                _ => return,
            };
        },
    };
    parse_quote! {
        #[automatically_derived]
        impl #impl_generics #krate::an::Variants for #ident #ty_generics #where_clause {
            const COUNT: #index = #count;
            fn variant(&self) -> #index {
                match self {
                    #(#index_arms)*
                }
            }
            #[allow(unused_variables)]
            fn switch(&mut self, __to: #index) {
                #switch
            }
        }
    }
}

/// A variant's user fields, as written (not its tag).
fn user_names(variant: &syn::Variant) -> Vec<Ident> {
    variant
        .fields
        .iter()
        .filter_map(|f| f.ident.clone())
        .filter(|name| name != TAG_FIELD)
        .collect()
}

/// `Self::V { a, b, .. }` or `Self::V(__f0, __f1, ..)`, binding the
/// variant's user fields, and the bindings.
fn fields_pattern(variant: &syn::Variant) -> (TokenStream, Vec<Ident>) {
    let name = &variant.ident;
    match &variant.fields {
        Fields::Named(_) => {
            let names = user_names(variant);
            (quote!(Self::#name { #(#names,)* .. }), names)
        }
        fields => {
            let bindings: Vec<Ident> = (0..fields.len().saturating_sub(1))
                .map(|k| format_ident!("__f{}", k))
                .collect();
            (quote!(Self::#name(#(#bindings,)* ..)), bindings)
        }
    }
}

/// `impl Debug`, as the derive would write it without the tag.
fn debug(e: &ItemEnum) -> Item {
    let ident = &e.ident;
    let mut generics = e.generics.clone();
    let params: Vec<Ident> = generics.type_params().map(|p| p.ident.clone()).collect();
    let where_clause = generics.make_where_clause();
    for param in params {
        where_clause
            .predicates
            .push(parse_quote!(#param: ::core::fmt::Debug));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let arms = e.variants.iter().map(|variant| {
        let text = variant.ident.to_string();
        let (pattern, bindings) = fields_pattern(variant);
        match &variant.fields {
            Fields::Named(_) => {
                let texts = bindings.iter().map(Ident::to_string);
                quote! {
                    #pattern => __formatter.debug_struct(#text)
                        #(.field(#texts, #bindings))*
                        .finish(),
                }
            }
            fields if fields.len() == 1 => quote!(#pattern => __formatter.write_str(#text),),
            _ => quote! {
                #pattern => __formatter.debug_tuple(#text)
                    #(.field(#bindings))*
                    .finish(),
            },
        }
    });
    parse_quote! {
        #[automatically_derived]
        impl #impl_generics ::core::fmt::Debug for #ident #ty_generics #where_clause {
            fn fmt(&self, __formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// `impl Default` building the `#[default]` variant (a unit one: Rust
/// allows no other) with its tag.
fn default_impl(e: &ItemEnum, variant: &Ident, krate: &Path) -> Item {
    let ident = &e.ident;
    let (impl_generics, ty_generics, where_clause) = e.generics.split_for_impl();
    parse_quote! {
        #[automatically_derived]
        impl #impl_generics ::core::default::Default for #ident #ty_generics #where_clause {
            fn default() -> Self {
                Self::#variant(#krate::an::Tag::NEW)
            }
        }
    }
}

/// The rewrite of every use of a variant.
struct Pass<'a> {
    krate: &'a Path,
    enums: &'a HashMap<String, EnumInfo>,
    /// The enum whose impl we are in (`Self::V`).
    self_enum: Option<String>,
    /// The next fresh tag binding's number, in the current fn.
    next: usize,
}

/// A variant a path names.
struct Variant<'a> {
    style: Style,
    info: &'a EnumInfo,
    name: String,
}

impl Pass<'_> {
    /// The variant `path` names: `E::V`, `self::E::V`, `super::E::V` or
    /// `Self::V` for an enum of the module (not `crate::…`, which may be
    /// an enum of the same name elsewhere).
    fn variant(&self, path: &Path) -> Option<Variant<'_>> {
        if path.leading_colon.is_some() || path.segments.len() < 2 {
            return None;
        }
        let first = path.segments[0].ident.to_string();
        if first == "crate" {
            return None;
        }
        let n = path.segments.len();
        let (owner, name) = (
            &path.segments[n - 2].ident,
            path.segments[n - 1].ident.to_string(),
        );
        let owner = match owner.to_string().as_str() {
            "Self" if n == 2 => self.self_enum.clone()?,
            owner => owner.to_owned(),
        };
        let info = self.enums.get(&owner)?;
        let style = *info.variants.get(&name)?;
        Some(Variant { style, info, name })
    }

    fn new_tag(&self, span: Span) -> Expr {
        let krate = self.krate;
        parse_quote_spanned!(span=> #krate::an::Tag::NEW)
    }

    fn fresh(&mut self, span: Span) -> Ident {
        let ident = format_ident!("__tag{}", self.next, span = span);
        self.next += 1;
        ident
    }

    /// Adds the tag to every variant `pat` names; with `checks`, binds it
    /// to a fresh name pushed there, without it (`None`) writes `_`.
    fn pattern(&mut self, pat: &mut Pat, checks: &mut Option<Vec<Ident>>) {
        match pat {
            Pat::Path(path)
                if path.qself.is_none()
                    && self
                        .variant(&path.path)
                        .is_some_and(|v| v.style == Style::Unit) =>
            {
                let tag = self.tag_pattern(path.span(), checks);
                let p = &path.path;
                *pat = parse_quote_spanned!(p.span()=> #p(#tag));
            }
            Pat::TupleStruct(tuple) => {
                for elem in tuple.elems.iter_mut() {
                    self.pattern(elem, checks);
                }
                if tuple.qself.is_none() && self.variant(&tuple.path).is_some() {
                    let tag = self.tag_pattern(tuple.span(), checks);
                    tuple.elems.push(tag);
                }
            }
            Pat::Struct(st) => {
                for field in st.fields.iter_mut() {
                    self.pattern(&mut field.pat, checks);
                }
                if st.qself.is_none() && self.variant(&st.path).is_some() {
                    match checks {
                        None if st.rest.is_some() => {}
                        _ => {
                            let tag = self.tag_pattern(st.span(), checks);
                            st.fields.push(syn::FieldPat {
                                attrs: Vec::new(),
                                member: syn::Member::Named(Ident::new(TAG_FIELD, st.span())),
                                colon_token: Some(Default::default()),
                                pat: Box::new(tag),
                            });
                        }
                    }
                }
            }
            Pat::Or(or) => {
                for case in or.cases.iter_mut() {
                    self.pattern(case, &mut None);
                }
            }
            Pat::Ident(ident) => {
                if let Some((_, sub)) = &mut ident.subpat {
                    self.pattern(sub, checks);
                }
            }
            Pat::Reference(reference) => self.pattern(&mut reference.pat, checks),
            Pat::Paren(paren) => self.pattern(&mut paren.pat, checks),
            Pat::Tuple(tuple) => tuple
                .elems
                .iter_mut()
                .for_each(|elem| self.pattern(elem, checks)),
            Pat::Slice(slice) => slice
                .elems
                .iter_mut()
                .for_each(|elem| self.pattern(elem, checks)),
            Pat::Type(typed) => self.pattern(&mut typed.pat, checks),
            Pat::Guard(guard) => self.pattern(&mut guard.pat, checks),
            _ => {}
        }
    }

    fn tag_pattern(&mut self, span: Span, checks: &mut Option<Vec<Ident>>) -> Pat {
        match checks {
            Some(names) => {
                let name = self.fresh(span);
                names.push(name.clone());
                parse_quote!(#name)
            }
            None => parse_quote_spanned!(span=> _),
        }
    }

    /// A pattern whose tags are checked: the names bound.
    fn checked_pattern(&mut self, pat: &mut Pat) -> Vec<Ident> {
        let mut checks = Some(Vec::new());
        self.pattern(pat, &mut checks);
        checks.unwrap_or_default()
    }

    /// A tuple variant's constructor used as a function: a closure.
    fn constructor(&self, path: &syn::ExprPath, arity: usize) -> Expr {
        let span = path.span();
        let args: Vec<Ident> = (0..arity).map(|k| format_ident!("__f{}", k)).collect();
        let tag = self.new_tag(span);
        parse_quote_spanned!(span=> |#(#args),*| #path(#(#args,)* #tag))
    }

    /// `E::V as u32`: the discriminant, a literal of the cast's type.
    fn discriminant(&self, cast: &syn::ExprCast) -> Option<Expr> {
        let Expr::Path(path) = strip(&cast.expr) else {
            return None;
        };
        let variant = self.variant(&path.path)?;
        let value = *variant.info.discriminants.get(&variant.name)?;
        let Type::Path(ty) = &*cast.ty else {
            return None;
        };
        let suffix = ty.path.get_ident()?.to_string();
        let value = wrapped(value, &suffix).unwrap_or(value);
        let span = cast.span();
        let literal = syn::LitInt::new(&format!("{}{suffix}", value.unsigned_abs()), span);
        Some(match value < 0 {
            true => parse_quote_spanned!(span=> -#literal),
            false => parse_quote_spanned!(span=> #literal),
        })
    }
}

/// `value as T` for the integer type named `ty`, wrapped as rustc's `as`
/// wraps it (`-2 as u32` is `4294967294`); `None` for other types.
fn wrapped(value: i128, ty: &str) -> Option<i128> {
    let (bits, signed) = match ty {
        "u8" => (8, false),
        "i8" => (8, true),
        "u16" => (16, false),
        "i16" => (16, true),
        "u32" => (32, false),
        "i32" => (32, true),
        "u64" => (64, false),
        "i64" => (64, true),
        "usize" => (usize::BITS, false),
        "isize" => (usize::BITS, true),
        _ => return None,
    };
    let modulus = 1_i128 << bits;
    let value = value.rem_euclid(modulus);
    Some(match signed && value >= modulus / 2 {
        true => value - modulus,
        false => value,
    })
}

fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(paren) => strip(&paren.expr),
        Expr::Group(group) => strip(&group.expr),
        expr => expr,
    }
}

impl Pass<'_> {
    /// An `if`'s or `while`'s condition: the tags its `let` patterns (a
    /// let-chain's too) bind are pushed to `names`, for the body to check.
    fn condition(&mut self, cond: &mut Expr, names: &mut Vec<Ident>) {
        match cond {
            Expr::Let(let_) => {
                names.extend(self.checked_pattern(&mut let_.pat));
                self.visit_expr_mut(&mut let_.expr);
            }
            Expr::Binary(binary) if matches!(binary.op, syn::BinOp::And(_)) => {
                self.condition(&mut binary.left, names);
                self.condition(&mut binary.right, names);
            }
            Expr::Paren(paren) => self.condition(&mut paren.expr, names),
            other => self.visit_expr_mut(other),
        }
    }
}

/// `__tag0.check();` for each name.
fn check_statements(names: &[Ident]) -> Vec<Stmt> {
    names
        .iter()
        .map(|name| parse_quote_spanned!(name.span()=> #name.check();))
        .collect()
}

/// `{ checks; body }`.
fn prepend(names: &[Ident], block: &mut Block) {
    let mut stmts = check_statements(names);
    stmts.append(&mut block.stmts);
    block.stmts = stmts;
}

impl VisitMut for Pass<'_> {
    fn visit_item_impl_mut(&mut self, imp: &mut syn::ItemImpl) {
        let self_enum = match &*imp.self_ty {
            Type::Path(path) => path
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .filter(|name| self.enums.contains_key(name)),
            _ => None,
        };
        let outer = std::mem::replace(&mut self.self_enum, self_enum);
        visit_mut::visit_item_impl_mut(self, imp);
        self.self_enum = outer;
    }

    fn visit_item_mod_mut(&mut self, _: &mut syn::ItemMod) {
        // An inline module is rewritten by `rewrite_items`.
    }

    fn visit_item_enum_mut(&mut self, _: &mut ItemEnum) {}

    fn visit_arm_mut(&mut self, arm: &mut Arm) {
        let names = self.checked_pattern(&mut arm.pat);
        visit_mut::visit_arm_mut(self, arm);
        if names.is_empty() {
            return;
        }
        let body = &arm.body;
        let checks = check_statements(&names);
        *arm.body = parse_quote_spanned!(body.span()=> { #(#checks)* #body });
        if arm.comma.is_none() {
            arm.comma = Some(Default::default());
        }
    }

    fn visit_expr_if_mut(&mut self, expr: &mut syn::ExprIf) {
        let mut names = Vec::new();
        self.condition(&mut expr.cond, &mut names);
        self.visit_block_mut(&mut expr.then_branch);
        if let Some((_, otherwise)) = &mut expr.else_branch {
            self.visit_expr_mut(otherwise);
        }
        prepend(&names, &mut expr.then_branch);
    }

    fn visit_expr_while_mut(&mut self, expr: &mut syn::ExprWhile) {
        let mut names = Vec::new();
        self.condition(&mut expr.cond, &mut names);
        self.visit_block_mut(&mut expr.body);
        prepend(&names, &mut expr.body);
    }

    fn visit_expr_let_mut(&mut self, expr: &mut syn::ExprLet) {
        // A `let` in a condition other than an `if`'s or a `while`'s own.
        self.pattern(&mut expr.pat, &mut None);
        visit_mut::visit_expr_let_mut(self, expr);
    }

    fn visit_block_mut(&mut self, block: &mut Block) {
        let mut stmts = Vec::with_capacity(block.stmts.len());
        for mut stmt in std::mem::take(&mut block.stmts) {
            let names = match &mut stmt {
                Stmt::Local(local) => self.checked_pattern(&mut local.pat),
                _ => Vec::new(),
            };
            self.visit_stmt_mut(&mut stmt);
            stmts.push(stmt);
            stmts.extend(check_statements(&names));
        }
        block.stmts = stmts;
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        // Its pattern was rewritten by the block.
        for attr in &mut local.attrs {
            self.visit_attribute_mut(attr);
        }
        if let Some(init) = &mut local.init {
            self.visit_local_init_mut(init);
        }
    }

    fn visit_fn_arg_mut(&mut self, arg: &mut syn::FnArg) {
        if let syn::FnArg::Typed(typed) = arg {
            self.pattern(&mut typed.pat, &mut None);
        }
        visit_mut::visit_fn_arg_mut(self, arg);
    }

    fn visit_expr_closure_mut(&mut self, closure: &mut syn::ExprClosure) {
        for input in closure.inputs.iter_mut() {
            self.pattern(input, &mut None);
        }
        visit_mut::visit_expr_closure_mut(self, closure);
    }

    fn visit_expr_for_loop_mut(&mut self, expr: &mut syn::ExprForLoop) {
        let names = self.checked_pattern(&mut expr.pat);
        visit_mut::visit_expr_for_loop_mut(self, expr);
        prepend(&names, &mut expr.body);
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Cast(cast) => {
                if let Some(value) = self.discriminant(cast) {
                    *expr = value;
                    return;
                }
            }
            Expr::Call(call) => {
                if let Expr::Path(func) = &*call.func
                    && func.qself.is_none()
                    && self
                        .variant(&func.path)
                        .is_some_and(|v| matches!(v.style, Style::Tuple(_)))
                {
                    for arg in call.args.iter_mut() {
                        self.visit_expr_mut(arg);
                    }
                    let tag = self.new_tag(call.span());
                    call.args.push(tag);
                    return;
                }
            }
            Expr::Path(path) if path.qself.is_none() => {
                match self.variant(&path.path).map(|v| v.style) {
                    Some(Style::Unit) => {
                        let tag = self.new_tag(path.span());
                        *expr = parse_quote_spanned!(path.span()=> #path(#tag));
                    }
                    Some(Style::Tuple(arity)) => *expr = self.constructor(path, arity),
                    _ => {}
                }
                return;
            }
            Expr::Struct(st) if st.qself.is_none() && self.variant(&st.path).is_some() => {
                let tag = self.new_tag(st.span());
                let name = Ident::new(TAG_FIELD, st.span());
                st.fields.push(parse_quote!(#name: #tag));
            }
            _ => {}
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_impl_item_fn_mut(&mut self, item: &mut syn::ImplItemFn) {
        self.next = 0;
        visit_mut::visit_impl_item_fn_mut(self, item);
    }

    fn visit_item_fn_mut(&mut self, item: &mut syn::ItemFn) {
        self.next = 0;
        visit_mut::visit_item_fn_mut(self, item);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let Some(mut args) = macros::parse(mac) else {
            return;
        };
        match &mut args {
            macros::Args::List(list) => list.iter_mut().for_each(|arg| self.visit_expr_mut(arg)),
            macros::Args::Repeat(elem, len) => {
                self.visit_expr_mut(elem);
                self.visit_expr_mut(len);
            }
            macros::Args::Matches {
                scrutinee,
                pat,
                guard,
            } => {
                self.visit_expr_mut(scrutinee);
                let names = self.checked_pattern(pat);
                if let Some(guard) = guard.as_mut() {
                    self.visit_expr_mut(guard);
                }
                if !names.is_empty() {
                    let rest = match guard.take() {
                        Some(guard) => quote!(#guard),
                        None => quote!(true),
                    };
                    let span = pat.span();
                    let checks = check_statements(&names);
                    *guard = Some(Box::new(parse_quote_spanned!(span=> { #(#checks)* #rest })));
                }
            }
        }
        mac.tokens = macros::print(&args);
    }
}

#[cfg(test)]
mod tests {
    use super::wrapped;

    #[test]
    fn a_discriminant_is_cast_as_rustc_casts_it() {
        for value in [
            -129_i128, -128, -2, -1, 0, 1, 127, 128, 255, 256, 300, 65_536,
        ] {
            let as_i64 = value as i64;
            assert_eq!(wrapped(value, "u8"), Some((as_i64 as u8).into()));
            assert_eq!(wrapped(value, "i8"), Some((as_i64 as i8).into()));
            assert_eq!(wrapped(value, "u16"), Some((as_i64 as u16).into()));
            assert_eq!(wrapped(value, "i16"), Some((as_i64 as i16).into()));
            assert_eq!(wrapped(value, "u32"), Some((as_i64 as u32).into()));
            assert_eq!(wrapped(value, "i32"), Some((as_i64 as i32).into()));
            assert_eq!(wrapped(value, "u64"), Some((as_i64 as u64).into()));
            assert_eq!(wrapped(value, "i64"), Some(as_i64.into()));
        }
        assert_eq!(wrapped(-2, "f64"), None);
    }
}
