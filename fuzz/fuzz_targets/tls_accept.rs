#![no_main]
//! The TLS server side of an accepted connection (mutual TLS, node 0): the
//! bytes a peer sends before and during the handshake.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| anguard_fuzz::tls_accept(data));
