//! What the derive rejects, and what to write instead.

use std::fmt;

/// A misuse of `#[state]`.
pub enum StateError {
    /// `#[state(frob)]`.
    UnknownOption { option: String },
    /// `#[state(skip, skip)]`, or `skip` with `sized_by`.
    Conflict,
    /// `#[state(sized_by = n)]` in a tuple struct or variant.
    SizedByNeedsNames,
    /// `#[state(sized_by = n)]` with no field `n` beside it.
    NoSuchField { name: String },
    /// `#[state(sized_by = …)]` naming the field itself, or a skipped one.
    BadLength { name: String },
    /// `#[state]` on a type that implements `State` itself.
    OwnImpl { ty: String },
    /// `#[state]` on a struct, enum or variant rather than a field.
    NotOnField,
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::UnknownOption { option } => write!(
                f,
                "unknown `#[state]` option `{option}`: write `#[state(skip)]` (not protocol \
                 state) or `#[state(sized_by = field)]` (a vector as long as the word `field`)"
            ),
            StateError::Conflict => f.write_str(
                "a field takes one `#[state]` option: `skip` or `sized_by = field`, once",
            ),
            StateError::SizedByNeedsNames => f.write_str(
                "`#[state(sized_by = …)]` names the length field: it needs named fields; \
                 name this struct's or variant's fields, or implement `State` by hand",
            ),
            StateError::NoSuchField { name } => write!(
                f,
                "`#[state(sized_by = {name})]`: there is no field `{name}` beside this one; \
                 name the word field that holds the vector's length"
            ),
            StateError::BadLength { name } => write!(
                f,
                "`#[state(sized_by = {name})]`: the length must be another field, and one \
                 the visit shows (not `#[state(skip)]`)"
            ),
            StateError::OwnImpl { ty } => write!(
                f,
                "`{ty}` implements `State` itself, so `#[state]` has no effect here; \
                 remove the attribute, or the impl to have it derived"
            ),
            StateError::NotOnField => f.write_str(
                "`#[state(…)]` goes on a field; `#[an_encode]` derives `State` for every \
                 struct and enum of its module",
            ),
        }
    }
}
