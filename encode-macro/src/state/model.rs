//! What the derive knows about a type: its shape and, per field, how to
//! visit it.

use proc_macro2::Span;
use syn::{Generics, Ident, Member, Type};

/// A struct or enum that gets a derived `State`.
pub struct StateType {
    pub ident: Ident,
    pub generics: Generics,
    pub shape: Shape,
}

pub enum Shape {
    Struct(Fields),
    Enum(Vec<Variant>),
}

pub struct Variant {
    pub ident: Ident,
    pub fields: Fields,
}

/// The fields of a struct or of one variant.
pub struct Fields {
    pub style: Style,
    pub fields: Vec<Field>,
}

/// How the fields are written: `{ a, b }`, `(a, b)` or nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Named,
    Unnamed,
    Unit,
}

pub struct Field {
    /// The field's name or index.
    pub member: Member,
    /// The name its value is bound to in the visit.
    pub binding: Ident,
    pub ty: Type,
    pub visit: Visit,
}

/// What the visit does with a field.
pub enum Visit {
    /// Its type's `State`.
    State,
    /// Nothing: `#[state(skip)]`.
    Skip { span: Span },
    /// Its elements, then its length against the word field `len`:
    /// `#[state(sized_by = len)]`.
    SizedBy { len: Ident, span: Span },
}
