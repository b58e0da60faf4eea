//! From the module's items to the [`model`](super::model): which types get a
//! derived `State`, and what their `#[state]` field attributes say (stripped
//! here, so that neither copy carries them).

use std::collections::HashSet;

use quote::format_ident;
use syn::spanned::Spanned;
use syn::{Attribute, Ident, Item, Member, Type};

use super::error::StateError;
use super::model::{Field, Fields, Shape, StateType, Style, Variant, Visit};
use crate::diagnostics::Errors;

/// The names of the types the module implements `State` for itself.
pub struct OwnImpls(HashSet<String>);

/// Every `impl … State for Name` in `items` and their inline submodules (a
/// trait path ending in `State`, whatever leads to it).
pub fn own_impls(items: &[Item]) -> OwnImpls {
    fn collect(items: &[Item], names: &mut HashSet<String>) {
        for item in items {
            match item {
                Item::Impl(imp) => {
                    let is_state = imp.trait_.as_ref().is_some_and(|(path, _)| {
                        path.segments.last().is_some_and(|s| s.ident == "State")
                    });
                    if is_state
                        && let syn::Type::Path(ty) = &*imp.self_ty
                        && let Some(last) = ty.path.segments.last()
                    {
                        names.insert(last.ident.to_string());
                    }
                }
                Item::Mod(module) => {
                    if let Some((_, inner)) = &module.content {
                        collect(inner, names);
                    }
                }
                _ => {}
            }
        }
    }
    let mut names = HashSet::new();
    collect(items, &mut names);
    OwnImpls(names)
}

/// The type `item` defines, if it is a struct or enum whose `State` is
/// derived; strips its `#[state]` attributes either way.
pub fn state_type(item: &mut Item, own: &OwnImpls, errors: &mut Errors) -> Option<StateType> {
    let (ident, generics, shape) = match item {
        Item::Struct(s) => {
            reject_attrs(&mut s.attrs, errors);
            let fields = fields(&mut s.fields, errors);
            (&s.ident, &s.generics, Shape::Struct(fields))
        }
        Item::Enum(e) => {
            reject_attrs(&mut e.attrs, errors);
            let variants = e
                .variants
                .iter_mut()
                .map(|variant| {
                    reject_attrs(&mut variant.attrs, errors);
                    Variant {
                        ident: variant.ident.clone(),
                        fields: fields(&mut variant.fields, errors),
                    }
                })
                .collect();
            (&e.ident, &e.generics, Shape::Enum(variants))
        }
        _ => return None,
    };
    if own.0.contains(&ident.to_string()) {
        for field in shape.fields() {
            if let Some(span) = field.visit.attr_span() {
                errors.push(syn::Error::new(
                    span,
                    StateError::OwnImpl {
                        ty: ident.to_string(),
                    },
                ));
            }
        }
        return None;
    }
    Some(StateType {
        ident: ident.clone(),
        generics: generics.clone(),
        shape,
    })
}

impl Shape {
    fn fields(&self) -> impl Iterator<Item = &Field> {
        let all: Vec<&Fields> = match self {
            Shape::Struct(fields) => vec![fields],
            Shape::Enum(variants) => variants.iter().map(|v| &v.fields).collect(),
        };
        all.into_iter().flat_map(|fields| fields.fields.iter())
    }
}

impl Visit {
    /// Where the attribute that chose this visit is, if one did.
    fn attr_span(&self) -> Option<proc_macro2::Span> {
        match self {
            Visit::State => None,
            Visit::Skip { span } | Visit::SizedBy { span, .. } => Some(*span),
        }
    }
}

/// `#[state]` where it means nothing: stripped, with an error.
fn reject_attrs(attrs: &mut Vec<Attribute>, errors: &mut Errors) {
    attrs.retain(|attr| {
        let state = attr.path().is_ident("state");
        if state {
            errors.push(syn::Error::new_spanned(attr, StateError::NotOnField));
        }
        !state
    });
}

/// The fields of a struct or variant, their `#[state]` attributes read and
/// stripped, and every `sized_by` checked against its neighbours.
fn fields(fields: &mut syn::Fields, errors: &mut Errors) -> Fields {
    let style = match fields {
        syn::Fields::Named(_) => Style::Named,
        syn::Fields::Unnamed(_) => Style::Unnamed,
        syn::Fields::Unit => Style::Unit,
    };
    let mut parsed: Vec<Field> = fields
        .iter_mut()
        .enumerate()
        .map(|(index, field)| {
            let visit = match visit_of(&mut field.attrs, errors) {
                // A borrow is the owner's state, not this type's.
                Visit::State if matches!(field.ty, Type::Reference(_)) => Visit::Skip {
                    span: field.ty.span(),
                },
                visit => visit,
            };
            let (member, binding) = match &field.ident {
                Some(ident) => (Member::Named(ident.clone()), ident.clone()),
                None => (
                    Member::Unnamed(index.into()),
                    format_ident!("__field{}", index, span = field.ty.span()),
                ),
            };
            Field {
                member,
                binding,
                ty: field.ty.clone(),
                visit,
            }
        })
        .collect();
    let lengths: Vec<Option<StateError>> = parsed
        .iter()
        .map(|field| length_error(field, &parsed, style))
        .collect();
    for (field, error) in parsed.iter_mut().zip(lengths) {
        if let (Some(error), Visit::SizedBy { span, .. }) = (error, &field.visit) {
            errors.push(syn::Error::new(*span, error));
            // Reported: visit the vector as any other, for no follow-up errors.
            field.visit = Visit::State;
        }
    }
    Fields {
        style,
        fields: parsed,
    }
}

/// What is wrong with `field`'s `sized_by`, if it has one.
fn length_error(field: &Field, fields: &[Field], style: Style) -> Option<StateError> {
    let Visit::SizedBy { len, .. } = &field.visit else {
        return None;
    };
    if style != Style::Named {
        return Some(StateError::SizedByNeedsNames);
    }
    let name = len.to_string();
    match fields.iter().find(|other| other.binding == *len) {
        None => Some(StateError::NoSuchField { name }),
        Some(other) if other.binding == field.binding => Some(StateError::BadLength { name }),
        Some(Field {
            visit: Visit::Skip { .. },
            ..
        }) => Some(StateError::BadLength { name }),
        Some(_) => None,
    }
}

/// What a field's `#[state]` attributes ask for (none: its type's `State`).
fn visit_of(attrs: &mut Vec<Attribute>, errors: &mut Errors) -> Visit {
    let mut visit = Visit::State;
    let mut conflict = false;
    attrs.retain(|attr| {
        if !attr.path().is_ident("state") {
            return true;
        }
        let parsed = attr.parse_nested_meta(|meta| {
            let chosen = if meta.path.is_ident("skip") {
                Visit::Skip {
                    span: meta.path.span(),
                }
            } else if meta.path.is_ident("sized_by") {
                let len: Ident = meta.value()?.parse()?;
                Visit::SizedBy {
                    span: len.span(),
                    len,
                }
            } else {
                let option = meta
                    .path
                    .get_ident()
                    .map_or_else(|| "…".to_owned(), Ident::to_string);
                return Err(meta.error(StateError::UnknownOption { option }));
            };
            if matches!(visit, Visit::State) {
                visit = chosen;
            } else if !conflict {
                conflict = true;
                errors.push(syn::Error::new(meta.path.span(), StateError::Conflict));
            }
            Ok(())
        });
        if let Err(error) = parsed {
            errors.push(error);
        }
        false
    });
    visit
}
