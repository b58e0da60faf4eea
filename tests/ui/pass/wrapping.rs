// `std::num::Wrapping<u32>` computes on code words: `encoded` names the
// runtime's `Wrapping`, which has std's operators for `AnU32` too.
#[anguard::an_encode]
pub mod m {
    use std::num::Wrapping;

    pub fn hash(bytes: &[u8]) -> u32 {
        let mut h = Wrapping(0x811c_9dc5_u32);
        for &b in bytes {
            h ^= Wrapping(u32::from(b));
            h *= Wrapping(0x0100_0193);
        }
        (h + std::num::Wrapping(1) - (h >> 3)).0
    }
}

fn main() {
    let e = m::encoded::hash(b"anguard").decode();
    assert_eq!(m::plain::hash(b"anguard"), e);
}
