// Unsafe code that keeps types as they are (unchecked indexing and
// conversions, `unsafe impl Send`) is encoded like any other.
#[anguard::an_encode]
pub mod m {
    pub struct Shared {
        pub words: Vec<u32>,
    }

    // SAFETY: no interior mutability.
    unsafe impl Send for Shared {}

    pub fn first(words: &[u32]) -> u32 {
        assert!(!words.is_empty());
        // SAFETY: not empty.
        unsafe { *words.get_unchecked(0) }
    }

    /// # Safety
    /// `bytes` is UTF-8.
    pub unsafe fn length(bytes: &[u8]) -> u32 {
        // SAFETY: the caller's promise.
        unsafe { std::str::from_utf8_unchecked(bytes) }.len() as u32
    }
}

fn main() {
    use anguard::AnU32;
    assert_eq!(m::encoded::first(&[AnU32::encode(5)]).decode(), 5);
    // SAFETY: ASCII.
    let (p, e) = unsafe { (m::plain::length(b"abc"), m::encoded::length(b"abc")) };
    assert_eq!((p, e.decode()), (3, 3));
}
