//! The plain copy's arithmetic hook, `anguard::__alu!`, which `#[an_encode]`
//! wraps around each arithmetic expression of `plain`: the identity in a
//! normal build; with feature `inject`, every operation of the expression
//! goes through the injection point that `AnU32`'s operations use, and
//! counts as they do. Run both: `cargo test -p anguard --test an_alu` and
//! `cargo test -p anguard --features inject --test an_alu`.

use anguard::__alu;

fn next(counter: &mut usize) -> usize {
    *counter += 1;
    *counter - 1
}

#[test]
fn computes_what_the_expression_computes() {
    let (a, b, c) = (7u32, 5u32, 3u32);
    assert_eq!(__alu!(a + b * c - (a ^ c) % b), a + b * c - (a ^ c) % b);
    assert_eq!(__alu!(a.wrapping_sub(b).pow(2)), 4);
    assert_eq!(__alu!(u64::from(a) << 40), 7 << 40);
    assert_eq!(__alu!(1.5f64 * 2.0), 3.0);
    let yes = std::hint::black_box(true);
    assert!(__alu!(yes ^ false));
    let mut s = String::from("a");
    __alu!(s += "b");
    assert_eq!(s, "ab");
    let mut x = 1u32;
    __alu!(x <<= 3);
    __alu!(x += x);
    assert_eq!(x, 16);
}

/// At the start of a statement, a hooked expression still continues into
/// what follows it, as the expression did.
#[test]
fn continues_at_the_start_of_a_statement() {
    fn method(a: u32, b: u32) -> u32 {
        __alu!(a.wrapping_add(b)).count_ones()
    }
    fn cast(a: u32, b: u32) -> u64 {
        __alu!(a.wrapping_mul(b)) as u64
    }
    fn operator(a: u32, b: u32) -> bool {
        __alu!(a.wrapping_sub(b)) > 3
    }
    assert_eq!(method(3, 4), 3);
    assert_eq!(cast(u32::MAX, 2), u64::from(u32::MAX - 1));
    assert!(operator(1, 2));
}

/// The place of a compound assignment is evaluated once, after its
/// right-hand side (the order of primitive types).
#[test]
fn compound_assignment_evaluates_each_side_once() {
    let mut v = [10u32, 20, 30];
    let mut calls = 0;
    __alu!(v[next(&mut calls)] += 1);
    assert_eq!((v, calls), ([11, 20, 30], 1));
    let mut order = Vec::new();
    let mut w = [0u32; 2];
    __alu!(
        w[{
            order.push("place");
            1
        }] += {
            order.push("rhs");
            5
        }
    );
    assert_eq!((w, order), ([0, 5], vec!["rhs", "place"]));
    let last = v.len() - 1;
    __alu!(v[last] -= v[0]);
    assert_eq!(v, [11, 20, 19]);
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "attempt to add with overflow")]
fn overflow_panics_as_written() {
    let x = std::hint::black_box(u32::MAX);
    let _ = __alu!(x + 1);
}

#[cfg(not(feature = "inject"))]
#[test]
fn is_the_identity_without_the_feature() {
    // In a const context only the identity compiles.
    const SUM: u32 = __alu!(2 + 3);
    assert_eq!(SUM, 5);
}

#[cfg(feature = "inject")]
mod injection {
    use anguard::an::{AnBool, AnI16, AnU8, AnU64, AnUsize};
    use anguard::inject::alu;
    use anguard::{__alu, AnU32};

    /// How many operations `f` sends through the injection point.
    fn count<R>(f: impl FnOnce() -> R) -> u64 {
        let before = alu::operations();
        let _ = std::hint::black_box(f());
        alu::operations() - before
    }

    fn e(x: u32) -> AnU32 {
        AnU32::encode(x)
    }

    #[test]
    fn each_u32_operation_counts_as_its_encoded_twin_does() {
        let (a, b, c) = (7u32, 5u32, 3u32);
        let (ea, eb, ec) = (e(a), e(b), e(c));
        let same = |plain: u64, encoded: u64| assert_eq!(plain, encoded);
        same(count(|| __alu!(a + b * c)), count(|| ea + eb * ec));
        same(
            count(|| __alu!((a - c) / b % c)),
            count(|| (ea - ec) / eb % ec),
        );
        same(
            count(|| __alu!(a << 2 | b & c ^ a >> 1)),
            count(|| ea << 2 | eb & ec ^ ea >> 1),
        );
        same(
            count(|| __alu!(a.wrapping_add(b))),
            count(|| ea.wrapping_add(eb)),
        );
        same(
            count(|| __alu!(a.checked_sub(b))),
            count(|| ea.checked_sub(eb)),
        );
        same(
            count(|| __alu!(b.checked_sub(a))),
            count(|| eb.checked_sub(ea)),
        );
        same(
            count(|| __alu!(a.overflowing_mul(b))),
            count(|| ea.overflowing_mul(eb)),
        );
        same(
            count(|| __alu!(a.saturating_sub(b))),
            count(|| ea.saturating_sub(eb)),
        );
        same(count(|| __alu!(a.abs_diff(b))), count(|| ea.abs_diff(eb)));
        same(count(|| __alu!(a.pow(2))), count(|| ea.pow(2)));
        same(
            count(|| __alu!(a.wrapping_pow(13))),
            count(|| ea.wrapping_pow(13)),
        );
        same(count(|| __alu!(a.div_ceil(c))), count(|| ea.div_ceil(ec)));
        same(count(|| __alu!(a & !b)), count(|| ea & !eb));
        same(
            count(|| a.is_multiple_of(b)),
            count(|| ea.is_multiple_of(eb)),
        );
        same(count(|| a.min(b).max(c)), count(|| ea.min(eb).max(ec)));
        let mut x = a;
        let mut y = ea;
        same(count(|| __alu!(x += b)), count(|| y += eb));
        // Every integer width and `bool` counts as its encoded twin does.
        same(
            count(|| __alu!(u64::from(a) * 3 + 1)),
            count(|| AnU64::encode(u64::from(a)) * 3 + 1),
        );
        same(
            count(|| __alu!(a as usize + 1)),
            count(|| AnUsize::encode(a as usize) + 1),
        );
        same(
            count(|| __alu!(i16::from(-3i8) - 4)),
            count(|| AnI16::encode(-3) - 4),
        );
        let (p, q) = (true, false);
        same(
            count(|| __alu!(p & q | p)),
            count(|| AnBool::encode(p) & AnBool::encode(q) | AnBool::encode(p)),
        );
        same(
            count(|| __alu!((a as u8).wrapping_add(1))),
            count(|| AnU8::encode(a as u8).wrapping_add(AnU8::encode(1))),
        );
        same(
            count(|| __alu!((a as u8) ^ 0x5a)),
            count(|| AnU8::encode(a as u8) ^ 0x5a),
        );
        // Other types pass uncounted: they have no encoded twin.
        assert_eq!(count(|| __alu!(1.5f64 * 2.0)), 0);
    }

    #[test]
    fn an_armed_fault_strikes_the_chosen_operation() {
        let (a, b, c) = (7u32, 5u32, 3u32);
        // The second operation of `a + b * c` is the addition.
        alu::arm(1, 1 << 4);
        let struck = __alu!(a + b * c);
        assert!(alu::fired());
        assert_eq!(struck, (a + b * c) ^ (1 << 4));
        alu::arm(0, 1);
        let mut x = 10u32;
        __alu!(x -= 4);
        assert_eq!(x, 6 ^ 1);
        alu::arm(0, 1 << 31);
        assert_eq!(__alu!(a.checked_add(b)), Some(12 | 1 << 31));
        alu::disarm();
        assert_eq!(__alu!(a + b * c), 22, "disarmed");
    }

    #[test]
    fn the_same_fault_in_an_encoded_operation_is_detected() {
        alu::arm(1, 1 << 4);
        let struck = e(7) + e(5) * e(3);
        assert!(alu::fired());
        assert!(!struck.is_valid());
        alu::disarm();
    }
}
