/// Leases over a wrapping millisecond clock: who holds each resource, until when.
#[anguard::an_encode]
pub mod lease_table {
    use std::collections::BTreeMap;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Lease {
        pub holder: u32,
        pub granted_at: u32,
        pub duration: u32,
    }

    impl Lease {
        /// Whether the lease still runs at `now`, on a clock that wraps.
        pub fn is_live(&self, now: u32) -> bool {
            now.wrapping_sub(self.granted_at) < self.duration
        }

        pub fn expires_at(&self) -> u32 {
            self.granted_at.wrapping_add(self.duration)
        }
    }

    #[derive(Debug, Default)]
    pub struct LeaseTable {
        leases: BTreeMap<u32, Lease>,
    }

    impl LeaseTable {
        /// Grants `resource` to `holder` unless another holder's lease is live.
        pub fn acquire(&mut self, resource: u32, holder: u32, now: u32, duration: u32) -> bool {
            if let Some(lease) = self.leases.get(&resource)
                && lease.holder != holder
                && lease.is_live(now)
            {
                return false;
            }
            self.leases.insert(
                resource,
                Lease {
                    holder,
                    granted_at: now,
                    duration,
                },
            );
            true
        }

        pub fn holder(&self, resource: u32, now: u32) -> Option<u32> {
            let lease = self.leases.get(&resource)?;
            if lease.is_live(now) {
                Some(lease.holder)
            } else {
                None
            }
        }

        /// Drops expired leases; returns how many.
        pub fn expire(&mut self, now: u32) -> u32 {
            let before = self.leases.len() as u32;
            self.leases.retain(|_, lease| lease.is_live(now));
            before - self.leases.len() as u32
        }

        /// The earliest expiry among live leases.
        pub fn next_expiry(&self, now: u32) -> Option<u32> {
            self.leases
                .values()
                .filter(|lease| lease.is_live(now))
                .map(|lease| lease.expires_at().wrapping_sub(now))
                .min()
        }
    }
}
