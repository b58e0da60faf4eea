//! The leader a cluster agrees on, and who leads over time.

use std::time::Duration;

/// The leader every node that is up follows, if they all follow the same
/// one and it is up itself; `up` yields `(node, output)` for each node that
/// is up. This is the one definition of an elected leader.
///
/// ```
/// use anguard_protocols::election::agreed_leader;
///
/// assert_eq!(agreed_leader([(0, Some(1)), (1, Some(1))]), Some(1));
/// assert_eq!(agreed_leader([(0, Some(2)), (1, Some(2))]), None, "node 2 is down");
/// assert_eq!(agreed_leader([(0, Some(1)), (1, None)]), None);
/// ```
pub fn agreed_leader(up: impl IntoIterator<Item = (u32, Option<u32>)>) -> Option<u32> {
    let mut agreed = None;
    let mut leader_up = false;
    for (node, output) in up {
        let leader = output?;
        if *agreed.get_or_insert(leader) != leader {
            return None;
        }
        leader_up |= node == leader;
    }
    agreed.filter(|_| leader_up)
}

/// The current output of each node of a cluster, and which nodes are up.
#[derive(Debug, Clone)]
pub struct Outputs {
    outputs: Vec<Option<u32>>,
    up: Vec<bool>,
}

impl Outputs {
    /// `n` nodes, all up, none following anyone yet.
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

    /// Marks `node` as up again, following nobody yet.
    pub fn restart(&mut self, node: u32) {
        self.up[node as usize] = true;
        self.outputs[node as usize] = None;
    }

    /// How many nodes are up.
    pub fn up_count(&self) -> usize {
        self.up.iter().filter(|up| **up).count()
    }

    /// Whether `node` is up.
    pub fn is_up(&self, node: u32) -> bool {
        self.up[node as usize]
    }

    /// Each node's output (`None` while down).
    pub fn outputs(&self) -> &[Option<u32>] {
        &self.outputs
    }

    /// The leader every node that is up follows, if they agree on one that is up.
    pub fn agreed(&self) -> Option<u32> {
        agreed_leader(
            (0..self.outputs.len() as u32)
                .filter(|&node| self.is_up(node))
                .map(|node| (node, self.outputs[node as usize])),
        )
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

    /// The time to the first election, in ms.
    pub fn election_ms(&self) -> Option<u64> {
        self.elected.map(|(t, _)| t.as_millis() as u64)
    }

    /// The time from the crash to the re-election, in ms.
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
    fn nobody_up_agrees_on_nothing() {
        assert_eq!(agreed_leader([]), None);
        assert_eq!(agreed_leader([(0, Some(7))]), None, "7 is no node up");
        assert_eq!(agreed_leader([(1, Some(0)), (0, Some(0))]), Some(0));
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
