// `from_*_bytes` encode the value the bytes hold; `to_*_bytes` decode
// (checked); `char::from_u32` takes the decoded value.
#[anguard::an_encode]
pub mod m {
    pub fn round_trip(bytes: [u8; 4]) -> (u32, [u8; 4], [u8; 4], Option<char>) {
        let x = u32::from_le_bytes(bytes);
        (
            u32::from_be(x),
            x.to_be_bytes(),
            u32::from_ne_bytes(bytes).to_le_bytes(),
            char::from_u32(x & 0xffff),
        )
    }
}

fn main() {
    let bytes = [0x61, 0, 0, 1];
    let (a, b, c, d) = m::encoded::round_trip(bytes);
    assert_eq!(m::plain::round_trip(bytes), (a.decode(), b, c, d));
}
