/// Last-heard times of peers in a `HashMap`, reported in the map's own
/// iteration order: the encoded build hashes a word as its value, so with a
/// fixed hasher both builds iterate identically (a `RandomState` map differs
/// between any two maps, plain or not).
#[anguard::an_encode]
pub mod peer_table {
    use std::collections::HashMap;
    use std::collections::hash_map::DefaultHasher;
    use std::hash::BuildHasherDefault;

    pub type Fixed = BuildHasherDefault<DefaultHasher>;

    #[derive(Debug, Clone, Default)]
    pub struct PeerTable {
        pub heard: HashMap<u32, u32, Fixed>,
    }

    impl PeerTable {
        pub fn heard(&mut self, peer: u32, now: u32) {
            self.heard.insert(peer, now);
        }

        pub fn forget(&mut self, peer: u32) -> Option<u32> {
            self.heard.remove(&peer)
        }

        /// Peers silent for longer than `timeout`, in the map's order.
        pub fn silent(&self, now: u32, timeout: u32) -> Vec<u32> {
            let mut out = Vec::new();
            for (&peer, &at) in &self.heard {
                if now.wrapping_sub(at) > timeout {
                    out.push(peer);
                }
            }
            out
        }

        /// Every entry, in the map's order.
        pub fn entries(&self) -> Vec<(u32, u32)> {
            self.heard.iter().map(|(&peer, &at)| (peer, at)).collect()
        }
    }
}
