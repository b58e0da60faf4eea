// Unsafe code that can read or write encoded memory as something else
// (raw pointers, uninitialized memory), and unsafe impls that may promise a
// layout, are rejected; unchecked indexing is not (see ui/pass/unsafe_code.rs).
pub unsafe trait Pod {}

#[anguard::an_encode]
pub mod m {
    pub struct Frame {
        pub words: [u32; 2],
    }

    unsafe impl super::Pod for Frame {}

    pub fn first_byte(words: &[u32]) -> u8 {
        unsafe { words.as_ptr().cast::<u8>().read() }
    }

    pub unsafe fn blank() -> u32 {
        unsafe { std::mem::zeroed() }
    }

    pub unsafe trait Layout {}
}

fn main() {}
