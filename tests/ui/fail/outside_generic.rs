// A generic helper outside the module, called with its type argument `u32`
// (named, or inferred from a `let` annotation or the return type), would
// get `AnU32` in `encoded`: an 8-byte code word where `plain` reads 4.
pub fn read_chunk<T: Copy>(data: &[u8], at: usize) -> T {
    assert!(at + size_of::<T>() <= data.len());
    // SAFETY: in bounds, and any bit pattern is a `T` here.
    unsafe { data.as_ptr().add(at).cast::<T>().read_unaligned() }
}

#[anguard::an_encode]
pub mod m {
    pub fn lane(data: &[u8]) -> u32 {
        let lane: u32 = super::read_chunk(data, 0);
        lane + super::read_chunk::<u32>(data, 4)
    }

    pub fn tail(data: &[u8]) -> u32 {
        super::read_chunk(data, 8)
    }
}

#[anguard::an_encode]
pub mod glob {
    use super::*;

    pub fn lane(data: &[u8]) -> Option<u32> {
        let lane: u32 = read_chunk(data, 0);
        Some(lane)
    }
}

fn main() {}
