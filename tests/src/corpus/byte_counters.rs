/// A frame reader whose counters are bytes: a `u8` version, hop count and
/// retry budget, encoded, next to the byte buffers they are read from and
/// written to (`&[u8]`, `Vec<u8>`, `[u8; 4]`), which stay plain: byte
/// literals, bytes read out of a buffer into counters and written back,
/// `u8` methods, casts, ranges and patterns.
#[anguard::an_encode]
pub mod byte_counters {
    /// The frame's first byte.
    pub const MAGIC: u8 = b'F';
    /// The highest version this reader speaks.
    const VERSION: u8 = 3;
    /// How many hops a frame may make.
    pub const MAX_HOPS: u8 = 200;

    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Link {
        pub hops: u8,
        pub retries: u8,
        pub last_kind: Option<u8>,
        pub tag: [u8; 4],
        pub seen: Vec<u8>,
        pub frames: u32,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Error {
        Short(usize),
        Magic(u8),
        Version(u8),
        Hops { hops: u8 },
    }

    /// The class of a frame kind byte.
    pub fn class(kind: u8) -> u8 {
        match kind {
            b'a'..=b'z' => 1,
            b'A'..=b'Z' => 2,
            0..=9 => 3,
            _ => 0,
        }
    }

    impl Link {
        /// Reads one frame: magic, version, hop count, kind, a 4-byte tag;
        /// returns the kind's class.
        pub fn read(&mut self, frame: &[u8]) -> Result<u8, Error> {
            if frame.len() < 8 {
                self.retries = self.retries.saturating_add(1);
                return Err(Error::Short(frame.len()));
            }
            if frame[0] != MAGIC {
                return Err(Error::Magic(frame[0]));
            }
            let version: u8 = frame[1];
            if version > VERSION {
                return Err(Error::Version(version));
            }
            self.hops = frame[2].wrapping_add(1);
            if self.hops > MAX_HOPS {
                return Err(Error::Hops { hops: self.hops });
            }
            let kind = frame[3];
            self.last_kind = Some(kind);
            self.tag.copy_from_slice(&frame[4..8]);
            self.seen.push(kind);
            self.frames += 1;
            Ok(class(kind))
        }

        /// The frame that forwards the last one: the hop count stored back
        /// into a byte buffer.
        pub fn forward(&self) -> Vec<u8> {
            let mut out = Vec::with_capacity(8);
            out.push(MAGIC);
            out.push(VERSION);
            out.push(self.hops);
            // A byte a method returns is stored through a `u8` local, which
            // the macro knows to be a byte.
            let kind: u8 = self.last_kind.unwrap_or(b'?');
            out.push(kind);
            out.extend_from_slice(&self.tag);
            out
        }

        /// Marks the link as having seen an unknown kind.
        pub fn mark(&mut self) {
            self.last_kind = Some(b'?');
        }

        /// A byte checksum over what was seen, folded with the counters.
        pub fn checksum(&self) -> (u8, u8, u32) {
            let mut sum: u8 = 0;
            for &b in &self.seen {
                sum = sum.wrapping_mul(31).wrapping_add(b);
            }
            let mixed = (sum ^ self.retries).rotate_left(3);
            (sum, mixed, mixed.count_ones() + u32::from(self.hops))
        }
    }

    /// Counts down a retry budget of `budget` bytes, writing each step into
    /// a buffer; the steps as `u16`, and whether the budget ran out.
    pub fn countdown(budget: u8, steps: u8) -> ([u8; 8], u16, bool) {
        let mut trace = [0u8; 8];
        let mut left = budget;
        for i in 0..steps.min(8) {
            left = match left.checked_sub(i) {
                Some(l) => l,
                None => return (trace, u16::from(i), true),
            };
            trace[i as usize] = left;
        }
        (trace, left as u16, false)
    }

    /// Bytes into a counter and back: the sum of a buffer's bytes with u8's
    /// overflow behaviour (a panic with overflow checks on).
    pub fn byte_sum(data: &[u8]) -> u8 {
        let mut total: u8 = 0;
        for &b in data {
            total += b;
        }
        total
    }

    fn bump(count: &mut u8) {
        *count = count.saturating_add(1);
    }

    /// Bumps every counter of a byte buffer: each byte is copied into an
    /// encoded `u8`, bumped there and written back.
    pub fn bump_all(counts: &mut [u8]) {
        for slot in counts.iter_mut() {
            let mut count: u8 = *slot;
            bump(&mut count);
            *slot = count;
        }
    }

    /// Every byte of `buf` set to `count`, `count` put in front of a copy,
    /// and the highest byte of the copy.
    pub fn fill(buf: &mut [u8], count: u8) -> (Vec<u8>, u8) {
        let mut copy = buf.to_vec();
        copy.insert(0, count);
        for b in buf.iter_mut() {
            *b = count;
        }
        let mut peak: u8 = 0;
        for i in 0..copy.len() {
            peak = peak.max(copy[i]).max(copy[copy.len() - 1 - i]);
        }
        (copy, peak)
    }

    /// A digit's value, from an ASCII byte.
    pub fn digit(b: u8) -> Option<u8> {
        if b.is_ascii_digit() { Some(b - b'0') } else { None }
    }
}
