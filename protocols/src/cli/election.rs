//! Who leads, as seen from outside: the outputs of every node over time, and
//! the moments a cluster agreed on a leader.

use std::time::Duration;

/// The current output of each node of a cluster, and which nodes are up.
#[derive(Debug, Clone)]
pub struct Outputs {
    outputs: Vec<Option<u32>>,
    up: Vec<bool>,
}

impl Outputs {
    pub fn new(n: u32) -> Self {
        Self {
            outputs: vec![None; n as usize],
            up: vec![true; n as usize],
        }
    }

    /// Records `node`'s new output; returns whether it changed.
    pub fn set(&mut self, node: u32, leader: Option<u32>) -> bool {
        let slot = &mut self.outputs[node as usize];
        let changed = *slot != leader;
        *slot = leader;
        changed
    }

    /// Marks `node` as down: it no longer counts towards agreement.
    pub fn crash(&mut self, node: u32) {
        self.up[node as usize] = false;
        self.outputs[node as usize] = None;
    }

    /// How many nodes are up.
    pub fn up_count(&self) -> usize {
        self.up.iter().filter(|up| **up).count()
    }

    pub fn is_up(&self, node: u32) -> bool {
        self.up[node as usize]
    }

    /// The leader every node that is up reports, if they agree on one that is up.
    pub fn agreed(&self) -> Option<u32> {
        let mut up_outputs = self
            .outputs
            .iter()
            .zip(&self.up)
            .filter(|(_, up)| **up)
            .map(|(output, _)| *output);
        let first = up_outputs.next()??;
        let all_agree = up_outputs.all(|output| output == Some(first));
        (all_agree && self.up.get(first as usize).copied().unwrap_or(false)).then_some(first)
    }
}

/// The times that matter for an election run, from the start of the cluster.
#[derive(Debug, Clone, Default)]
pub struct Milestones {
    /// When all nodes first agreed on a leader.
    pub elected: Option<(Duration, u32)>,
    /// When the leader was crashed, and which node it was.
    pub crashed: Option<(Duration, u32)>,
    /// When the survivors first agreed on a new leader after the crash.
    pub reelected: Option<(Duration, u32)>,
}

impl Milestones {
    /// Takes note of the cluster's state at `t`.
    pub fn observe(&mut self, t: Duration, outputs: &Outputs) {
        let Some(leader) = outputs.agreed() else {
            return;
        };
        if self.elected.is_none() {
            self.elected = Some((t, leader));
        }
        if let Some((crash_time, crashed)) = self.crashed
            && self.reelected.is_none()
            && leader != crashed
        {
            self.reelected = Some((t.saturating_sub(crash_time), leader));
        }
    }

    pub fn election_ms(&self) -> Option<u64> {
        self.elected.map(|(t, _)| t.as_millis() as u64)
    }

    pub fn reelection_ms(&self) -> Option<u64> {
        self.reelected.map(|(t, _)| t.as_millis() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_needs_every_up_node_on_an_up_leader() {
        let mut outputs = Outputs::new(3);
        assert_eq!(outputs.agreed(), None);
        outputs.set(0, Some(0));
        outputs.set(1, Some(0));
        assert_eq!(outputs.agreed(), None);
        outputs.set(2, Some(0));
        assert_eq!(outputs.agreed(), Some(0));
        outputs.crash(0);
        assert_eq!(outputs.agreed(), None, "the leader is down");
        outputs.set(1, Some(1));
        outputs.set(2, Some(1));
        assert_eq!(outputs.agreed(), Some(1));
    }

    #[test]
    fn milestones_time_election_and_reelection() {
        let mut outputs = Outputs::new(2);
        let mut milestones = Milestones::default();
        outputs.set(0, Some(0));
        outputs.set(1, Some(0));
        milestones.observe(Duration::from_millis(300), &outputs);
        outputs.crash(0);
        milestones.crashed = Some((Duration::from_millis(1000), 0));
        outputs.set(1, Some(1));
        milestones.observe(Duration::from_millis(1400), &outputs);
        assert_eq!(milestones.election_ms(), Some(300));
        assert_eq!(milestones.reelection_ms(), Some(400));
        assert_eq!(milestones.reelected.map(|(_, l)| l), Some(1));
    }
}
