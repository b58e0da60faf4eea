//! Operators on references to code words, as u32 has them: `&a & mask`,
//! `a + &b`, `&a * &b` (iterators and `match` bindings hand out references).

use core::ops::{Add, BitAnd, BitOr, BitXor, Div, Mul, Rem, Sub};

use super::AnU32;

macro_rules! by_reference {
    ($($trait:ident $method:ident;)*) => {$(
        impl $trait<AnU32> for &AnU32 {
            type Output = AnU32;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: AnU32) -> AnU32 {
                (*self).$method(rhs)
            }
        }
        impl $trait<u32> for &AnU32 {
            type Output = AnU32;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: u32) -> AnU32 {
                (*self).$method(rhs)
            }
        }
        impl $trait<&AnU32> for AnU32 {
            type Output = AnU32;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: &AnU32) -> AnU32 {
                self.$method(*rhs)
            }
        }
        impl $trait<&AnU32> for &AnU32 {
            type Output = AnU32;
            #[inline]
            #[track_caller]
            fn $method(self, rhs: &AnU32) -> AnU32 {
                (*self).$method(*rhs)
            }
        }
    )*};
}
by_reference! {
    Add add;
    Sub sub;
    Mul mul;
    Div div;
    Rem rem;
    BitAnd bitand;
    BitOr bitor;
    BitXor bitxor;
}

#[cfg(test)]
mod tests {
    use super::AnU32;

    #[test]
    fn references_compute_as_values() {
        let words = [AnU32::encode(12), AnU32::encode(10)];
        let [a, b] = words;
        // What iterating or matching on a slice hands out.
        let [x, y] = &words;
        assert_eq!((x & 8).decode(), 8);
        assert_eq!((x + b).decode(), 22);
        assert_eq!((a - y).decode(), 2);
        assert_eq!((x * y).decode(), 120);
        assert_eq!((x ^ y).decode(), 6);
    }
}
