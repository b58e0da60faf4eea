//! The coverage report `#[an_encode]` generates, on a small module: each
//! field's parts, their classes and bits, and the share of bits covered.

use anguard::AnU32;
use anguard::state::coverage::{Bits, Coverage, FieldCoverage, Part, share};

#[anguard::an_encode]
pub mod table {
    #[derive(Debug, Clone, Default)]
    pub struct Entry {
        pub term: u32,
        pub vote: Option<u32>,
    }

    #[derive(Debug, Clone, Default)]
    pub struct Table {
        pub n: u32,
        pub alive: bool,
        #[state(sized_by = n)]
        pub entries: Vec<Entry>,
        pub log: Vec<u32>,
        pub index: std::collections::BTreeMap<u32, u32>,
        pub last: Entry,
        #[state(skip)]
        pub cache: u64,
    }
}

fn field(name: &str) -> FieldCoverage {
    let table = table::encoded::COVERAGE
        .iter()
        .find(|ty| ty.name == "Table")
        .expect("Table is listed");
    *table
        .fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

fn classes(name: &str) -> Vec<(&'static str, Coverage, bool)> {
    field(name)
        .parts
        .iter()
        .map(|p| (p.what, p.coverage, p.per_element))
        .collect()
}

#[test]
fn every_type_and_field_is_listed_in_order() {
    let names: Vec<&str> = table::encoded::COVERAGE.iter().map(|t| t.name).collect();
    assert_eq!(names, ["Entry", "Table"]);
    let fields: Vec<&str> = table::encoded::COVERAGE[1]
        .fields
        .iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(
        fields,
        ["n", "alive", "entries", "log", "index", "last", "cache"]
    );
}

#[test]
fn each_part_has_the_class_the_encoded_layout_gives_it() {
    use Coverage::*;
    assert_eq!(classes("n"), [("value", Encoded, false)]);
    assert_eq!(field("n").parts[0].bits, 64, "a code word");
    assert_eq!(classes("alive"), [("value", Plain, false)]);
    assert_eq!(
        classes("entries"),
        [
            ("pointer and capacity", Plain, false),
            ("length", Checked, false),
            ("Entry", Nested, true),
        ]
    );
    assert_eq!(
        classes("log"),
        [
            ("pointer and capacity", Plain, false),
            ("length", Plain, false),
            ("elements", Encoded, true),
        ]
    );
    assert_eq!(classes("index"), [("value", Plain, false)], "a map's nodes");
    assert_eq!(classes("last"), [("Entry", Nested, false)]);
    assert_eq!(classes("cache"), [("value", Skipped, false)]);
    let vote = table::encoded::COVERAGE[0].fields[1];
    assert_eq!(
        vote.parts,
        [Part {
            what: "value",
            coverage: Encoded,
            bits: 64,
            per_element: false
        }],
        "an Option of a word is one word: its tag is protected"
    );
}

#[test]
fn the_share_counts_inline_bits_with_nested_types_expanded() {
    let usize_bits = u64::from(usize::BITS);
    let map_bits = 8 * std::mem::size_of::<std::collections::BTreeMap<AnU32, AnU32>>() as u64;
    let bool_bits = 8;
    let bits = share(table::encoded::COVERAGE, "Table").expect("listed");
    assert_eq!(
        bits,
        Bits {
            // n, and `last`'s term and vote.
            encoded: 3 * 64,
            // `entries`' length.
            checked: usize_bits,
            // `alive`, two vectors' pointers and capacities, `log`'s
            // length, `index`.
            plain: bool_bits + 4 * usize_bits + usize_bits + map_bits,
        }
    );
    assert!(bits.covered() > 0.0 && bits.covered() < 1.0);
    assert_eq!(share(table::encoded::COVERAGE, "Missing"), None);
}
