//! [`State`] of the standard types protocol state is made of: each shows
//! its words, then what the encoding does not cover about it (a flag, an
//! `Option`'s tag, a vector's length), always in the same order.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::hash::BuildHasher;
use std::marker::PhantomData;

use super::{State, Visitor};

/// A plain build's word.
impl State for u32 {
    fn visit(&mut self, v: &mut dyn Visitor) {
        v.word(self);
    }
}

/// Integers other than `u32` and flags stay plain in both builds: uncovered.
macro_rules! uncovered {
    ($($t:ty),* $(,)?) => {$(
        impl State for $t {
            fn visit(&mut self, v: &mut dyn Visitor) {
                v.uncovered(self);
            }
        }
    )*};
}

uncovered!(bool, u8, u16, u64, usize, i8, i16, i32, i64, isize);

/// Nothing to visit.
macro_rules! empty {
    ($($t:ty),* $(,)?) => {$(
        impl State for $t {
            fn visit(&mut self, _: &mut dyn Visitor) {}
        }
    )*};
}

empty!(());

impl<T: ?Sized> State for PhantomData<T> {
    fn visit(&mut self, _: &mut dyn Visitor) {}
}

/// As the value's type says: by default the value if any, then the tag.
impl<T: State + Default> State for Option<T> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        T::visit_option(self, v);
    }
}

/// The elements, then the length.
impl<T: State + Default + Clone> State for Vec<T> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        self.iter_mut().for_each(|element| element.visit(v));
        v.uncovered(self);
    }
}

/// The elements, front to back, then the length.
impl<T: State + Default + Clone> State for VecDeque<T> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        self.iter_mut().for_each(|element| element.visit(v));
        v.uncovered(self);
    }
}

/// The elements (the length is part of the type).
impl<T: State, const N: usize> State for [T; N] {
    fn visit(&mut self, v: &mut dyn Visitor) {
        self.iter_mut().for_each(|element| element.visit(v));
    }
}

impl<T: State + ?Sized> State for Box<T> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        (**self).visit(v);
    }
}

/// The values, in key order (keys cannot change in place).
impl<K, V: State> State for BTreeMap<K, V> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        self.values_mut().for_each(|value| value.visit(v));
    }
}

/// The values, in key order, whatever order the map iterates in: the same
/// in both builds.
impl<K: Ord, V: State, S: BuildHasher> State for HashMap<K, V, S> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        let mut entries: Vec<(&K, &mut V)> = self.iter_mut().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        entries.into_iter().for_each(|(_, value)| value.visit(v));
    }
}

/// Each element in order.
macro_rules! tuples {
    ($(($($t:ident $i:tt),+)),* $(,)?) => {$(
        impl<$($t: State),+> State for ($($t,)+) {
            fn visit(&mut self, v: &mut dyn Visitor) {
                $(self.$i.visit(v);)+
            }
        }
    )*};
}

tuples!(
    (A 0),
    (A 0, B 1),
    (A 0, B 1, C 2),
    (A 0, B 1, C 2, D 3),
);
