//! Where a fault hits and what it does to the bits.

use anguard::inject::{Flip, State, Visitor};
use rand::Rng;
use rand::rngs::SmallRng;
use serde::Serialize;

/// Where a fault hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Site {
    /// A word of the protocol's state: `AnU32` in the encoded build, the same
    /// field's `u32` in the plain one.
    StateWord,
    /// State the encoding does not cover: flags, `Option` tags, vector lengths.
    Uncovered,
    /// A message's bytes on the wire.
    Message,
    /// An alarm as the driver holds it: its id (encoded in the encoded
    /// build) or its time (always plain: the wrapper decoded it).
    Alarm,
    /// The result of an arithmetic operation (builds with feature `inject`).
    Arithmetic,
}

impl Site {
    pub const ALL: [Site; 5] = [
        Site::StateWord,
        Site::Uncovered,
        Site::Message,
        Site::Alarm,
        Site::Arithmetic,
    ];

    /// The sites this build can inject into.
    pub fn available() -> Vec<Site> {
        Site::ALL
            .into_iter()
            .filter(|&s| s != Site::Arithmetic || cfg!(feature = "inject"))
            .collect()
    }

    pub fn name(self) -> &'static str {
        match self {
            Site::StateWord => "state-word",
            Site::Uncovered => "uncovered",
            Site::Message => "message",
            Site::Alarm => "alarm",
            Site::Arithmetic => "arithmetic",
        }
    }
}

/// What a fault does to the bits it hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    OneBit,
    TwoBits,
    ThreeBits,
    RandomByte,
    RandomWord,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::OneBit,
        Kind::TwoBits,
        Kind::ThreeBits,
        Kind::RandomByte,
        Kind::RandomWord,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::OneBit => "1-bit",
            Kind::TwoBits => "2-bit",
            Kind::ThreeBits => "3-bit",
            Kind::RandomByte => "random-byte",
            Kind::RandomWord => "random-word",
        }
    }

    /// An XOR mask of this kind for a target `width` bits wide whose bits are
    /// `bits`; never zero, so the fault always changes something.
    pub fn mask(self, width: u32, bits: u64, rng: &mut SmallRng) -> u64 {
        let width = width.clamp(1, 64);
        let full = if width == 64 {
            u64::MAX
        } else {
            (1 << width) - 1
        };
        match self {
            Kind::OneBit => 1 << rng.random_range(0..width),
            Kind::TwoBits => distinct_bits(2, width, rng),
            Kind::ThreeBits => distinct_bits(3, width, rng),
            Kind::RandomByte => {
                let bytes = width.div_ceil(8);
                let shift = 8 * rng.random_range(0..bytes);
                let byte_mask = (0xffu64 << shift) & full;
                let replacement = (rng.random::<u64>() << shift) & byte_mask;
                nonzero((bits & byte_mask) ^ replacement, 1 << shift)
            }
            Kind::RandomWord => nonzero(bits ^ (rng.random::<u64>() & full), 1),
        }
    }
}

/// A mask of `count` distinct random bits below `width` (fewer if the
/// target is narrower).
fn distinct_bits(count: u32, width: u32, rng: &mut SmallRng) -> u64 {
    let mut mask = 0u64;
    while mask.count_ones() < count.min(width) {
        mask |= 1 << rng.random_range(0..width);
    }
    mask
}

/// A random replacement may equal what it replaces: then flip one bit.
fn nonzero(mask: u64, fallback: u64) -> u64 {
    if mask == 0 { fallback } else { mask }
}

/// Counts the targets a visit shows, at one site.
#[derive(Debug, Default)]
struct Count {
    words: usize,
    uncovered: usize,
}

impl Visitor for Count {
    fn word(&mut self, _: &mut dyn Flip) {
        self.words += 1;
    }
    fn uncovered(&mut self, _: &mut dyn Flip) {
        self.uncovered += 1;
    }
}

/// Corrupts the `index`-th target of a site during a visit.
struct Strike<'a> {
    covered: bool,
    index: usize,
    seen: usize,
    kind: Kind,
    rng: &'a mut SmallRng,
}

impl Strike<'_> {
    fn offer(&mut self, target: &mut dyn Flip) {
        if self.seen == self.index {
            let mask = self.kind.mask(target.width(), target.bits(), self.rng);
            target.flip(mask);
        }
        self.seen += 1;
    }
}

impl Visitor for Strike<'_> {
    fn word(&mut self, word: &mut dyn Flip) {
        if self.covered {
            self.offer(word);
        }
    }
    fn uncovered(&mut self, state: &mut dyn Flip) {
        if !self.covered {
            self.offer(state);
        }
    }
}

/// Corrupts one randomly chosen target of `state`: a word if `covered`, an
/// uncovered piece otherwise. Returns false if there is none.
pub fn strike_state(state: &mut dyn State, covered: bool, kind: Kind, rng: &mut SmallRng) -> bool {
    let mut count = Count::default();
    state.visit(&mut count);
    let targets = if covered {
        count.words
    } else {
        count.uncovered
    };
    if targets == 0 {
        return false;
    }
    let index = rng.random_range(0..targets);
    state.visit(&mut Strike {
        covered,
        index,
        seen: 0,
        kind,
        rng,
    });
    true
}

/// Corrupts message bytes: bits anywhere, a byte, or a word-sized run of
/// bytes (`word_bytes`: 4 plain, 8 encoded).
pub fn strike_bytes(bytes: &mut [u8], kind: Kind, word_bytes: usize, rng: &mut SmallRng) {
    if bytes.is_empty() {
        return;
    }
    let bits = bytes.len() * 8;
    let mut flip_bit = |bit: usize| bytes[bit / 8] ^= 1 << (bit % 8);
    match kind {
        Kind::OneBit => flip_bit(rng.random_range(0..bits)),
        Kind::TwoBits | Kind::ThreeBits => {
            let count = if kind == Kind::TwoBits { 2 } else { 3 };
            let mut chosen: Vec<usize> = Vec::with_capacity(count);
            while chosen.len() < count.min(bits) {
                let bit = rng.random_range(0..bits);
                if !chosen.contains(&bit) {
                    chosen.push(bit);
                }
            }
            chosen.into_iter().for_each(flip_bit);
        }
        Kind::RandomByte | Kind::RandomWord => {
            let run = if kind == Kind::RandomByte {
                1
            } else {
                word_bytes.min(bytes.len())
            };
            let start = rng.random_range(0..=bytes.len() - run);
            let before: Vec<u8> = bytes[start..start + run].to_vec();
            rng.fill(&mut bytes[start..start + run]);
            if bytes[start..start + run] == before[..] {
                bytes[start] ^= 1;
            }
        }
    }
}

/// A fingerprint of a state: every target's bits, in visiting order.
pub fn fingerprint(state: &mut dyn State) -> Vec<u64> {
    struct Collect(Vec<u64>);
    impl Visitor for Collect {
        fn word(&mut self, word: &mut dyn Flip) {
            self.0.push(word.bits());
        }
        fn uncovered(&mut self, state: &mut dyn Flip) {
            self.0.push(state.bits() | 1 << 63);
        }
    }
    let mut collect = Collect(Vec::new());
    state.visit(&mut collect);
    collect.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn masks_have_the_weight_their_kind_says() {
        let mut rng = SmallRng::seed_from_u64(7);
        for _ in 0..1000 {
            assert_eq!(Kind::OneBit.mask(64, 0, &mut rng).count_ones(), 1);
            assert_eq!(Kind::TwoBits.mask(32, 0, &mut rng).count_ones(), 2);
            assert_eq!(Kind::ThreeBits.mask(64, 0, &mut rng).count_ones(), 3);
            assert_eq!(Kind::ThreeBits.mask(1, 0, &mut rng).count_ones(), 1);
            let byte = Kind::RandomByte.mask(32, 0xdead_beef, &mut rng);
            assert!(byte != 0 && byte <= u64::from(u32::MAX));
            assert_eq!(
                byte.trailing_zeros() / 8,
                (63 - byte.leading_zeros()) / 8,
                "one byte"
            );
            assert_ne!(Kind::RandomWord.mask(32, 5, &mut rng), 0);
            assert!(Kind::RandomWord.mask(32, 5, &mut rng) <= u64::from(u32::MAX));
        }
    }

    #[test]
    fn byte_strikes_always_change_the_message() {
        let mut rng = SmallRng::seed_from_u64(3);
        for kind in Kind::ALL {
            for _ in 0..200 {
                let original = vec![0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9];
                let mut bytes = original.clone();
                strike_bytes(&mut bytes, kind, 8, &mut rng);
                assert_ne!(bytes, original, "{kind:?}");
            }
        }
    }
}
