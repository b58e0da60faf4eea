#![no_main]
//! The payload decoder: bytes delivered to hale and rotel4 nodes, plain and
//! encoded, through the wrapper that checks every code word.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    anguard_fuzz::payload(data);
});
