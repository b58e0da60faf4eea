//! Seals: a check over replica state the AN code cannot encode.
//!
//! Keys, values and log entries are bytes and plain integers: no code word
//! holds them. The encoded build keeps each of them [`Sealed`]: beside the
//! value, its CRC-32C in an [`AnU32`]. Every read of the value checks the
//! seal (as every use of a code word checks it), so do the state scrub and
//! deserialization; a value that no longer matches its seal goes to the
//! fault policy, and the replica stops instead of answering with it. A
//! value sent on under its seal is not read: the receiver checks it as it
//! deserializes the message, and drops a message whose seal is broken; what
//! it copies of the value in that same handler needs no second check. The
//! plain build's seal is `()`: it keeps and checks nothing, as `u32` does.
//!
//! ```
//! use anguard::AnU32;
//! use anguard_protocols::kv::seal::Sealed;
//!
//! let value: Sealed<AnU32, Vec<u8>> = Sealed::keyed(b"k", b"v".to_vec());
//! assert_eq!(value.get_keyed(b"k"), b"v");
//! let plain: Sealed<u32, Vec<u8>> = Sealed::keyed(b"k", b"v".to_vec());
//! assert_eq!(plain.get_keyed(b"k"), b"v");
//! ```

use core::fmt::Debug;
use core::hash::Hash;
use core::ops::Bound;
use std::collections::BTreeMap;

use anguard::state::{Flip, State, Visitor};
use anguard::{AnU32, Word, fault};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::crc::Crc32c;
use super::effect::Origin;

/// A word type's seals: what its build keeps beside sealed state.
pub trait Sealing: Word {
    /// The seal: `()` for plain words, the encoded CRC-32C for encoded ones.
    type Seal: Copy + Debug + Default + Eq + Hash + Serialize + DeserializeOwned + Send + 'static;

    /// What a sealed value keeps, besides its contents, of where they came
    /// from, for its seal to be the seal it came under (see
    /// [`Stored`](super::effect::Stored)): `()` for plain words, which keep
    /// no seal; the term, client and sequence number of a SET entry for
    /// encoded ones.
    type Origin: Copy
        + Debug
        + Default
        + Eq
        + Hash
        + Serialize
        + DeserializeOwned
        + State
        + Send
        + 'static;

    /// The origin of what the entry of `term`, for request `seq` of
    /// `client`, stored.
    fn origin(term: u64, client: u64, seq: u64) -> Self::Origin;

    /// The seal of contents whose CRC-32C `crc` computes (plain: not called).
    fn seal(crc: impl FnOnce() -> u32) -> Self::Seal;

    /// Whether `seal` holds for contents whose CRC-32C `crc` computes
    /// (plain: always, `crc` not called).
    fn holds(seal: Self::Seal, crc: impl FnOnce() -> u32) -> bool;

    /// Shows `seal` to `v` as a word that is valid only if it holds for the
    /// contents `crc` computes (plain: nothing to show).
    fn visit(seal: &mut Self::Seal, crc: &dyn Fn() -> u32, v: &mut dyn Visitor);

    /// The seal's bits, for the fault report.
    fn bits(seal: Self::Seal) -> u64;
}

impl Sealing for u32 {
    type Seal = ();
    type Origin = ();
    #[inline]
    fn origin(_: u64, _: u64, _: u64) {}
    #[inline]
    fn seal(_: impl FnOnce() -> u32) {}
    #[inline]
    fn holds((): (), _: impl FnOnce() -> u32) -> bool {
        true
    }
    fn visit(_: &mut (), _: &dyn Fn() -> u32, _: &mut dyn Visitor) {}
    fn bits((): ()) -> u64 {
        0
    }
}

impl Sealing for AnU32 {
    type Seal = AnU32;
    type Origin = Origin;
    #[inline]
    fn origin(term: u64, client: u64, seq: u64) -> Origin {
        Origin { term, client, seq }
    }
    #[inline]
    fn seal(crc: impl FnOnce() -> u32) -> AnU32 {
        AnU32::encode(crc())
    }
    #[inline]
    fn holds(seal: AnU32, crc: impl FnOnce() -> u32) -> bool {
        seal.is_valid() && seal.decode() == crc()
    }
    fn visit(seal: &mut AnU32, crc: &dyn Fn() -> u32, v: &mut dyn Visitor) {
        seal.visit(&mut SealVisitor { inner: v, crc });
    }
    fn bits(seal: AnU32) -> u64 {
        seal.to_raw()
    }
}

/// Hands on the seal's word with a validity that also holds its contents.
struct SealVisitor<'a> {
    inner: &'a mut dyn Visitor,
    crc: &'a dyn Fn() -> u32,
}

impl Visitor for SealVisitor<'_> {
    fn word(&mut self, word: &mut dyn Flip) {
        self.inner.word(&mut SealWord {
            word,
            crc: self.crc,
        });
    }
    fn uncovered(&mut self, state: &mut dyn Flip) {
        self.inner.uncovered(state);
    }
}

/// A seal's code word: flips act on the word; valid if it is a code word
/// and the CRC-32C of the contents it seals.
struct SealWord<'a> {
    word: &'a mut dyn Flip,
    crc: &'a dyn Fn() -> u32,
}

impl Flip for SealWord<'_> {
    fn width(&self) -> u32 {
        self.word.width()
    }
    fn bits(&self) -> u64 {
        self.word.bits()
    }
    fn flip(&mut self, mask: u64) {
        self.word.flip(mask);
    }
    fn is_valid(&self) -> bool {
        AnU32::from_raw(self.word.bits()).is_ok_and(|seal| seal.decode() == (self.crc)())
    }
}

/// The CRC-32C of `key` and `value`, as their `Hash` writes them.
fn crc_of<K: Hash + ?Sized, T: Hash>(key: &K, value: &T) -> u32 {
    let mut crc = Crc32c::default();
    key.hash(&mut crc);
    value.hash(&mut crc);
    crc.value()
}

/// A value and, in the encoded build, its seal: the CRC-32C of the value
/// (and of the key it is stored under, if [`keyed`](Self::keyed)) in an
/// encoded word. Every read checks it; a value that does not match goes to
/// the fault policy. Deserializing one that does not match is an error (a
/// message carrying it is discarded).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: Deserialize<'de> + Hash"))]
#[serde(try_from = "Unchecked<W, T>")]
pub struct Sealed<W: Sealing, T> {
    value: T,
    seal: W::Seal,
}

/// A sealed value as it comes off the wire, before its seal is checked.
#[derive(Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
struct Unchecked<W: Sealing, T> {
    value: T,
    seal: W::Seal,
}

/// A deserialized value that does not match its seal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a sealed value does not match its seal")]
pub struct BrokenSeal;

impl<W: Sealing, T: Hash> TryFrom<Unchecked<W, T>> for Sealed<W, T> {
    type Error = BrokenSeal;
    fn try_from(Unchecked { value, seal }: Unchecked<W, T>) -> Result<Self, BrokenSeal> {
        let sealed = Sealed { value, seal };
        sealed.holds(&()).then_some(sealed).ok_or(BrokenSeal)
    }
}

impl<W: Sealing, T: Hash> Sealed<W, T> {
    /// `value`, sealed.
    pub fn new(value: T) -> Self {
        Self::keyed(&(), value)
    }

    /// `value` stored under `key`, sealed with it: read it back with the
    /// same key.
    pub fn keyed<K: Hash + ?Sized>(key: &K, value: T) -> Self {
        let seal = W::seal(|| crc_of(key, &value));
        Sealed { value, seal }
    }

    /// The value, once its seal is checked.
    #[track_caller]
    pub fn get(&self) -> &T {
        self.get_keyed(&())
    }

    /// The value stored under `key`, once its seal is checked against both.
    #[track_caller]
    pub fn get_keyed<K: Hash + ?Sized>(&self, key: &K) -> &T {
        if !self.holds(key) {
            fault::invalid_word(W::bits(self.seal), "kv: sealed value");
        }
        &self.value
    }

    /// The value, unchecked: for one deserialized in the handler now
    /// running (deserializing checks the seal), read before that handler
    /// ends. What is held from one event to the next is read with
    /// [`get`](Self::get).
    pub fn as_received(&self) -> &T {
        &self.value
    }

    /// What `f` makes of the value, unchecked: for a size that only decides
    /// how sealed values are grouped (how many entries go in one message),
    /// never what they are. Whoever reads the value checks it.
    pub fn measure<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.value)
    }

    /// The value, checked, as a value of its own.
    #[track_caller]
    pub fn into_inner(self) -> T {
        self.get();
        self.value
    }

    /// `other` under this value's seal, unchecked: for a value whose `Hash`
    /// (after the key it is read with, if any) writes what this one's does,
    /// so that the seal goes on covering what it covered (a SET entry's
    /// seal, carried to the value it stores). The next read checks it; one
    /// of a value that writes anything else fails.
    pub fn carried<U: Hash>(&self, other: U) -> Sealed<W, U> {
        Sealed {
            value: other,
            seal: self.seal,
        }
    }

    /// The value and the key it is sealed with, as one sealed pair, under
    /// the same seal (a pair's `Hash` writes the key, then the value, as a
    /// keyed seal covers them): nothing is recomputed, so the seal goes on
    /// covering what it covered, and the next read checks it.
    pub fn with_key<K: Hash>(self, key: K) -> Sealed<W, (K, T)> {
        Sealed {
            value: (key, self.value),
            seal: self.seal,
        }
    }

    fn holds<K: Hash + ?Sized>(&self, key: &K) -> bool {
        W::holds(self.seal, || crc_of(key, &self.value))
    }

    /// Shows the value, then the seal checked against `key` and the value.
    pub fn visit_keyed<K: Hash + ?Sized>(&mut self, key: &K, v: &mut dyn Visitor)
    where
        T: State,
    {
        self.value.visit(v);
        let value = &self.value;
        W::visit(&mut self.seal, &|| crc_of(key, value), v);
    }
}

impl<W: Sealing, K, T> Sealed<W, (K, T)> {
    /// The key, and the value sealed with it under the same seal (the
    /// inverse of [`with_key`](Sealed::with_key)).
    pub fn split_key(self) -> (K, Sealed<W, T>) {
        let (key, value) = self.value;
        (
            key,
            Sealed {
                value,
                seal: self.seal,
            },
        )
    }
}

/// The value's state, then (encoded) the seal, as a word valid only while
/// it holds for the value.
impl<W: Sealing, T: State + Hash> State for Sealed<W, T> {
    fn visit(&mut self, v: &mut dyn Visitor) {
        self.visit_keyed(&(), v);
    }
}

/// Shows the values of `map` in key order, each with its seal checked
/// against its key; to a visitor that asks for a window of `k` (the scrub),
/// only the `k` values after the key `last` (wrapping around), and `last`
/// moves on to the last of them.
pub fn visit_keyed_map<W: Sealing, T: State + Hash>(
    map: &mut BTreeMap<Vec<u8>, Sealed<W, T>>,
    last: &mut Option<Vec<u8>>,
    v: &mut dyn Visitor,
) {
    let Some(k) = v.window() else {
        for (key, value) in map.iter_mut() {
            value.visit_keyed(key, v);
        }
        return;
    };
    let k = k.min(map.len());
    let after = last.take().map_or(Bound::Unbounded, Bound::Excluded);
    let mut seen = 0;
    let tail = map.range_mut((after, Bound::Unbounded));
    for (key, value) in tail.take(k) {
        value.visit_keyed(key, v);
        *last = Some(key.clone());
        seen += 1;
    }
    for (key, value) in map.iter_mut().take(k - seen) {
        value.visit_keyed(key, v);
        *last = Some(key.clone());
    }
}

impl<W: Sealing, T: Hash> Sealed<W, T> {
    /// Whether the seal holds for the value stored under `key` (for tests
    /// of what the checks see).
    #[cfg(test)]
    pub(crate) fn is_intact<K: Hash + ?Sized>(&self, key: &K) -> bool {
        self.holds(key)
    }
}

#[cfg(test)]
mod tests {
    use anguard::fault::{Fault, Policy, with_policy};

    use super::*;

    fn caught(f: impl FnOnce() + std::panic::UnwindSafe) -> bool {
        with_policy(Policy::Panic, || {
            std::panic::catch_unwind(f).is_err_and(|payload| payload.is::<Fault>())
        })
    }

    #[test]
    fn every_flipped_byte_of_a_value_or_its_key_breaks_the_seal() {
        let key = b"key".to_vec();
        let sealed: Sealed<AnU32, Vec<u8>> = Sealed::keyed(&key[..], b"value".to_vec());
        for byte in 0..5 {
            for bit in 0..8 {
                let mut broken = sealed.clone();
                broken.value[byte] ^= 1 << bit;
                assert!(!broken.is_intact(&key));
                assert!(caught(move || {
                    broken.get_keyed(&b"key"[..]);
                }));
            }
        }
        let mut other = key.clone();
        other[0] ^= 1;
        assert!(!sealed.is_intact(&other));
        assert!(sealed.is_intact(&key));
    }

    #[test]
    fn a_keyed_seal_moves_to_the_pair_and_back_unchanged() {
        let sealed: Sealed<AnU32, Vec<u8>> = Sealed::keyed(&b"key"[..], b"value".to_vec());
        let pair = sealed.clone().with_key(b"key".to_vec());
        assert_eq!(pair.get(), &(b"key".to_vec(), b"value".to_vec()));
        let (key, back) = pair.clone().split_key();
        assert_eq!((key, back), (b"key".to_vec(), sealed));
        let mut broken = pair;
        broken.value.0[0] ^= 1;
        assert!(caught(move || {
            broken.get();
        }));
    }

    #[test]
    fn the_plain_build_keeps_no_seal_and_checks_nothing() {
        let mut sealed: Sealed<u32, Vec<u8>> = Sealed::keyed(&b"k"[..], b"v".to_vec());
        sealed.value[0] ^= 1;
        assert_eq!(sealed.get_keyed(&b"k"[..]), b"w");
        let mut bytes = Vec::new();
        anguard::payload::encode(&sealed, &mut bytes).unwrap();
        let mut unsealed = Vec::new();
        anguard::payload::encode(&b"w".to_vec(), &mut unsealed).unwrap();
        assert_eq!(bytes, unsealed, "a plain seal costs no byte on the wire");
    }

    #[test]
    fn a_value_that_does_not_match_its_seal_does_not_deserialize() {
        let sealed: Sealed<AnU32, Vec<u8>> = Sealed::new(b"value".to_vec());
        let mut bytes = Vec::new();
        anguard::payload::encode(&sealed, &mut bytes).unwrap();
        let back: Sealed<AnU32, Vec<u8>> = anguard::payload::decode(&bytes).unwrap();
        assert_eq!(back.get(), b"value");
        // Bincode: an 8-byte length, then the bytes.
        bytes[8] ^= 0x10;
        assert!(anguard::payload::decode::<Sealed<AnU32, Vec<u8>>>(&bytes).is_err());
    }

    /// Flips the first uncovered piece, then reports every word's validity.
    struct FlipFirstByte {
        flipped: bool,
        valid: Vec<bool>,
    }

    impl Visitor for FlipFirstByte {
        fn word(&mut self, word: &mut dyn Flip) {
            self.valid.push(word.is_valid());
        }
        fn uncovered(&mut self, state: &mut dyn Flip) {
            if !self.flipped {
                state.flip(1);
                self.flipped = true;
            }
        }
    }

    #[test]
    fn the_scrub_sees_a_broken_seal_as_an_invalid_word() {
        let mut sealed: Sealed<AnU32, Vec<u8>> = Sealed::keyed(&b"k"[..], b"v".to_vec());
        let mut visit = FlipFirstByte {
            flipped: true,
            valid: Vec::new(),
        };
        sealed.visit_keyed(&b"k"[..], &mut visit);
        assert_eq!(visit.valid, [true]);
        let mut visit = FlipFirstByte {
            flipped: false,
            valid: Vec::new(),
        };
        sealed.visit_keyed(&b"k"[..], &mut visit);
        assert_eq!(visit.valid, [false], "the value's byte was flipped");
    }
}
