//! Every encoded type decodes to exactly what its std type computes, overflow
//! paths included: the same value, or the same panic message. Run in debug
//! (overflow checks on: both panic) and in release (both wrap).

mod outcome;

use std::hash::{BuildHasher, RandomState};

use anguard::__private::CastInto;
use anguard::an::{An, AnBool};
use outcome::outcome;
use proptest::prelude::*;

/// The same hash as the std value's.
fn same_hash<T: std::hash::Hash, U: std::hash::Hash>(a: &T, b: &U) -> bool {
    let state = RandomState::new();
    state.hash_one(a) == state.hash_one(b)
}

/// Operations every integer type has.
macro_rules! common {
    ($t:ty) => {
        type E = An<$t>;

        fn e(x: $t) -> E {
            E::encode(x)
        }

        /// Extremes and small values, which random values rarely hit.
        fn value() -> impl Strategy<Value = $t> {
            prop_oneof![
                any::<$t>(),
                Just(<$t>::MIN),
                Just(<$t>::MAX),
                (-3i8..=3).prop_map(|x| x as $t),
            ]
        }

        proptest! {
            #[test]
            fn arithmetic(x in value(), y in value()) {
                prop_assert_eq!(outcome(|| (e(x) + e(y)).decode()), outcome(|| x + y));
                prop_assert_eq!(outcome(|| (e(x) - e(y)).decode()), outcome(|| x - y));
                prop_assert_eq!(outcome(|| (e(x) * e(y)).decode()), outcome(|| x * y));
                prop_assert_eq!(outcome(|| (e(x) / e(y)).decode()), outcome(|| x / y));
                prop_assert_eq!(outcome(|| (e(x) % e(y)).decode()), outcome(|| x % y));
                prop_assert_eq!(outcome(|| (e(x) + y).decode()), outcome(|| x + y));
                let (sum, o) = e(x).overflowing_add(e(y));
                prop_assert_eq!((sum.decode(), o), x.overflowing_add(y));
                let (difference, o) = e(x).overflowing_sub(e(y));
                prop_assert_eq!((difference.decode(), o), x.overflowing_sub(y));
                let (product, o) = e(x).overflowing_mul(e(y));
                prop_assert_eq!((product.decode(), o), x.overflowing_mul(y));
                prop_assert_eq!(e(x).wrapping_add(e(y)).decode(), x.wrapping_add(y));
                prop_assert_eq!(e(x).wrapping_sub(e(y)).decode(), x.wrapping_sub(y));
                prop_assert_eq!(e(x).wrapping_mul(e(y)).decode(), x.wrapping_mul(y));
                prop_assert_eq!(e(x).checked_add(e(y)).map(E::decode), x.checked_add(y));
                prop_assert_eq!(e(x).checked_sub(e(y)).map(E::decode), x.checked_sub(y));
                prop_assert_eq!(e(x).checked_mul(e(y)).map(E::decode), x.checked_mul(y));
                prop_assert_eq!(e(x).saturating_add(e(y)).decode(), x.saturating_add(y));
                prop_assert_eq!(e(x).saturating_sub(e(y)).decode(), x.saturating_sub(y));
                prop_assert_eq!(e(x).saturating_mul(e(y)).decode(), x.saturating_mul(y));
                prop_assert_eq!(e(x).checked_div(e(y)).map(E::decode), x.checked_div(y));
                prop_assert_eq!(e(x).checked_rem(e(y)).map(E::decode), x.checked_rem(y));
                prop_assert_eq!(outcome(|| e(x).wrapping_div(e(y)).decode()), outcome(|| x.wrapping_div(y)));
                prop_assert_eq!(outcome(|| e(x).wrapping_rem(e(y)).decode()), outcome(|| x.wrapping_rem(y)));
                prop_assert_eq!(outcome(|| e(x).saturating_div(e(y)).decode()), outcome(|| x.saturating_div(y)));
                prop_assert_eq!(
                    outcome(|| { let (q, o) = e(x).overflowing_div(e(y)); (q.decode(), o) }),
                    outcome(|| x.overflowing_div(y))
                );
                prop_assert_eq!(
                    outcome(|| { let (r, o) = e(x).overflowing_rem(e(y)); (r.decode(), o) }),
                    outcome(|| x.overflowing_rem(y))
                );
                prop_assert_eq!(e(x).abs_diff(e(y)).decode(), x.abs_diff(y));
                prop_assert_eq!((e(x) & e(y)).decode(), x & y);
                prop_assert_eq!((e(x) | e(y)).decode(), x | y);
                prop_assert_eq!((e(x) ^ e(y)).decode(), x ^ y);
                prop_assert_eq!((!e(x)).decode(), !x);
                prop_assert_eq!(e(x).wrapping_neg().decode(), x.wrapping_neg());
            }

            #[test]
            fn euclidean_division(x in value(), y in value()) {
                prop_assert_eq!(outcome(|| e(x).div_euclid(e(y)).decode()), outcome(|| x.div_euclid(y)));
                prop_assert_eq!(outcome(|| e(x).rem_euclid(e(y)).decode()), outcome(|| x.rem_euclid(y)));
                prop_assert_eq!(e(x).checked_div_euclid(e(y)).map(E::decode), x.checked_div_euclid(y));
                prop_assert_eq!(e(x).checked_rem_euclid(e(y)).map(E::decode), x.checked_rem_euclid(y));
                prop_assert_eq!(
                    outcome(|| e(x).wrapping_div_euclid(e(y)).decode()),
                    outcome(|| x.wrapping_div_euclid(y))
                );
                prop_assert_eq!(
                    outcome(|| e(x).wrapping_rem_euclid(e(y)).decode()),
                    outcome(|| x.wrapping_rem_euclid(y))
                );
                prop_assert_eq!(
                    outcome(|| { let (q, o) = e(x).overflowing_div_euclid(e(y)); (q.decode(), o) }),
                    outcome(|| x.overflowing_div_euclid(y))
                );
                prop_assert_eq!(
                    outcome(|| { let (r, o) = e(x).overflowing_rem_euclid(e(y)); (r.decode(), o) }),
                    outcome(|| x.overflowing_rem_euclid(y))
                );
            }

            #[test]
            fn order(x in value(), y in value()) {
                prop_assert_eq!(e(x).cmp(&e(y)), x.cmp(&y));
                prop_assert_eq!(e(x) == e(y), x == y);
                prop_assert_eq!(e(x) < y, x < y);
                prop_assert_eq!(x < e(y), x < y);
                prop_assert_eq!(e(x).min(e(y)).decode(), x.min(y));
                prop_assert_eq!(e(x).max(e(y)).decode(), x.max(y));
                let (low, high) = (x.min(y), x.max(y));
                prop_assert_eq!(e(x).clamp(e(low), e(high)).decode(), x.clamp(low, high));
            }

            #[test]
            fn shifts_and_powers(x in value(), k in 0u32..(2 * <$t>::BITS), exp in 0u32..70) {
                prop_assert_eq!(outcome(|| (e(x) << k).decode()), outcome(|| x << k));
                prop_assert_eq!(outcome(|| (e(x) >> k).decode()), outcome(|| x >> k));
                prop_assert_eq!(outcome(|| (e(x) << An::<u8>::encode(k as u8)).decode()), outcome(|| x << (k as u8)));
                prop_assert_eq!(e(x).wrapping_shl(k).decode(), x.wrapping_shl(k));
                prop_assert_eq!(e(x).wrapping_shr(k).decode(), x.wrapping_shr(k));
                prop_assert_eq!(e(x).checked_shl(k).map(E::decode), x.checked_shl(k));
                prop_assert_eq!(e(x).checked_shr(k).map(E::decode), x.checked_shr(k));
                prop_assert_eq!(outcome(|| e(x).pow(exp).decode()), outcome(|| x.pow(exp)));
                prop_assert_eq!(e(x).wrapping_pow(exp).decode(), x.wrapping_pow(exp));
                prop_assert_eq!(e(x).checked_pow(exp).map(E::decode), x.checked_pow(exp));
                prop_assert_eq!(e(x).saturating_pow(exp).decode(), x.saturating_pow(exp));
                let (power, o) = e(x).overflowing_pow(exp);
                prop_assert_eq!((power.decode(), o), x.overflowing_pow(exp));
                prop_assert_eq!(e(x).rotate_left(k).decode(), x.rotate_left(k));
                prop_assert_eq!(e(x).rotate_right(k).decode(), x.rotate_right(k));
                prop_assert_eq!(e(x).count_ones().decode(), x.count_ones());
                prop_assert_eq!(e(x).leading_zeros().decode(), x.leading_zeros());
                prop_assert_eq!(e(x).trailing_zeros().decode(), x.trailing_zeros());
                prop_assert_eq!(e(x).reverse_bits().decode(), x.reverse_bits());
                prop_assert_eq!(e(x).swap_bytes().decode(), x.swap_bytes());
                prop_assert_eq!(e(x).checked_ilog2().map(|l| l.decode()), x.checked_ilog2());
            }

            #[test]
            fn surface_and_formatting(x in value()) {
                let word = e(x);
                prop_assert_eq!(E::from_raw(word.to_raw()).map(E::decode), Ok(x));
                prop_assert_eq!(E::default().decode(), <$t>::default());
                prop_assert_eq!(format!("{word} {word:?} {word:>6} {word:#x} {word:b}"), format!("{x} {x:?} {x:>6} {x:#x} {x:b}"));
                prop_assert!(same_hash(&word, &x));
                prop_assert_eq!(x.to_string().parse::<E>().map(E::decode), Ok(x));
                let (bytes, raw) = (
                    bincode::serde::encode_to_vec(word, bincode::config::standard()).unwrap(),
                    bincode::serde::encode_to_vec(word.to_raw(), bincode::config::standard()).unwrap(),
                );
                prop_assert_eq!(&bytes, &raw);
                let back: (E, usize) = bincode::serde::decode_from_slice(&bytes, bincode::config::standard()).unwrap();
                prop_assert_eq!(back.0.decode(), x);
                let corrupted = bincode::serde::encode_to_vec(word.to_raw() ^ 1, bincode::config::standard()).unwrap();
                prop_assert!(bincode::serde::decode_from_slice::<E, _>(&corrupted, bincode::config::standard()).is_err());
            }

            #[test]
            fn casts_and_conversions(x in value()) {
                let word = e(x);
                prop_assert_eq!(CastInto::<u8>::cast_into(word), x as u8);
                prop_assert_eq!(CastInto::<i64>::cast_into(word), x as i64);
                prop_assert_eq!(CastInto::<f64>::cast_into(word), x as f64);
                prop_assert_eq!(CastInto::<An<u16>>::cast_into(word).decode(), x as u16);
                prop_assert_eq!(CastInto::<An<i8>>::cast_into(word).decode(), x as i8);
                prop_assert_eq!(CastInto::<An<u64>>::cast_into(word).decode(), x as u64);
                prop_assert_eq!(CastInto::<An<isize>>::cast_into(word).decode(), x as isize);
                prop_assert_eq!(CastInto::<E>::cast_into(x as i16).decode(), x as i16 as $t);
                prop_assert_eq!(<$t>::from(word), x);
                prop_assert_eq!(E::from(x).decode(), x);
                prop_assert_eq!(An::<u8>::try_from(word).ok().map(An::decode), u8::try_from(x).ok());
                prop_assert_eq!(An::<i32>::try_from(word).ok().map(An::decode), i32::try_from(x).ok());
                prop_assert_eq!(i128::try_from(word).ok(), i128::try_from(x).ok());
                prop_assert_eq!(u64::try_from(word).ok(), u64::try_from(x).ok());
            }
        }
    };
}

macro_rules! unsigned {
    ($($module:ident: $t:ty, $s:ty;)*) => {$(
        mod $module {
            use super::*;
            common!($t);
            proptest! {
                #[test]
                fn methods_with_the_signed_twin(x in value(), y in value(), d in any::<$s>()) {
                    let s = An::<$s>::encode(d);
                    prop_assert_eq!(e(x).checked_add_signed(s).map(E::decode), x.checked_add_signed(d));
                    prop_assert_eq!(e(x).wrapping_add_signed(s).decode(), x.wrapping_add_signed(d));
                    prop_assert_eq!(e(x).saturating_add_signed(s).decode(), x.saturating_add_signed(d));
                    let (sum, o) = e(x).overflowing_add_signed(s);
                    prop_assert_eq!((sum.decode(), o), x.overflowing_add_signed(d));
                    prop_assert_eq!(e(x).cast_signed().decode(), x.cast_signed());
                    prop_assert_eq!(s.cast_unsigned().decode(), d.cast_unsigned());
                    prop_assert_eq!(s.checked_add_unsigned(e(x)).map(An::<$s>::decode), d.checked_add_unsigned(x));
                    prop_assert_eq!(s.checked_sub_unsigned(e(x)).map(An::<$s>::decode), d.checked_sub_unsigned(x));
                    prop_assert_eq!(s.wrapping_add_unsigned(e(x)).decode(), d.wrapping_add_unsigned(x));
                    prop_assert_eq!(s.saturating_add_unsigned(e(x)).decode(), d.saturating_add_unsigned(x));
                    prop_assert_eq!(outcome(|| e(x).next_multiple_of(e(y)).decode()), outcome(|| x.next_multiple_of(y)));
                    prop_assert_eq!(e(x).checked_next_multiple_of(e(y)).map(E::decode), x.checked_next_multiple_of(y));
                }

                #[test]
                fn unsigned_methods(x in value(), y in value()) {
                    prop_assert_eq!(outcome(|| e(x).div_ceil(e(y)).decode()), outcome(|| x.div_ceil(y)));
                    prop_assert_eq!(e(x).is_multiple_of(e(y)), x.is_multiple_of(y));
                    prop_assert_eq!(e(x).is_power_of_two(), x.is_power_of_two());
                    prop_assert_eq!(outcome(|| e(x).next_power_of_two().decode()), outcome(|| x.next_power_of_two()));
                    prop_assert_eq!(e(x).checked_next_power_of_two().map(E::decode), x.checked_next_power_of_two());
                    prop_assert_eq!(e(x).isqrt().decode(), x.isqrt());
                }
            }
        }
    )*};
}

macro_rules! signed {
    ($($module:ident: $t:ty;)*) => {$(
        mod $module {
            use super::*;
            common!($t);
            proptest! {
                #[test]
                fn signed_methods(x in value()) {
                    prop_assert_eq!(outcome(|| (-e(x)).decode()), outcome(|| -x));
                    prop_assert_eq!(outcome(|| e(x).abs().decode()), outcome(|| x.abs()));
                    prop_assert_eq!(e(x).checked_neg().map(E::decode), x.checked_neg());
                    prop_assert_eq!(e(x).saturating_neg().decode(), x.saturating_neg());
                    let (negated, o) = e(x).overflowing_neg();
                    prop_assert_eq!((negated.decode(), o), x.overflowing_neg());
                    prop_assert_eq!(e(x).wrapping_abs().decode(), x.wrapping_abs());
                    prop_assert_eq!(e(x).checked_abs().map(E::decode), x.checked_abs());
                    prop_assert_eq!(e(x).saturating_abs().decode(), x.saturating_abs());
                    prop_assert_eq!(e(x).unsigned_abs().decode(), x.unsigned_abs());
                    prop_assert_eq!(e(x).signum().decode(), x.signum());
                    prop_assert_eq!((e(x).is_negative(), e(x).is_positive()), (x.is_negative(), x.is_positive()));
                    prop_assert_eq!(outcome(|| e(x).isqrt().decode()), outcome(|| x.isqrt()));
                }
            }
        }
    )*};
}

unsigned! {
    u8_: u8, i8;
    u16_: u16, i16;
    u32_: u32, i32;
    u64_: u64, i64;
    usize_: usize, isize;
}

proptest! {
    #[test]
    fn an_encoded_byte_has_the_ascii_methods(b in any::<u8>(), c in any::<u8>()) {
        let (e, f) = (An::<u8>::encode(b), An::<u8>::encode(c));
        prop_assert_eq!(
            [
                e.is_ascii(), e.is_ascii_alphabetic(), e.is_ascii_uppercase(), e.is_ascii_lowercase(),
                e.is_ascii_alphanumeric(), e.is_ascii_digit(), e.is_ascii_hexdigit(),
                e.is_ascii_punctuation(), e.is_ascii_graphic(), e.is_ascii_whitespace(),
                e.is_ascii_control(), e.eq_ignore_ascii_case(&f),
            ],
            [
                b.is_ascii(), b.is_ascii_alphabetic(), b.is_ascii_uppercase(), b.is_ascii_lowercase(),
                b.is_ascii_alphanumeric(), b.is_ascii_digit(), b.is_ascii_hexdigit(),
                b.is_ascii_punctuation(), b.is_ascii_graphic(), b.is_ascii_whitespace(),
                b.is_ascii_control(), b.eq_ignore_ascii_case(&c),
            ]
        );
        prop_assert_eq!(e.to_ascii_uppercase().decode(), b.to_ascii_uppercase());
        prop_assert_eq!(e.to_ascii_lowercase().decode(), b.to_ascii_lowercase());
    }
}

signed! {
    i8_: i8;
    i16_: i16;
    i32_: i32;
    i64_: i64;
    isize_: isize;
}

#[test]
fn booleans_behave_as_bool() {
    for x in [false, true] {
        let b = AnBool::encode(x);
        assert_eq!((!b).decode(), !x);
        assert_eq!(AnBool::from_raw(b.to_raw()), Ok(b));
        assert_eq!(format!("{b} {b:?}"), format!("{x} {x:?}"));
        assert!(same_hash(&b, &x));
        assert_eq!(CastInto::<u8>::cast_into(b), x as u8);
        assert_eq!(CastInto::<An<i64>>::cast_into(b).decode(), i64::from(x));
        assert_eq!(An::<u16>::from(b).decode(), u16::from(x));
        for y in [false, true] {
            let c = AnBool::encode(y);
            assert_eq!(
                [(b & c).decode(), (b | c).decode(), (b ^ c).decode()],
                [x & y, x | y, x ^ y]
            );
            assert_eq!((b == c, b.cmp(&c)), (x == y, x.cmp(&y)));
        }
    }
    assert_eq!(
        (AnBool::FALSE.to_raw(), AnBool::TRUE.to_raw()),
        (0, AnBool::A)
    );
    assert!(AnBool::from_raw(2 * AnBool::A).is_err());
}
