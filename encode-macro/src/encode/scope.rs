//! What the encoder needs to know of the whole module before it rewrites
//! any of it: the traits it defines, the methods whose signatures stay plain
//! (see [`is_plain_signature_impl`]), and the parameter types of its fns.

use std::collections::{HashMap, HashSet};

use syn::{FnArg, ImplItem, Item, ItemImpl, Signature, Type};

use super::types::{mentions_encoded, mentions_encoded_value};

/// The module, summarized.
#[derive(Default)]
pub struct Scope {
    /// Names of the traits the module defines (at any depth).
    traits: HashSet<String>,
    /// Methods of impls of foreign traits whose signatures keep `u32`, by name.
    pub plain_methods: HashMap<String, Signature>,
    /// The parameter types, as written, of the module's free fns and tuple
    /// structs, by name.
    pub fns: HashMap<String, Vec<Type>>,
    /// The field types, as written, of the module's structs with named
    /// fields, by struct and field name.
    pub fields: HashMap<String, HashMap<String, Type>>,
    /// The const fns `encoded` compiles as plain fns ([`super::const_fn`]),
    /// as `Type::method` or `function`.
    pub unconst: HashSet<String>,
    /// The `usize` constants and statics of the module, which stay plain
    /// (array lengths, repeat counts) and are encoded where used as values.
    pub sizes: HashSet<String>,
}

impl Scope {
    /// Reads `items` and the modules inside them.
    pub fn of(items: &[Item]) -> Scope {
        let mut scope = Scope::default();
        scope.traits_of(items);
        scope.signatures_of(items);
        scope
    }

    fn traits_of(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Trait(trait_) => {
                    self.traits.insert(trait_.ident.to_string());
                }
                Item::Mod(module) => {
                    if let Some((_, items)) = &module.content {
                        self.traits_of(items);
                    }
                }
                _ => {}
            }
        }
    }

    fn signatures_of(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Const(constant) if super::types::is_size(&constant.ty) => {
                    self.sizes.insert(constant.ident.to_string());
                }
                Item::Static(statik) if super::types::is_size(&statik.ty) => {
                    self.sizes.insert(statik.ident.to_string());
                }
                Item::Fn(f) => {
                    if loses_const(&f.sig, &f.block) && !super::const_fn::delegates(f) {
                        self.unconst.insert(f.sig.ident.to_string());
                    }
                    let params = f
                        .sig
                        .inputs
                        .iter()
                        .filter_map(|input| match input {
                            FnArg::Typed(typed) => Some((*typed.ty).clone()),
                            FnArg::Receiver(_) => None,
                        })
                        .collect();
                    self.fns.insert(f.sig.ident.to_string(), params);
                }
                Item::Struct(strukt) => match &strukt.fields {
                    syn::Fields::Named(fields) => {
                        let types = fields
                            .named
                            .iter()
                            .filter_map(|f| Some((f.ident.as_ref()?.to_string(), f.ty.clone())))
                            .collect();
                        self.fields.insert(strukt.ident.to_string(), types);
                    }
                    syn::Fields::Unnamed(fields) => {
                        let types = fields.unnamed.iter().map(|f| f.ty.clone()).collect();
                        self.fns.insert(strukt.ident.to_string(), types);
                    }
                    syn::Fields::Unit => {}
                },
                Item::Impl(imp) if !self.is_plain_signature_impl(imp) => {
                    let Type::Path(ty) = &*imp.self_ty else {
                        continue;
                    };
                    let Some(ty) = ty.path.segments.last() else {
                        continue;
                    };
                    for item in &imp.items {
                        if let ImplItem::Fn(f) = item
                            && loses_const(&f.sig, &f.block)
                        {
                            self.unconst
                                .insert(format!("{}::{}", ty.ident, f.sig.ident));
                        }
                    }
                }
                Item::Impl(imp) => {
                    for item in &imp.items {
                        if let ImplItem::Fn(f) = item
                            && mentions_encoded(&f.sig)
                        {
                            self.plain_methods
                                .insert(f.sig.ident.to_string(), f.sig.clone());
                        }
                    }
                }
                Item::Mod(module) => {
                    if let Some((_, items)) = &module.content {
                        self.signatures_of(items);
                    }
                }
                _ => {}
            }
        }
    }

    /// Whether `function` (`f` or `Type::f`) is a const fn that `encoded`
    /// compiles as a plain one.
    pub fn is_unconst(&self, function: &str) -> bool {
        self.unconst.contains(function)
    }

    /// An impl of a trait defined outside the module whose header does not
    /// mention `u32` (`impl RngCore for Rng`, not `impl From<u32> for Id` or
    /// `impl Iterator for Ids { type Item = u32; … }`): a `u32` in its
    /// methods' signatures is the trait's own, fixed, and stays `u32`.
    pub fn is_plain_signature_impl(&self, imp: &ItemImpl) -> bool {
        let Some((path, _)) = &imp.trait_ else {
            return false;
        };
        let foreign = path
            .segments
            .last()
            .is_some_and(|last| !self.traits.contains(&last.ident.to_string()));
        let chosen_by_impl = mentions_encoded(path)
            || mentions_encoded(&imp.self_ty)
            || imp.items.iter().any(|item| match item {
                ImplItem::Type(ty) => mentions_encoded(&ty.ty),
                ImplItem::Const(constant) => mentions_encoded(&constant.ty),
                _ => false,
            });
        foreign && !chosen_by_impl
    }
}

/// A `const fn` that mentions an encoded type cannot stay const in
/// `encoded` as it is, unless that is only `usize` ([`sizes_only`]).
pub fn loses_const(sig: &Signature, body: &syn::Block) -> bool {
    sig.constness.is_some() && (mentions_encoded_value(sig) || mentions_encoded_value(body))
}

/// A `const fn` whose only encoded type is `usize` (`const fn words(n:
/// usize) -> usize`): it computes sizes, which array lengths and repeat
/// counts need as plain constants, so `encoded` keeps it as written.
pub fn sizes_only(sig: &Signature, body: &syn::Block) -> bool {
    sig.constness.is_some()
        && !loses_const(sig, body)
        && (mentions_encoded(sig) || mentions_encoded(body))
}
