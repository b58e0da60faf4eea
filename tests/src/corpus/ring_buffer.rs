/// A fixed-capacity ring of message ids, with head and length as u32.
#[anguard::an_encode]
pub mod ring_buffer {
    #[derive(Debug, Clone)]
    pub struct Ring {
        slots: Vec<u32>,
        head: u32,
        len: u32,
    }

    impl Ring {
        pub fn with_capacity(capacity: u32) -> Self {
            assert!(capacity > 0, "a ring needs at least one slot");
            Ring {
                slots: vec![0; capacity as usize],
                head: 0,
                len: 0,
            }
        }

        pub fn capacity(&self) -> u32 {
            self.slots.len() as u32
        }

        pub fn len(&self) -> u32 {
            self.len
        }

        pub fn is_empty(&self) -> bool {
            self.len == 0
        }

        /// Appends `value`; a full ring drops and returns its oldest entry.
        pub fn push(&mut self, value: u32) -> Option<u32> {
            let tail: u32 = (self.head + self.len) % self.capacity();
            let dropped = if self.len == self.capacity() {
                let old = self.slots[tail as usize];
                self.head = (self.head + 1) % self.capacity();
                Some(old)
            } else {
                self.len += 1;
                None
            };
            self.slots[tail as usize] = value;
            dropped
        }

        pub fn pop(&mut self) -> Option<u32> {
            if self.is_empty() {
                return None;
            }
            let value = self.slots[self.head as usize];
            self.head = (self.head + 1) % self.capacity();
            self.len -= 1;
            Some(value)
        }

        /// The `i`-th oldest entry; panics past the end, as a slice does.
        pub fn get(&self, i: u32) -> u32 {
            assert!(i < self.len, "ring index {} out of {}", i, self.len);
            self.slots[((self.head + i) % self.capacity()) as usize]
        }

        /// Oldest first.
        pub fn to_vec(&self) -> Vec<u32> {
            let mut out: Vec<u32> = Vec::new();
            for i in 0..self.len {
                out.push(self.get(i));
            }
            out
        }
    }
}
