#![no_main]
//! The handshake check: frame parse, `anguard::net::handshake::check_hello`
//! and the certificate's id on a peer's first frame.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| anguard_fuzz::handshake(data));
