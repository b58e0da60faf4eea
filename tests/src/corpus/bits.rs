/// Bit manipulation on membership sets and header words.
#[anguard::an_encode]
pub mod bits {
    /// A set of up to 32 process ids.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub struct Members(pub u32);

    impl Members {
        pub fn insert(self, id: u32) -> Members {
            Members(self.0 | (1 << id))
        }

        pub fn remove(self, id: u32) -> Members {
            Members(self.0 & !(1 << id))
        }

        pub fn contains(self, id: u32) -> bool {
            (self.0 >> id) & 1 == 1
        }

        pub fn len(self) -> u32 {
            self.0.count_ones()
        }

        pub fn is_empty(self) -> bool {
            self.0 == 0
        }

        /// The lowest member, if any.
        pub fn first(self) -> Option<u32> {
            if self.0 == 0 {
                None
            } else {
                Some(self.0.trailing_zeros())
            }
        }

        /// Whether `self` holds a majority of `n` processes.
        pub fn is_majority_of(self, n: u32) -> bool {
            self.len() * 2 > n
        }
    }

    /// Popcount the slow way, as a cross-check.
    pub fn ones(mut x: u32) -> u32 {
        let mut count: u32 = 0;
        while x != 0 {
            x &= x - 1;
            count += 1;
        }
        count
    }

    /// Reverses the bit order.
    pub fn reverse(x: u32) -> u32 {
        let mut out: u32 = 0;
        for i in 0..32u32 {
            if x & (1 << i) != 0 {
                out |= 1 << (31 - i);
            }
        }
        out
    }

    pub fn parity(x: u32) -> u32 {
        let mut p = x ^ (x >> 16);
        p ^= p >> 8;
        p ^= p >> 4;
        p ^= p >> 2;
        p ^= p >> 1;
        p & 1
    }

    /// `width` bits of `x` from bit `from`; `width` in `1..=32`.
    pub fn field(x: u32, from: u32, width: u32) -> u32 {
        let mask = if width == 32 {
            u32::MAX
        } else {
            (1 << width) - 1
        };
        x.rotate_right(from) & mask
    }
}
