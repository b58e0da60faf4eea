#![no_main]
//! The frame decoder: `anguard::net::frame::Frame::parse` on one frame's bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| anguard_fuzz::frame(data));
