/// Raft's per-follower progress as raft-rs tracks it (indices narrowed to
/// u32): probe/replicate/snapshot states, `maybe_update`, `maybe_decr_to`,
/// and the commit index a quorum has matched.
#[anguard::an_encode]
pub mod raft_progress {
    pub const INVALID_INDEX: u32 = 0;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum ProgressState {
        #[default]
        Probe,
        Replicate,
        Snapshot,
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Progress {
        pub matched: u32,
        pub next_idx: u32,
        pub state: ProgressState,
        pub paused: bool,
        pub pending_snapshot: u32,
        pub recent_active: bool,
    }

    impl Progress {
        pub fn new(next_idx: u32) -> Self {
            Progress {
                matched: 0,
                next_idx,
                state: ProgressState::default(),
                paused: false,
                pending_snapshot: 0,
                recent_active: false,
            }
        }

        fn reset_state(&mut self, state: ProgressState) {
            self.paused = false;
            self.pending_snapshot = 0;
            self.state = state;
        }

        pub fn become_probe(&mut self) {
            if self.state == ProgressState::Snapshot {
                let pending_snapshot = self.pending_snapshot;
                self.reset_state(ProgressState::Probe);
                self.next_idx = std::cmp::max(self.matched + 1, pending_snapshot + 1);
            } else {
                self.reset_state(ProgressState::Probe);
                self.next_idx = self.matched + 1;
            }
        }

        pub fn become_replicate(&mut self) {
            self.reset_state(ProgressState::Replicate);
            self.next_idx = self.matched + 1;
        }

        pub fn become_snapshot(&mut self, snapshot_idx: u32) {
            self.reset_state(ProgressState::Snapshot);
            self.pending_snapshot = snapshot_idx;
        }

        /// Returns false if `n` is stale.
        pub fn maybe_update(&mut self, n: u32) -> bool {
            let need_update = self.matched < n;
            if need_update {
                self.matched = n;
                self.paused = false;
            }
            if self.next_idx < n + 1 {
                self.next_idx = n + 1;
            }
            need_update
        }

        /// Returns false if the rejection is stale.
        pub fn maybe_decr_to(&mut self, rejected: u32, match_hint: u32) -> bool {
            if self.state == ProgressState::Replicate {
                if rejected <= self.matched {
                    return false;
                }
                self.next_idx = self.matched + 1;
                return true;
            }
            if self.next_idx == 0 || self.next_idx - 1 != rejected {
                return false;
            }
            self.next_idx = std::cmp::min(rejected, match_hint + 1);
            if self.next_idx < 1 {
                self.next_idx = 1;
            }
            self.paused = false;
            true
        }

        pub fn is_paused(&self) -> bool {
            match self.state {
                ProgressState::Probe => self.paused,
                ProgressState::Replicate => false,
                ProgressState::Snapshot => true,
            }
        }
    }

    /// The largest index a majority has matched.
    pub fn committed_index(progress: &[Progress]) -> u32 {
        if progress.is_empty() {
            return INVALID_INDEX;
        }
        let mut matched: Vec<u32> = progress.iter().map(|p| p.matched).collect();
        matched.sort_unstable_by(|a, b| b.cmp(a));
        let quorum = progress.len() / 2 + 1;
        matched[quorum - 1]
    }
}
