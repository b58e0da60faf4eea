//! Every operation of `AnU32` decodes to exactly what u32 computes, overflow
//! paths included: the same value, or the same panic message. Run in debug
//! (overflow checks on: both panic) and in release (both wrap).

mod outcome;

use anguard::AnU32;
use outcome::outcome;
use proptest::prelude::*;

fn e(x: u32) -> AnU32 {
    AnU32::encode(x)
}

/// Operands that hit the edges often: 0, 1, powers of two, u32::MAX.
fn operand() -> impl Strategy<Value = u32> {
    prop_oneof![
        3 => any::<u32>(),
        1 => 0u32..4,
        1 => (0u32..32).prop_map(|k| 1 << k),
        1 => (0u32..4).prop_map(|k| u32::MAX - k),
        1 => 0u32..70_000,
    ]
}

/// Asserts that an encoded operation agrees with u32's, values decoded.
macro_rules! agrees {
    ($plain:expr, $encoded:expr) => {{
        let plain = outcome(|| $plain);
        let encoded = outcome(|| $encoded);
        prop_assert_eq!(plain, encoded);
    }};
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn round_trip(x in any::<u32>()) {
        prop_assert_eq!(e(x).decode(), x);
        prop_assert_eq!(AnU32::from_raw(e(x).to_raw()), Ok(e(x)));
    }

    #[test]
    fn operators(x in operand(), y in operand()) {
        agrees!(x + y, (e(x) + e(y)).decode());
        agrees!(x - y, (e(x) - e(y)).decode());
        agrees!(x * y, (e(x) * e(y)).decode());
        agrees!(x / y, (e(x) / e(y)).decode());
        agrees!(x % y, (e(x) % e(y)).decode());
        agrees!(x & y, (e(x) & e(y)).decode());
        agrees!(x | y, (e(x) | e(y)).decode());
        agrees!(x ^ y, (e(x) ^ e(y)).decode());
        agrees!(!x, (!e(x)).decode());
        agrees!(x + 1, (e(x) + 1).decode());
        agrees!(y - x, (y - e(x)).decode());
    }

    #[test]
    fn assign_operators(x in operand(), y in operand()) {
        agrees!({ let mut v = x; v += y; v }, { let mut v = e(x); v += e(y); v.decode() });
        agrees!({ let mut v = x; v -= y; v }, { let mut v = e(x); v -= y; v.decode() });
        agrees!({ let mut v = x; v *= y; v }, { let mut v = e(x); v *= e(y); v.decode() });
        agrees!({ let mut v = x; v /= y; v }, { let mut v = e(x); v /= e(y); v.decode() });
        agrees!({ let mut v = x; v %= y; v }, { let mut v = e(x); v %= e(y); v.decode() });
        agrees!({ let mut v = x; v ^= y; v }, { let mut v = e(x); v ^= e(y); v.decode() });
    }

    #[test]
    fn shifts(x in operand(), k in 0u32..40) {
        agrees!(x << k, (e(x) << k).decode());
        agrees!(x >> k, (e(x) >> k).decode());
        agrees!(x << k, (e(x) << e(k)).decode());
        agrees!(x.wrapping_shl(k), e(x).wrapping_shl(k).decode());
        agrees!(x.wrapping_shr(k), e(x).wrapping_shr(k).decode());
        agrees!(x.checked_shl(k), e(x).checked_shl(k).map(AnU32::decode));
        agrees!(x.overflowing_shr(k), { let (v, o) = e(x).overflowing_shr(k); (v.decode(), o) });
    }

    #[test]
    fn comparisons(x in operand(), y in operand()) {
        prop_assert_eq!(x.cmp(&y), e(x).cmp(&e(y)));
        prop_assert_eq!(x == y, e(x) == e(y));
        prop_assert_eq!(x < y, e(x) < y);
        prop_assert_eq!(x >= y, x >= e(y));
        prop_assert_eq!(x.min(y), e(x).min(e(y)).decode());
        prop_assert_eq!(x.max(y), e(x).max(e(y)).decode());
        prop_assert_eq!(x.abs_diff(y), e(x).abs_diff(e(y)).decode());
    }

    #[test]
    fn families(x in operand(), y in operand()) {
        agrees!(x.wrapping_add(y), e(x).wrapping_add(e(y)).decode());
        agrees!(x.wrapping_sub(y), e(x).wrapping_sub(e(y)).decode());
        agrees!(x.wrapping_mul(y), e(x).wrapping_mul(e(y)).decode());
        agrees!(x.wrapping_div(y), e(x).wrapping_div(e(y)).decode());
        agrees!(x.wrapping_rem(y), e(x).wrapping_rem(e(y)).decode());
        agrees!(x.checked_add(y), e(x).checked_add(e(y)).map(AnU32::decode));
        agrees!(x.checked_sub(y), e(x).checked_sub(e(y)).map(AnU32::decode));
        agrees!(x.checked_mul(y), e(x).checked_mul(e(y)).map(AnU32::decode));
        agrees!(x.checked_div(y), e(x).checked_div(e(y)).map(AnU32::decode));
        agrees!(x.checked_rem(y), e(x).checked_rem(e(y)).map(AnU32::decode));
        agrees!(x.saturating_add(y), e(x).saturating_add(e(y)).decode());
        agrees!(x.saturating_sub(y), e(x).saturating_sub(e(y)).decode());
        agrees!(x.saturating_mul(y), e(x).saturating_mul(e(y)).decode());
        agrees!(x.saturating_div(y), e(x).saturating_div(e(y)).decode());
        agrees!(x.overflowing_add(y), { let (v, o) = e(x).overflowing_add(e(y)); (v.decode(), o) });
        agrees!(x.overflowing_sub(y), { let (v, o) = e(x).overflowing_sub(e(y)); (v.decode(), o) });
        agrees!(x.overflowing_mul(y), { let (v, o) = e(x).overflowing_mul(e(y)); (v.decode(), o) });
        agrees!(x.overflowing_div(y), { let (v, o) = e(x).overflowing_div(e(y)); (v.decode(), o) });
        agrees!(x.overflowing_rem(y), { let (v, o) = e(x).overflowing_rem(e(y)); (v.decode(), o) });
        agrees!(x.div_ceil(y), e(x).div_ceil(e(y)).decode());
        agrees!(x.is_multiple_of(y), e(x).is_multiple_of(e(y)));
        agrees!(x.clamp(y.min(7), y.max(7)), e(x).clamp(e(y.min(7)), e(y.max(7))).decode());
    }

    #[test]
    fn powers(x in operand(), k in 0u32..40) {
        agrees!(x.pow(k), e(x).pow(k).decode());
        agrees!(x.wrapping_pow(k), e(x).wrapping_pow(k).decode());
        agrees!(x.checked_pow(k), e(x).checked_pow(k).map(AnU32::decode));
        agrees!(x.saturating_pow(k), e(x).saturating_pow(k).decode());
        agrees!(x.overflowing_pow(k), { let (v, o) = e(x).overflowing_pow(k); (v.decode(), o) });
    }

    #[test]
    fn bit_queries(x in operand(), k in 0u32..40) {
        prop_assert_eq!(x.count_ones(), e(x).count_ones().decode());
        prop_assert_eq!(x.leading_zeros(), e(x).leading_zeros().decode());
        prop_assert_eq!(x.trailing_zeros(), e(x).trailing_zeros().decode());
        prop_assert_eq!(x.is_power_of_two(), e(x).is_power_of_two());
        prop_assert_eq!(x.rotate_left(k), e(x).rotate_left(k).decode());
        prop_assert_eq!(x.rotate_right(k), e(x).rotate_right(k).decode());
        prop_assert_eq!(x.swap_bytes(), e(x).swap_bytes().decode());
    }

    #[test]
    fn more_bit_methods(x in operand()) {
        agrees!(x.leading_ones(), e(x).leading_ones().decode());
        agrees!(x.trailing_ones(), e(x).trailing_ones().decode());
        agrees!(x.reverse_bits(), e(x).reverse_bits().decode());
        agrees!(x.next_power_of_two(), e(x).next_power_of_two().decode());
        agrees!(
            x.checked_next_power_of_two(),
            e(x).checked_next_power_of_two().map(AnU32::decode)
        );
        agrees!(x.wrapping_neg(), e(x).wrapping_neg().decode());
        agrees!(x.ilog2(), e(x).ilog2().decode());
        agrees!(x.checked_ilog2(), e(x).checked_ilog2().map(AnU32::decode));
        agrees!(x.isqrt(), e(x).isqrt().decode());
    }

    #[test]
    fn parsing(x in any::<u32>(), junk in "[-+ 0-9a-z]{0,12}") {
        let text = x.to_string();
        prop_assert_eq!(text.parse::<AnU32>().map(AnU32::decode), text.parse::<u32>());
        prop_assert_eq!(junk.parse::<AnU32>().map(AnU32::decode), junk.parse::<u32>());
        let wide = format!("{}", u64::from(x) + (1 << 32));
        prop_assert_eq!(wide.parse::<AnU32>().map(AnU32::decode), wide.parse::<u32>());
    }

    #[test]
    fn hash_is_the_values(x in any::<u32>()) {
        use std::hash::BuildHasher;
        let hasher = std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default();
        prop_assert_eq!(hasher.hash_one(e(x)), hasher.hash_one(x));
    }

    /// The same insertions and removals leave a `HashMap` keyed by encoded
    /// words iterating in the same order as one keyed by their values.
    #[test]
    fn hash_maps_iterate_in_the_same_order(
        ops in proptest::collection::vec((any::<bool>(), operand(), any::<u32>()), 0..200),
        seed in any::<u64>(),
    ) {
        use std::collections::HashMap;
        /// A seeded `RandomState` stand-in: both maps get the same keys.
        #[derive(Clone)]
        struct Seeded(u64);
        impl std::hash::BuildHasher for Seeded {
            type Hasher = std::collections::hash_map::DefaultHasher;
            fn build_hasher(&self) -> Self::Hasher {
                use std::hash::Hasher;
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                hasher.write_u64(self.0);
                hasher
            }
        }
        let mut plain: HashMap<u32, u32, Seeded> = HashMap::with_hasher(Seeded(seed));
        let mut encoded: HashMap<AnU32, AnU32, Seeded> = HashMap::with_hasher(Seeded(seed));
        for (insert, key, value) in ops {
            if insert {
                plain.insert(key, value);
                encoded.insert(e(key), e(value));
            } else {
                plain.remove(&key);
                encoded.remove(&e(key));
            }
        }
        let decoded: Vec<(u32, u32)> = encoded.iter().map(|(k, v)| (k.decode(), v.decode())).collect();
        let plain: Vec<(u32, u32)> = plain.into_iter().collect();
        prop_assert_eq!(decoded, plain);
    }

    #[test]
    fn conversions(x in any::<u32>(), wide in any::<u64>(), signed in any::<i32>()) {
        prop_assert_eq!(u64::from(e(x)), u64::from(x));
        prop_assert_eq!(AnU32::try_from(wide).map(AnU32::decode).ok(), u32::try_from(wide).ok());
        prop_assert_eq!(AnU32::try_from(signed).map(AnU32::decode).ok(), u32::try_from(signed).ok());
        prop_assert_eq!(u8::try_from(e(x)).ok(), u8::try_from(x).ok());
        prop_assert_eq!(usize::try_from(e(x)).ok(), usize::try_from(x).ok());
        prop_assert_eq!(AnU32::from(x as u16).decode(), u32::from(x as u16));
    }

    #[test]
    fn formatting(x in any::<u32>()) {
        prop_assert_eq!(format!("{}", e(x)), format!("{x}"));
        prop_assert_eq!(format!("{:?}", e(x)), format!("{x:?}"));
        prop_assert_eq!(format!("{:>12}", e(x)), format!("{x:>12}"));
        prop_assert_eq!(format!("{:#x}", e(x)), format!("{x:#x}"));
        prop_assert_eq!(format!("{:b}", e(x)), format!("{x:b}"));
    }

    #[test]
    fn serde_is_the_raw_word(x in any::<u32>()) {
        let config = bincode::config::legacy();
        let bytes = bincode::serde::encode_to_vec(e(x), config).unwrap();
        prop_assert_eq!(bytes.len(), 8);
        prop_assert_eq!(u64::from_le_bytes(bytes.clone().try_into().unwrap()), e(x).to_raw());
        let (back, _): (AnU32, usize) = bincode::serde::decode_from_slice(&bytes, config).unwrap();
        prop_assert_eq!(back, e(x));
    }

    #[test]
    fn deserializing_an_invalid_word_is_an_error(x in any::<u32>(), bit in 0u32..64) {
        let config = bincode::config::legacy();
        let flipped = e(x).to_raw() ^ (1u64 << bit);
        let bytes = bincode::serde::encode_to_vec(flipped, config).unwrap();
        let decoded: Result<(AnU32, usize), _> = bincode::serde::decode_from_slice(&bytes, config);
        prop_assert!(decoded.is_err());
    }
}

#[test]
fn constants_are_encoded_at_compile_time() {
    const SEVEN: AnU32 = AnU32::encode(7);
    assert_eq!(SEVEN.to_raw(), 7 * AnU32::A);
    assert_eq!(AnU32::MAX.decode(), u32::MAX);
    assert_eq!(AnU32::BITS.decode(), 32);
    assert_eq!(AnU32::default(), AnU32::ZERO);
}

#[test]
fn hash_agrees_with_eq() {
    use std::collections::HashSet;
    let set: HashSet<AnU32> = [1, 2, 2, 3].into_iter().map(e).collect();
    assert_eq!(set.len(), 3);
    assert!(set.contains(&e(2)));
}
