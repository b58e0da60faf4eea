/// A fixed bit set as fixedbitset and bit-set write one: `u32` blocks,
/// `mask = 1 << (bit % BITS)`, an iterator over the set bits.
#[anguard::an_encode]
pub mod bitset {
    const BITS: usize = 32;

    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct BitSet {
        data: Vec<u32>,
        length: usize,
    }

    impl BitSet {
        pub fn with_capacity(bits: usize) -> Self {
            let blocks = bits.div_ceil(BITS);
            BitSet {
                data: vec![0; blocks],
                length: bits,
            }
        }

        pub fn len(&self) -> usize {
            self.length
        }

        pub fn is_empty(&self) -> bool {
            self.length == 0
        }

        /// Sets `bit`; returns whether it was set before.
        pub fn put(&mut self, bit: usize) -> bool {
            assert!(bit < self.length, "put at index {bit} exceeds bitset length {}", self.length);
            let (block, i) = (bit / BITS, bit % BITS);
            let word = &mut self.data[block];
            let prev = *word & (1 << i) != 0;
            *word |= 1 << i;
            prev
        }

        pub fn remove(&mut self, bit: usize) {
            if bit < self.length {
                let (block, i) = (bit / BITS, bit % BITS);
                self.data[block] &= !(1 << i);
            }
        }

        pub fn contains(&self, bit: usize) -> bool {
            let (block, i) = (bit / BITS, bit % BITS);
            match self.data.get(block) {
                Some(b) => (b & (1 << i)) != 0,
                None => false,
            }
        }

        pub fn count_ones(&self) -> usize {
            self.data.iter().map(|block| block.count_ones() as usize).sum()
        }

        pub fn union_with(&mut self, other: &BitSet) {
            for (x, y) in self.data.iter_mut().zip(other.data.iter()) {
                *x |= *y;
            }
        }

        pub fn ones(&self) -> Ones<'_> {
            Ones {
                bitset: 0,
                block_idx: 0,
                remaining: &self.data,
            }
        }
    }

    #[derive(Debug)]
    pub struct Ones<'a> {
        bitset: u32,
        block_idx: usize,
        remaining: &'a [u32],
    }

    impl Iterator for Ones<'_> {
        type Item = usize;

        fn next(&mut self) -> Option<usize> {
            while self.bitset == 0 {
                let (&first, rest) = self.remaining.split_first()?;
                self.bitset = first;
                self.remaining = rest;
                self.block_idx += 1;
            }
            let t = self.bitset & 0u32.wrapping_sub(self.bitset);
            let r = self.bitset.trailing_zeros() as usize;
            self.bitset ^= t;
            Some((self.block_idx - 1) * BITS + r)
        }
    }
}
