#![no_main]
//! The handshake check: MAC, frame parse and `anguard::net::handshake::check_hello`
//! on a peer's first frame.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| anguard_fuzz::handshake(data));
