//! The cargo-fuzz targets of `fuzz/` (frame decoder, handshake check, TLS
//! server side, payload decoder), compiled here from the same source file and run on
//! stable over their seeds, every bit flip and truncation of each seed, and
//! random bytes. A bounded stand-in for the fuzzer, so that the targets
//! cannot rot; the proptests of `runtime/tests/net_hostile.rs`
//! (`frame_parser_takes_any_bytes`, `handshake_check_accepts_only_peers`,
//! `payload_decoder_takes_any_bytes`) cover the same functions from the
//! runtime's side.

#[path = "../../fuzz/src/lib.rs"]
mod targets;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// Runs `target` on each seed, each seed with one bit flipped (every bit),
/// every prefix of each seed, and `random` random inputs up to 96 bytes
/// (each starting with a seed's first byte half of the time, so that the
/// selector bytes of `handshake` and `payload` stay meaningful).
fn exercise(target: fn(&[u8]), seeds: &[Vec<u8>], random: usize) -> usize {
    let mut runs = 0;
    for seed in seeds {
        target(seed);
        for bit in 0..seed.len() * 8 {
            let mut flipped = seed.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            target(&flipped);
        }
        for len in 0..seed.len() {
            target(&seed[..len]);
        }
        runs += 1 + seed.len() * 9;
    }
    let mut rng = SmallRng::seed_from_u64(0x5eed);
    for i in 0..random {
        let len = rng.random_range(0..=96);
        let mut input: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        if i % 2 == 0
            && let (Some(first), Some(seed)) = (input.first_mut(), seeds.get(i % seeds.len()))
        {
            *first = seed[0];
        }
        target(&input);
    }
    runs + random
}

#[test]
fn frame_target_takes_any_bytes() {
    let seeds = targets::seeds();
    assert!(exercise(targets::frame, &seeds.frames, 50_000) > 50_000);
}

#[test]
fn handshake_target_takes_any_bytes() {
    let seeds = targets::seeds();
    assert!(exercise(targets::handshake, &seeds.handshakes, 50_000) > 50_000);
}

#[test]
fn tls_accept_target_takes_any_bytes() {
    let seeds = targets::seeds();
    assert!(exercise(targets::tls_accept, &seeds.tls, 5_000) > 5_000);
}

#[test]
fn payload_target_takes_any_bytes() {
    let seeds = targets::seeds();
    assert_eq!(seeds.payloads.len(), 12, "4 kinds of node × 3 ids");
    assert!(
        exercise(
            |d| {
                targets::payload(d);
            },
            &seeds.payloads,
            20_000
        ) > 20_000
    );
}

/// The seeds are valid inputs: the fuzzer starts from frames that parse, a
/// hello that passes the check, and payloads nodes accept.
#[test]
fn seeds_are_valid_inputs() {
    use anguard::net::frame::Frame;

    let seeds = targets::seeds();
    for frame in &seeds.frames {
        assert!(Frame::parse(frame.clone().into()).is_ok());
    }
    let plain_hello = &seeds.handshakes[0][1..];
    assert!(matches!(
        Frame::parse(plain_hello.to_vec().into()),
        Ok(Frame::Hello(_))
    ));
    // A ClientHello, and a recorded session (which, replayed, must not
    // complete: `tls_accept` asserts it).
    assert_eq!(seeds.tls[0][0], 0x16, "a TLS handshake record");
    assert!(seeds.tls[1].len() > seeds.tls[0].len());
    targets::tls_accept(&seeds.tls[1]);
    for input in &seeds.payloads {
        assert_eq!(
            targets::payload(input),
            0,
            "a seed payload was discarded: {input:?}"
        );
    }
    // And a flipped bit in an encoded word is caught: discarded, not acted on.
    let encoded_hale = &seeds.payloads[1];
    let mut flipped = encoded_hale.clone();
    flipped[1 + 1 + 4] ^= 0x10; // the first message's first word, past its tag
    assert_eq!(targets::payload(&flipped), 1);
}
