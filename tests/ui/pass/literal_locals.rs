// Unannotated literal locals whose uses say their type: an index (usize in
// both builds), a shift amount, a u32 accumulator (encoded), a counter the
// fn returns as u32 (encoded).
#[anguard::an_encode]
pub mod m {
    pub fn decode(buf: &[u8]) -> u32 {
        let mut result = 0;
        let mut shift = 0;
        let mut i = 0;
        while i < buf.len() {
            let low = (buf[i] & 0x7f) as u32;
            result |= low << shift;
            shift += 7;
            i += 1;
        }
        result
    }

    pub fn count(items: &[u32]) -> u32 {
        let mut n = 0;
        for _ in items {
            n += 1;
        }
        n
    }
}

fn main() {
    use anguard::AnU32;
    assert_eq!(m::plain::decode(&[0x81, 0x01]), m::encoded::decode(&[0x81, 0x01]).decode());
    let words = [1, 2, 3];
    assert_eq!(m::plain::count(&words), m::encoded::count(&words.map(AnU32::encode)).decode());
}
