/// `const fn` over u32, and constants computed by calling one.
#[anguard::an_encode]
pub mod const_tables {
    const fn square_plus(x: u32, c: u32) -> u32 {
        x.wrapping_mul(x).wrapping_add(c)
    }

    const fn powers(base: u32) -> [u32; 8] {
        let mut table = [1u32; 8];
        let mut i = 1;
        while i < 8 {
            table[i] = table[i - 1].wrapping_mul(base);
            i += 1;
        }
        table
    }

    /// Nothing of u32 in it: it stays a const fn in both builds.
    const fn mask(bits: usize) -> usize {
        (1 << bits) - 1
    }

    /// Casts, indexing and literal patterns, no u32: a const fn in both
    /// builds, its body as written.
    const fn hex_digits() -> [u8; 16] {
        let mut digits = [0u8; 16];
        let mut i = 0;
        while i < 16 {
            digits[i] = match i {
                0..=9 => b'0' + i as u8,
                _ => b'a' + (i - 10) as u8,
            };
            i += 1;
        }
        digits
    }

    const HEX: [u8; 16] = hex_digits();
    const SEVENS: [u32; 8] = powers(7);
    const OFFSET: u32 = square_plus(3, 11);
    const LOW: usize = mask(5);

    #[derive(Debug, Clone, Copy)]
    pub struct Counter {
        count: u32,
    }

    impl Counter {
        /// A const method over u32: `encoded` compiles it as a plain method.
        pub const fn starting_at(count: u32) -> Self {
            Counter { count }
        }

        pub fn bump(&mut self, by: u32) -> u32 {
            self.count = square_plus(self.count, by);
            self.count
        }
    }

    pub fn lookup(i: usize, x: u32) -> (u32, u32, usize, u8) {
        (SEVENS[i % 8] ^ x, square_plus(x, OFFSET), LOW & i, HEX[(x % 16) as usize])
    }

    pub fn bumps(start: u32, steps: &[u32]) -> Vec<u32> {
        let mut counter = Counter::starting_at(start);
        steps.iter().map(|&by| counter.bump(by)).collect()
    }
}
