//! An `Option` of an encoded word is the word itself: the stored form of a
//! code word is never zero, and `None` is zero. A word is stored as the code
//! word minus `M = A·2^N`, modulo 2^W: code words are below `M`, so stored
//! words lie in `[2^W − M, 2^W)`, and as `M ≤ 2^(W − 16)` every one has its
//! top 16 bits set. So `None` is at least 16 bit flips from every `Some`,
//! and a flip of fewer bits of a `None` gives a `Some` whose word is invalid.

use anguard::an::{AnBool, AnI8, AnI16, AnI64, AnIsize, AnU8, AnU16, AnU32, AnU64, AnUsize};
use anguard::state::{Flip, State, Visitor};

/// The 64-bit limbs an `Option` shows, with a flip applied to limb `at`.
struct FlipLimb {
    at: usize,
    mask: u64,
    seen: usize,
    valid_after: Vec<bool>,
}

impl Visitor for FlipLimb {
    fn word(&mut self, word: &mut dyn Flip) {
        if self.seen == self.at {
            word.flip(self.mask);
        }
        self.valid_after.push(word.is_valid());
        self.seen += 1;
    }
    fn uncovered(&mut self, _: &mut dyn Flip) {}
    /// The word, whether `Some` or `None`.
    fn tagged(&mut self, word: &mut dyn Flip, _: bool) {
        self.word(word);
    }
}

fn flipped<T: State + Default>(mut state: T, at: usize, mask: u64) -> (T, bool) {
    let mut v = FlipLimb {
        at,
        mask,
        seen: 0,
        valid_after: Vec::new(),
    };
    state.visit(&mut v);
    let valid = v.valid_after.iter().all(|&valid| valid);
    (state, valid)
}

#[test]
fn an_option_is_one_word() {
    assert_eq!(size_of::<Option<AnU32>>(), size_of::<u64>());
    assert_eq!(size_of::<Option<AnU8>>(), size_of::<u64>());
    assert_eq!(size_of::<Option<AnBool>>(), size_of::<u64>());
    assert_eq!(size_of::<Option<AnU64>>(), size_of::<u128>());
    assert_eq!(size_of::<Option<AnIsize>>(), size_of::<AnIsize>());
}

/// Every value of the 8- and 16-bit types and `bool`: the stored word has
/// its 16 top bits set, and is the code word minus `M`.
#[test]
fn every_narrow_stored_word_has_its_top_16_bits_set() {
    let top = 0xffffu64 << 48;
    let m = |bits: u32| AnU32::A << bits;
    let stored_is = |raw: u64, stored: u64, bits: u32| {
        assert_eq!(stored & top, top, "{stored:#x}");
        assert_eq!(stored, raw.wrapping_sub(m(bits)));
        assert!(stored.count_ones() >= 16);
    };
    for x in 0..=u16::MAX {
        let (u, i) = (AnU16::encode(x), AnI16::encode(x as i16));
        stored_is(u.to_raw(), u.to_stored(), 16);
        stored_is(i.to_raw(), i.to_stored(), 16);
    }
    for x in 0..=u8::MAX {
        let (u, i) = (AnU8::encode(x), AnI8::encode(x as i8));
        stored_is(u.to_raw(), u.to_stored(), 8);
        stored_is(i.to_raw(), i.to_stored(), 8);
    }
    for b in [AnBool::FALSE, AnBool::TRUE] {
        stored_is(b.to_raw(), b.to_stored(), 1);
    }
}

/// Wider types, by their bounds: every code word is below `M = A·2^N`, so
/// every stored word is at least `2^W − M`, and these `M` are at most
/// `2^(W − 16)`, so all stored words share those top 16 set bits.
#[test]
fn every_wide_stored_word_has_its_top_16_bits_set() {
    assert!(u128::from(AnU32::A) << 32 <= 1 << 48);
    assert!(u128::from(AnU64::A) << 64 <= 1 << 112);
    let top = 0xffffu64 << 48;
    for x in [0, 1, 7, 1 << 31, u32::MAX] {
        let word = AnU32::encode(x);
        assert_eq!(word.to_stored() & top, top);
        assert_eq!(word.to_stored(), word.to_raw().wrapping_sub(AnU32::A << 32));
    }
    let top = 0xffffu128 << 112;
    for x in [0, 1, u64::MAX, 1 << 63] {
        assert_eq!(AnU64::encode(x).to_stored() & top, top);
        assert_eq!(AnUsize::encode(x as usize).to_stored() & top, top);
    }
    assert_eq!(AnI64::encode(i64::MIN).to_stored() & top, top);
}

/// A flip of up to 3 bits of a `Some` never gives `None`, and gives an
/// invalid word; a `None` flipped in up to 3 bits gives an invalid `Some`.
#[test]
fn flips_of_an_option_are_detected_and_never_switch_the_tag() {
    let mut masks = Vec::new();
    for i in 0..64 {
        masks.push(1u64 << i);
        for j in 0..i {
            masks.push(1 << i | 1 << j);
            for k in (0..j).step_by(7) {
                masks.push(1 << i | 1 << j | 1 << k);
            }
        }
    }
    for &mask in &masks {
        for value in [
            Some(AnU32::encode(0)),
            Some(AnU32::MAX),
            Some(AnU32::encode(7)),
        ] {
            let (after, valid) = flipped(value, 0, mask);
            assert!(after.is_some() && !valid, "{value:?} ^ {mask:#x}");
        }
        let (after, valid) = flipped(None::<AnU32>, 0, mask);
        assert!(after.is_some() && !valid, "None ^ {mask:#x}");
        for at in 0..2 {
            let (after, valid) = flipped(Some(AnI64::encode(-1)), at, mask);
            assert!(after.is_some() && !valid, "limb {at} ^ {mask:#x}");
        }
        let (after, valid) = flipped(None::<AnI64>, 0, mask);
        assert!(after.is_some() && !valid, "None ^ {mask:#x}");
    }
    // Undoing the flip restores the value exactly.
    let (after, _) = flipped(Some(AnU32::encode(5)), 0, 1 << 9);
    assert_eq!(flipped(after, 0, 1 << 9), (Some(AnU32::encode(5)), true));
    let (after, _) = flipped(None::<AnU32>, 0, 1 << 60);
    assert_eq!(flipped(after, 0, 1 << 60), (None, true));
}
