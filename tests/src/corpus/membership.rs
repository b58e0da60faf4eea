/// Failure-detector membership: suspicion counters with hash-map state.
#[anguard::an_encode]
pub mod membership {
    use std::collections::BTreeMap;
    use std::collections::HashMap;

    pub type NodeId = u32;

    #[derive(Debug, Default)]
    pub struct Detector {
        heard: HashMap<NodeId, u32>,
        suspicion: BTreeMap<NodeId, u32>,
        pub threshold: u32,
    }

    impl Detector {
        pub fn with_threshold(threshold: u32) -> Self {
            Detector {
                threshold,
                ..Detector::default()
            }
        }

        pub fn heartbeat(&mut self, from: NodeId, now: u32) {
            self.heard.insert(from, now);
            self.suspicion.remove(&from);
        }

        /// Raises suspicion of every node silent for more than `timeout`.
        pub fn tick(&mut self, now: u32, timeout: u32) {
            for (&node, &last) in &self.heard {
                if now.wrapping_sub(last) > timeout {
                    *self.suspicion.entry(node).or_insert(0) += 1;
                }
            }
        }

        /// Suspects, lowest id first.
        pub fn suspects(&self) -> Vec<NodeId> {
            self.suspicion
                .iter()
                .filter(|(_, count)| **count >= self.threshold)
                .map(|(&node, _)| node)
                .collect()
        }

        pub fn last_heard(&self, node: NodeId) -> Option<u32> {
            self.heard.get(&node).copied()
        }

        pub fn suspicion_of(&self, node: NodeId) -> u32 {
            if self.suspicion.contains_key(&node) {
                self.suspicion[&node]
            } else {
                0
            }
        }
    }
}
