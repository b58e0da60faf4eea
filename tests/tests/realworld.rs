//! The real-world measurement corpus (`anguard_tests::realworld`): sixteen
//! pieces of u32 code written the way published crates write them, compiled
//! unchanged under `#[an_encode]`. Each runs through `plain` and `encoded` on
//! the same proptest inputs and must return the same values (decoded) or
//! panic the same way. Results whose types differ between the builds (the
//! modules' own enums and structs) are compared through `Debug`, which
//! prints an `AnU32` as its value.

use std::hash::Hasher;

use anguard::AnU32;
use anguard_tests::differential::{Decode, assert_same, encode_all};
use anguard_tests::realworld::*;
use proptest::prelude::*;
use rand_core::{RngCore, SeedableRng};

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..200)
}

fn debug(value: impl std::fmt::Debug) -> String {
    format!("{value:?}")
}

/// Runs `body` against a module's `plain` and then its `encoded` build, as
/// `m`, where both take and return the same types.
macro_rules! alike {
    ($module:ident, |$m:ident| $body:expr) => {
        assert_same(
            || {
                use $module::plain as $m;
                $body
            },
            || {
                use $module::encoded as $m;
                $body
            },
        )
    };
}

proptest! {
    #[test]
    fn adler32_agrees(data in bytes(), split in any::<prop::sample::Index>(), start in any::<u32>()) {
        use adler32::{encoded, plain};
        let at = split.index(data.len() + 1);
        assert_same(
            || {
                let mut h = plain::Adler32::from_checksum(start);
                h.write(&data[..at]);
                h.write(&data[at..]);
                (plain::adler32(&data), h.checksum(), h.finish())
            },
            || {
                let mut h = encoded::Adler32::from_checksum(start.into());
                h.write(&data[..at]);
                h.write(&data[at..]);
                (encoded::adler32(&data), h.checksum(), h.finish()).decode()
            },
        );
    }

    #[test]
    fn crc32_agrees(data in bytes(), init in any::<u32>()) {
        use crc32::{encoded, plain};
        assert_same(
            || {
                let mut h = plain::Crc32::new_with_initial(init);
                h.update(&data);
                (plain::hash(&data), h.finish(), h.finalize())
            },
            || {
                let mut h = encoded::Crc32::new_with_initial(init.into());
                h.update(&data);
                (encoded::hash(&data), h.finish(), h.finalize()).decode()
            },
        );
    }

    #[test]
    fn fnv1a_agrees(data in bytes(), key in any::<u32>(), words in prop::collection::vec(any::<u32>(), 0..20)) {
        use fnv1a::{encoded, plain};
        assert_same(
            || {
                let mut h = plain::FnvHasher::default();
                h.write(&data);
                h.write_u32(key);
                (h.finish(), h.state(), plain::hash_words(key, &words))
            },
            || {
                let mut h = encoded::FnvHasher::default();
                h.write(&data);
                h.write_u32(key);
                (h.finish(), h.state(), encoded::hash_words(key.into(), &encode_all(&words))).decode()
            },
        );
    }

    #[test]
    fn murmur3_agrees(data in bytes(), seed in any::<u32>()) {
        use murmur3::{encoded, plain};
        assert_same(
            || plain::murmur3_32(&data, seed),
            || encoded::murmur3_32(&data, seed.into()).decode(),
        );
    }

    #[test]
    fn xxhash32_agrees(data in bytes(), seed in any::<u32>()) {
        use xxhash32::{encoded, plain};
        assert_same(|| plain::xxh32(&data, seed), || encoded::xxh32(&data, seed.into()).decode());
    }

    #[test]
    fn xorshift_agrees(seed in any::<[u8; 16]>(), zero in any::<bool>(), len in 0usize..40) {
        let seed = if zero { [0; 16] } else { seed };
        alike!(xorshift, |m| {
            let mut rng = m::XorShiftRng::from_seed(seed);
            let mut fill = vec![0u8; len];
            rng.fill_bytes(&mut fill);
            ((0..8).map(|_| rng.next_u32()).collect::<Vec<_>>(), rng.next_u64(), fill)
        });
    }

    #[test]
    fn pcg32_agrees(seed in any::<[u8; 16]>(), range in any::<u32>()) {
        use pcg32::{encoded, plain};
        assert_same(
            || {
                let mut rng = plain::Pcg32::from_seed(seed);
                let below = if range == 0 { None } else { Some(rng.below(range)) };
                ((0..8).map(|_| rng.next_u32()).collect::<Vec<_>>(), rng.next_u64(), below)
            },
            || {
                let mut rng = encoded::Pcg32::from_seed(seed);
                let below = if range == 0 { None } else { Some(rng.below(range.into())) };
                ((0..8).map(|_| rng.next_u32()).collect::<Vec<_>>(), rng.next_u64(), below.decode())
            },
        );
    }

    #[test]
    fn splitmix32_agrees(seed in any::<u32>(), len in 0usize..30) {
        use splitmix32::{encoded, plain};
        assert_same(
            || {
                let mut rng = plain::SplitMix32::from(seed);
                let mut items: Vec<usize> = (0..len).collect();
                rng.shuffle(&mut items);
                (rng.by_ref().take(5).collect::<Vec<_>>(), f64::from(rng.next_f32()), items)
            },
            || {
                let mut rng = encoded::SplitMix32::from(AnU32::encode(seed));
                let mut items: Vec<usize> = (0..len).collect();
                rng.shuffle(&mut items);
                (rng.by_ref().take(5).collect::<Vec<_>>(), f64::from(rng.next_f32()), items).decode()
            },
        );
    }

    #[test]
    fn leb128_agrees(data in prop::collection::vec(any::<u8>(), 0..8), value in any::<u32>()) {
        use leb128::{encoded, plain};
        assert_same(
            || {
                let mut out = Vec::new();
                let n = plain::write_u32(&mut out, value);
                (debug(plain::read_u32(&data)), debug(plain::read_u32(&out)), n, out)
            },
            || {
                let mut out = Vec::new();
                let n = encoded::write_u32(&mut out, value.into());
                (debug(encoded::read_u32(&data)), debug(encoded::read_u32(&out)), n.decode(), out)
            },
        );
    }

    #[test]
    fn utf8_agrees(text in "\\PC{0,12}", noise in prop::collection::vec(any::<u8>(), 0..12)) {
        use utf8::{encoded, plain};
        let mut data = text.into_bytes();
        let valid = data.clone();
        data.extend(&noise);
        assert_same(
            || (debug(plain::decode(&data)), debug(plain::code_points(&data)), debug(plain::code_points(&valid))),
            || (debug(encoded::decode(&data)), debug(encoded::code_points(&data)), debug(encoded::code_points(&valid))),
        );
    }

    #[test]
    fn bitset_agrees(len in 0usize..100, ops in prop::collection::vec((0u8..3, 0usize..110), 0..40)) {
        use bitset::{encoded, plain};
        assert_same(
            || {
                let (mut a, mut b) = (plain::BitSet::with_capacity(len), plain::BitSet::with_capacity(len));
                let mut seen = Vec::new();
                for &(op, bit) in &ops {
                    match op {
                        0 if bit < len => seen.push(a.put(bit)),
                        1 => a.remove(bit),
                        _ if bit < len => { b.put(bit); }
                        _ => seen.push(a.contains(bit)),
                    }
                }
                a.union_with(&b);
                (a.ones().collect::<Vec<_>>(), a.count_ones(), seen, a.len(), b.is_empty())
            },
            || {
                let (mut a, mut b) = (encoded::BitSet::with_capacity(len.into()), encoded::BitSet::with_capacity(len.into()));
                let mut seen = Vec::new();
                for &(op, bit) in &ops {
                    match op {
                        0 if bit < len => seen.push(a.put(bit.into())),
                        1 => a.remove(bit.into()),
                        _ if bit < len => { b.put(bit.into()); }
                        _ => seen.push(a.contains(bit.into())),
                    }
                }
                a.union_with(&b);
                (a.ones().collect::<Vec<_>>(), a.count_ones(), seen, a.len(), b.is_empty()).decode()
            },
        );
    }

    #[test]
    fn raft_progress_agrees(
        start in 1u32..100,
        ops in prop::collection::vec((0u8..6, 0u32..120, 0u32..120), 0..40),
        matched in prop::collection::vec(0u32..1000, 0..7),
    ) {
        use raft_progress::{encoded, plain};
        assert_same(
            || {
                let mut p = plain::Progress::new(start);
                let mut seen = Vec::new();
                for &(op, x, y) in &ops {
                    match op {
                        0 => seen.push(p.maybe_update(x)),
                        1 => seen.push(p.maybe_decr_to(x, y)),
                        2 => p.become_probe(),
                        3 => p.become_replicate(),
                        4 => p.become_snapshot(x),
                        _ => seen.push(p.is_paused()),
                    }
                }
                let peers: Vec<_> = matched.iter().map(|&m| { let mut q = plain::Progress::new(1); q.maybe_update(m); q }).collect();
                (debug(&p), seen, plain::committed_index(&peers))
            },
            || {
                let mut p = encoded::Progress::new(start.into());
                let mut seen = Vec::new();
                for &(op, x, y) in &ops {
                    match op {
                        0 => seen.push(p.maybe_update(x.into())),
                        1 => seen.push(p.maybe_decr_to(x.into(), y.into())),
                        2 => p.become_probe(),
                        3 => p.become_replicate(),
                        4 => p.become_snapshot(x.into()),
                        _ => seen.push(p.is_paused()),
                    }
                }
                let peers: Vec<_> = matched.iter().map(|&m| { let mut q = encoded::Progress::new(AnU32::ONE); q.maybe_update(m.into()); q }).collect();
                (debug(&p), seen, encoded::committed_index(&peers).decode())
            },
        );
    }

    #[test]
    fn mt19937_agrees(seed in any::<u32>(), draws in 0usize..1400) {
        use mt19937::{encoded, plain};
        assert_same(
            || {
                let mut mt = plain::Mt19937::new(seed);
                (0..draws).map(|_| mt.next_u32()).collect::<Vec<_>>()
            },
            || {
                let mut mt = encoded::Mt19937::new(seed.into());
                (0..draws).map(|_| mt.next_u32()).collect::<Vec<_>>().decode()
            },
        );
    }

    #[test]
    fn halfsiphash_agrees(k0 in any::<u32>(), k1 in any::<u32>(), data in bytes(), split in any::<prop::sample::Index>()) {
        use halfsiphash::{encoded, plain};
        let at = split.index(data.len() + 1);
        assert_same(
            || {
                let mut h = plain::HalfSipHasher::new_with_keys(k0, k1);
                h.write(&data[..at]);
                h.write(&data[at..]);
                (h.finish32(), h.finish())
            },
            || {
                let mut h = encoded::HalfSipHasher::new_with_keys(k0.into(), k1.into());
                h.write(&data[..at]);
                h.write(&data[at..]);
                (h.finish32(), h.finish()).decode()
            },
        );
    }

    #[test]
    fn base64_agrees(data in bytes(), noise in prop::collection::vec(any::<u8>(), 0..20)) {
        use base64::{encoded, plain};
        let text = encode_base64(&data);
        assert_same(
            || (debug(plain::decode(&text)), debug(plain::decode(&noise))),
            || (debug(encoded::decode(&text)), debug(encoded::decode(&noise))),
        );
        prop_assert_eq!(plain::decode(&text), Ok(data));
    }

    #[test]
    fn fletcher32_agrees(data in bytes()) {
        use fletcher32::{encoded, plain};
        assert_same(|| plain::checksum(&data), || encoded::checksum(&data).decode());
    }
}

/// Standard base64 with padding, to feed the decoder valid input.
fn encode_base64(data: &[u8]) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    for chunk in data.chunks(3) {
        let bytes = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let group = u32::from_be_bytes([0, bytes[0], bytes[1], bytes[2]]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(group >> (18 - 6 * i) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}
