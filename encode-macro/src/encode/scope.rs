//! What the encoder needs to know of the whole module before it rewrites
//! any of it: the traits it defines, the methods whose signatures stay plain
//! (see [`is_plain_signature_impl`]), and the parameter types of its fns.

use std::collections::{HashMap, HashSet};

use syn::{FnArg, ImplItem, Item, ItemImpl, Signature, Type};

use super::types::{Primitive, encoded_primitive, mentions_encoded, mentions_encoded_value};

/// The module, summarized.
#[derive(Default)]
pub struct Scope {
    /// Names of the traits the module defines (at any depth).
    traits: HashSet<String>,
    /// Methods of impls of foreign traits whose signatures keep `u32`, by name.
    pub plain_methods: HashMap<String, Signature>,
    /// The parameter types, as written, of the module's free fns, tuple
    /// structs and tuple variants, by name.
    pub fns: HashMap<String, Vec<Type>>,
    /// The field types, as written, of the module's structs and struct
    /// variants with named fields, by struct (or variant) and field name.
    pub fields: HashMap<String, HashMap<String, Type>>,
    /// The const fns `encoded` compiles as plain fns ([`super::const_fn`]),
    /// as `Type::method` or `function`.
    pub unconst: HashSet<String>,
    /// The `usize` and `u8` constants and statics of the module, by name:
    /// they stay plain (array lengths, repeat counts, a byte table's
    /// fill) and are encoded where used as values.
    pub plain_constants: HashMap<String, &'static Primitive>,
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
                Item::Const(constant) if let Some(primitive) = plain_constant(&constant.ty) => {
                    self.plain_constants
                        .insert(constant.ident.to_string(), primitive);
                }
                Item::Static(statik) if let Some(primitive) = plain_constant(&statik.ty) => {
                    self.plain_constants
                        .insert(statik.ident.to_string(), primitive);
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
                Item::Struct(strukt) => self.fields_of(&strukt.ident, &strukt.fields),
                // Variants construct as tuple structs and structs do.
                Item::Enum(enumeration) => {
                    for variant in &enumeration.variants {
                        self.fields_of(&variant.ident, &variant.fields);
                    }
                }
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

    /// The field types of the struct or variant `name`: a tuple one's as a
    /// fn's parameters. A name seen before keeps its first types.
    fn fields_of(&mut self, name: &syn::Ident, fields: &syn::Fields) {
        let name = name.to_string();
        match fields {
            syn::Fields::Named(fields) => {
                let types = fields
                    .named
                    .iter()
                    .filter_map(|f| Some((f.ident.as_ref()?.to_string(), f.ty.clone())))
                    .collect();
                self.fields.entry(name).or_insert(types);
            }
            syn::Fields::Unnamed(fields) => {
                let types = fields.unnamed.iter().map(|f| f.ty.clone()).collect();
                self.fns.entry(name).or_insert(types);
            }
            syn::Fields::Unit => {}
        }
    }

    /// Whether `function` (`f` or `Type::f`) is a const fn that `encoded`
    /// compiles as a plain one.
    pub fn is_unconst(&self, function: &str) -> bool {
        self.unconst.contains(function)
    }

    /// An impl of a trait defined outside the module: its signatures are
    /// the trait's (a `bool` there stays `bool`).
    pub fn is_foreign_trait_impl(&self, imp: &ItemImpl) -> bool {
        imp.trait_.as_ref().is_some_and(|(path, _)| {
            path.segments
                .last()
                .is_some_and(|last| !self.traits.contains(&last.ident.to_string()))
        })
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

/// The primitive of a constant of type `ty` that stays plain: `usize` or
/// `u8`.
pub fn plain_constant(ty: &Type) -> Option<&'static Primitive> {
    encoded_primitive(ty).filter(|p| p.is_size() || p.is_byte())
}

/// A `const fn` that mentions an encoded type (or `bool` in its signature)
/// cannot stay const in `encoded` as it is, unless that is only `usize`
/// ([`sizes_only`]).
pub fn loses_const(sig: &Signature, body: &syn::Block) -> bool {
    sig.constness.is_some()
        && (mentions_encoded_value(sig)
            || mentions_encoded_value(body)
            || super::conditions::mentions_bool(sig))
}

/// A `const fn` whose only encoded type is `usize` (`const fn words(n:
/// usize) -> usize`): it computes sizes, which array lengths and repeat
/// counts need as plain constants, so `encoded` keeps it as written.
pub fn sizes_only(sig: &Signature, body: &syn::Block) -> bool {
    sig.constness.is_some()
        && !loses_const(sig, body)
        && (mentions_encoded(sig) || mentions_encoded(body))
}
