//! What the encoding covers of a module's state, field by field: the
//! constant `#[an_encode]` generates as `m::encoded::COVERAGE`.
//!
//! Each field of each struct and enum of the module is listed in parts:
//! a part is **encoded** (code words: a check catches a flip), **checked**
//! (plain, but checked against a code word: a vector's length sized by a
//! word), or **plain** (a `u8` the macro leaves as written, a `Vec`'s
//! pointer and capacity, a `String`, a map's nodes). A field of another type
//! of the module is that type's parts. Bits are those of the encoded copy's
//! layout (`size_of` of each part); a vector's elements are listed per
//! element, as they live on the heap.
//!
//! ```
//! use anguard::state::coverage::{Coverage, share};
//!
//! #[anguard::an_encode]
//! pub mod counter {
//!     #[derive(Debug, Default)]
//!     pub struct Counter {
//!         pub count: u32,
//!         pub history: Vec<u32>,
//!         pub stopped: bool,
//!     }
//! }
//!
//! let counter = &counter::encoded::COVERAGE[0];
//! assert_eq!(counter.name, "Counter");
//! assert_eq!(counter.fields[0].parts[0].coverage, Coverage::Encoded);
//! let bits = share(counter::encoded::COVERAGE, "Counter").unwrap();
//! assert_eq!(bits.encoded, 2 * 64, "`count` and `stopped`: two code words");
//! assert!(bits.plain > 0, "`history`'s pointer, capacity and length");
//! ```

/// How the encoding covers one part of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Coverage {
    /// Code words: a flip fails the next check.
    Encoded,
    /// Plain bits checked against a code word (a vector's length against
    /// the word `#[state(sized_by)]` names).
    Checked,
    /// Plain bits: a flip goes unseen.
    Plain,
    /// Another type of the module: its own parts (named by `what`).
    Nested,
    /// Not protocol state (`#[state(skip)]`, a borrow).
    Skipped,
}

impl Coverage {
    /// The name tables show.
    pub const fn name(self) -> &'static str {
        match self {
            Coverage::Encoded => "encoded",
            Coverage::Checked => "checked",
            Coverage::Plain => "plain",
            Coverage::Nested => "nested",
            Coverage::Skipped => "skipped",
        }
    }
}

/// One part of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Part {
    /// What it is: `value`, `pointer and capacity`, `length`, `elements`;
    /// for a nested part, the type's name.
    pub what: &'static str,
    pub coverage: Coverage,
    /// Its bits in the encoded layout (per element, for `elements`).
    pub bits: u32,
    /// Whether it is a vector's elements: `bits` counts each.
    pub per_element: bool,
}

/// One field (of a struct, or of an enum's variant: `Variant.field`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct FieldCoverage {
    pub name: &'static str,
    pub parts: &'static [Part],
}

/// One type of the module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct TypeCoverage {
    pub name: &'static str,
    /// Whether it is an enum: its fields are its variants' (listed as
    /// `Variant.field`), and its tag is a part of its own.
    pub is_enum: bool,
    pub fields: &'static [FieldCoverage],
}

/// Bits of a type's inline layout, by how they are covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Bits {
    pub encoded: u64,
    pub checked: u64,
    pub plain: u64,
}

impl Bits {
    /// All the bits counted.
    pub fn total(&self) -> u64 {
        self.encoded + self.checked + self.plain
    }

    /// The share of bits a check covers (encoded or checked), in `[0, 1]`.
    pub fn covered(&self) -> f64 {
        match self.total() {
            0 => 0.0,
            total => (self.encoded + self.checked) as f64 / total as f64,
        }
    }
}

/// The inline bits of type `name` of `layout` by coverage, nested types of
/// the module expanded (an enum's variants each counted: an upper bound of
/// any one value's); vector elements, which live on the heap, are not
/// counted. `None` if the layout has no such type.
pub fn share(layout: &[TypeCoverage], name: &str) -> Option<Bits> {
    let ty = layout.iter().find(|ty| ty.name == name)?;
    let mut bits = Bits::default();
    for part in ty.fields.iter().flat_map(|field| field.parts) {
        let count = u64::from(part.bits);
        match part.coverage {
            _ if part.per_element => {}
            Coverage::Encoded => bits.encoded += count,
            Coverage::Checked => bits.checked += count,
            Coverage::Plain => bits.plain += count,
            Coverage::Skipped => {}
            Coverage::Nested => match share(layout, part.what) {
                Some(nested) => {
                    bits.encoded += nested.encoded;
                    bits.checked += nested.checked;
                    bits.plain += nested.plain;
                }
                None => bits.plain += count,
            },
        }
    }
    Some(bits)
}
