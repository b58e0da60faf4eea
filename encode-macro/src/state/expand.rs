//! A type's derived `State` impl: each field's visit, in declaration order.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{GenericParam, Item, Path, parse_quote};

use super::model::{Field, Fields, Shape, StateType, Style, Visit};

/// `impl State for Type`, with a `State` bound on each type parameter.
pub fn impl_state(ty: &StateType, krate: &Path) -> Item {
    let state = quote!(#krate::state::State);
    let mut generics = ty.generics.clone();
    let params: Vec<_> = generics
        .params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Type(param) => Some(param.ident.clone()),
            _ => None,
        })
        .collect();
    let where_clause = generics.make_where_clause();
    for param in params {
        where_clause.predicates.push(parse_quote!(#param: #state));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let ident = &ty.ident;
    let body = match &ty.shape {
        Shape::Struct(fields) => {
            let pattern = pattern(quote!(Self), fields);
            let visits = visits(fields, krate);
            quote! {
                let #pattern = self;
                #visits
            }
        }
        Shape::Enum(variants) => {
            let arms = variants.iter().map(|variant| {
                let name = &variant.ident;
                let pattern = pattern(quote!(Self::#name), &variant.fields);
                let visits = visits(&variant.fields, krate);
                quote!(#pattern => { #visits })
            });
            // The plain copy shows the variant here; the encoded copy's
            // tag field, the last one visited, already did.
            quote! {
                match self {
                    #(#arms)*
                }
                <u32 as #krate::an::TagWord>::visit_variant(self, __visitor);
            }
        }
    };
    parse_quote! {
        #[automatically_derived]
        impl #impl_generics #state for #ident #ty_generics #where_clause {
            fn visit(&mut self, __visitor: &mut dyn #krate::state::Visitor) {
                #body
            }
        }
    }
}

/// `Path { a, b: _ }`, `Path(__field0, _)` or `Path`: binds what the visit uses.
fn pattern(path: TokenStream, fields: &Fields) -> TokenStream {
    let used = |field: &Field| {
        !matches!(field.visit, Visit::Skip { .. })
            || fields.fields.iter().any(
                |other| matches!(&other.visit, Visit::SizedBy { len, .. } if *len == field.binding),
            )
    };
    match fields.style {
        Style::Unit => path,
        Style::Named => {
            let bindings = fields.fields.iter().map(|field| {
                let member = &field.member;
                if used(field) {
                    quote!(#member)
                } else {
                    quote!(#member: _)
                }
            });
            quote!(#path { #(#bindings),* })
        }
        Style::Unnamed => {
            let bindings = fields.fields.iter().map(|field| {
                if used(field) {
                    let binding = &field.binding;
                    quote!(#binding)
                } else {
                    quote!(_)
                }
            });
            quote!(#path( #(#bindings),* ))
        }
    }
}

/// Each field's visit, spanned on its type: a type without `State` is an
/// error on the field, not on the attribute.
fn visits(fields: &Fields, krate: &Path) -> TokenStream {
    let visits = fields.fields.iter().map(|field| {
        let binding = &field.binding;
        let span = field.ty.span();
        match &field.visit {
            Visit::State => quote_spanned! {span=>
                #krate::state::State::visit(#binding, __visitor);
            },
            Visit::Skip { .. } => TokenStream::new(),
            Visit::SizedBy { len, .. } => quote_spanned! {span=>
                for __element in #binding.iter_mut() {
                    #krate::state::State::visit(__element, __visitor);
                }
                #krate::state::Visitor::sized(__visitor, #binding, &*#len);
            },
        }
    });
    quote!(#(#visits)*)
}
