//! What a fault does to the bits it hits.

use rand::Rng;
use rand::rngs::SmallRng;

/// What a fault does to the bits it hits. Every kind applies to a target of
/// any width (a word, a flag, an alarm's time) through [`mask`](Self::mask),
/// and to a message's bytes through [`strike_bytes`](Self::strike_bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// One bit flipped.
    OneBit,
    /// Two distinct bits flipped.
    TwoBits,
    /// Three distinct bits flipped.
    ThreeBits,
    /// One byte replaced by a different random one.
    RandomByte,
    /// The whole word replaced by a different random one.
    RandomWord,
}

impl Kind {
    /// Every kind, in the order a campaign takes them in turn.
    pub const ALL: [Kind; 5] = [
        Kind::OneBit,
        Kind::TwoBits,
        Kind::ThreeBits,
        Kind::RandomByte,
        Kind::RandomWord,
    ];

    /// The kind's name, as records and tables show it.
    pub const fn name(self) -> &'static str {
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

    /// Corrupts a message's bytes: bits anywhere, a byte, or a word-sized run
    /// of bytes (`word_bytes`: 4 plain, 8 encoded). Always changes something
    /// in a non-empty message.
    pub fn strike_bytes(self, bytes: &mut [u8], word_bytes: usize, rng: &mut SmallRng) {
        if bytes.is_empty() {
            return;
        }
        let bits = bytes.len() * 8;
        let mut flip_bit = |bit: usize| bytes[bit / 8] ^= 1 << (bit % 8);
        match self {
            Kind::OneBit => flip_bit(rng.random_range(0..bits)),
            Kind::TwoBits | Kind::ThreeBits => {
                let count = if self == Kind::TwoBits { 2 } else { 3 };
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
                let run = if self == Kind::RandomByte {
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
}

impl core::fmt::Display for Kind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
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
                kind.strike_bytes(&mut bytes, 8, &mut rng);
                assert_ne!(bytes, original, "{kind:?}");
            }
        }
    }
}
