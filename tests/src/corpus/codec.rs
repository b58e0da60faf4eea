/// Packing a message header into one word, and unpacking it.
#[anguard::an_encode]
pub mod codec {
    /// kind: 4 bits, sender: 8 bits, round: 20 bits.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Header {
        pub kind: u32,
        pub sender: u32,
        pub round: u32,
    }

    pub const KIND_BITS: u32 = 4;
    pub const SENDER_BITS: u32 = 8;
    const ROUND_MASK: u32 = (1 << 20) - 1;

    pub fn pack(header: Header) -> Option<u32> {
        if header.kind >= 1 << KIND_BITS || header.sender >= 1 << SENDER_BITS {
            return None;
        }
        Some(header.kind << 28 | header.sender << 20 | (header.round & ROUND_MASK))
    }

    pub fn unpack(word: u32) -> Header {
        Header {
            kind: word >> 28,
            sender: (word >> 20) & 0xff,
            round: word & ROUND_MASK,
        }
    }

    /// The name of a kind, for logs.
    pub fn kind_name(word: u32) -> &'static str {
        let header = unpack(word);
        if let Header { kind: 0, .. } = header {
            "ping"
        } else if matches!(header.kind, 1 | 2) {
            "vote"
        } else if let Header {
            kind: 3..=7,
            sender: 0,
            ..
        } = header
        {
            "from-zero"
        } else {
            "other"
        }
    }

    /// Sums the rounds of a batch of packed words until the first `stop` kind.
    pub fn rounds_until(words: &[u32], stop: u32) -> u32 {
        let mut total: u32 = 0;
        let mut pending: Vec<Header> = words.iter().rev().map(|&w| unpack(w)).collect();
        while let Some(Header { kind, round, .. }) = pending.pop() {
            if kind == stop {
                break;
            }
            total = total.wrapping_add(round);
        }
        let mut rest = words.iter().copied();
        while let Some(0) = rest.next() {
            total += 1;
        }
        total
    }
}
