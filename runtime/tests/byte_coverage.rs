//! The coverage report of `u8`s: a scalar byte is an encoded word, a byte
//! buffer's elements stay plain.

use anguard::state::coverage::{Coverage, FieldCoverage};

#[anguard::an_encode]
pub mod link {
    #[derive(Debug, Clone, Default)]
    pub struct Link {
        pub hops: u8,
        pub last: Option<u8>,
        pub tag: [u8; 4],
        pub frame: Vec<u8>,
        #[state(sized_by = hops)]
        pub kinds: Vec<u8>,
    }
}

fn classes(name: &str) -> Vec<(&'static str, Coverage, u32)> {
    let field: &FieldCoverage = link::encoded::COVERAGE[0]
        .fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    field
        .parts
        .iter()
        .map(|p| (p.what, p.coverage, p.bits))
        .collect()
}

#[test]
fn a_byte_is_encoded_and_a_buffer_plain() {
    use Coverage::*;
    let usize_bits = usize::BITS;
    assert_eq!(classes("hops"), [("value", Encoded, 64)]);
    assert_eq!(classes("last"), [("value", Encoded, 64)]);
    assert_eq!(classes("tag"), [("value", Plain, 32)], "four plain bytes");
    assert_eq!(
        classes("frame"),
        [
            ("pointer and capacity", Plain, 2 * usize_bits),
            ("length", Plain, usize_bits),
            ("elements", Plain, 8),
        ]
    );
    assert_eq!(
        classes("kinds"),
        [
            ("pointer and capacity", Plain, 2 * usize_bits),
            ("length", Checked, usize_bits),
            ("elements", Plain, 8),
        ]
    );
}
