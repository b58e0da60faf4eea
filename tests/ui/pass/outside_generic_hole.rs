// The one known hole: a generic helper outside the module whose type
// argument the macro cannot see as `u32` (here: a struct field's type sets
// it) gets `AnU32` in `encoded`, and a helper that reads memory as its `T`
// then reads a code word's 8 bytes. `let lane: u32 = read_chunk(…)`, a
// turbofish or a `u32` return are rejected (ui/fail/outside_generic.rs);
// this compiles, and the builds differ. Write such helpers over `u32` or
// `anguard::Word`.
pub fn read_chunk<T: Copy>(data: &[u8], at: usize) -> T {
    assert!(at + size_of::<T>() <= data.len());
    // SAFETY: in bounds, and the bytes are a `u32`, or a non-zero stored word.
    unsafe { data.as_ptr().add(at).cast::<T>().read_unaligned() }
}

#[anguard::an_encode]
pub mod m {
    pub struct Lane {
        pub word: u32,
    }

    pub fn lane(data: &[u8]) -> Lane {
        Lane {
            word: super::read_chunk(data, 0),
        }
    }
}

fn main() {
    let data = [0x85, 0xf9, 0, 0, 0x7b, 0x06, 0xff, 0xff];
    let plain = m::plain::lane(&data).word;
    let encoded = m::encoded::lane(&data).word;
    // 0xf985 in plain; in encoded the 8 bytes are the code word of 1 as
    // stored (`A` minus `A·2^32`, modulo 2^64).
    assert_eq!(plain, 63877);
    assert_eq!(encoded.decode(), 1);
}
