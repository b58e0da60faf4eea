//! A node's clock and the alarms set on it, on tokio time: what an event
//! loop needs to be a node's [`Env`](crate::Env) for time.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

use crate::node::AlarmId;

/// The node's clock (ms since it started) and its alarms, one time per id.
///
/// ```
/// use anguard::net::Alarms;
/// use anguard::node::AlarmId;
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// let mut alarms = Alarms::new();
/// alarms.set(AlarmId::plain(1), 20);
/// alarms.set(AlarmId::plain(2), 10);
/// alarms.set(AlarmId::plain(3), 30);
/// alarms.cancel(AlarmId::plain(3));
/// alarms.next_due().await; // 10 ms on: alarm 2 is due
/// tokio::time::sleep(std::time::Duration::from_millis(10)).await; // and alarm 1
/// let mut due = alarms.due();
/// assert_eq!(due.next(&mut alarms), Some(AlarmId::plain(2)));
/// assert_eq!(due.next(&mut alarms), Some(AlarmId::plain(1)));
/// assert_eq!(due.next(&mut alarms), None);
/// # });
/// ```
#[derive(Debug)]
pub struct Alarms {
    start: Instant,
    at: HashMap<AlarmId, Instant>,
}

impl Default for Alarms {
    fn default() -> Self {
        Self::new()
    }
}

impl Alarms {
    /// No alarm yet; the clock starts now.
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
            at: HashMap::new(),
        }
    }

    /// The clock: ms since the start, wrapping as the protocols' `u32` time does.
    pub fn now_ms(&self) -> u32 {
        self.elapsed_ms() as u32
    }

    fn elapsed_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    /// Sets alarm `id` for `at_ms` of the clock, replacing its previous time.
    /// A time up to 2³¹ ms in the past is due now; the clock wraps.
    pub fn set(&mut self, id: AlarmId, at_ms: u32) {
        let now = self.elapsed_ms();
        let ahead = at_ms.wrapping_sub(now as u32) as i32;
        let target = now + ahead.max(0) as u64;
        self.at
            .insert(id, self.start + Duration::from_millis(target));
    }

    /// Cancels alarm `id`, if set.
    pub fn cancel(&mut self, id: AlarmId) {
        self.at.remove(&id);
    }

    /// Resolves when the earliest alarm set now is due; never if none is.
    /// It borrows nothing: the alarms may change while it waits (wait
    /// again after they do).
    pub fn next_due(&self) -> impl Future<Output = ()> + use<> {
        let next = self.at.values().min().copied();
        async move {
            match next {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        }
    }

    /// The alarms due now, to fire earliest first with [`Due::next`].
    pub fn due(&self) -> Due {
        let now = Instant::now();
        let mut due: Vec<(Instant, AlarmId)> = self
            .at
            .iter()
            .filter(|&(_, &at)| at <= now)
            .map(|(&id, &at)| (at, id))
            .collect();
        due.sort_unstable();
        Due(due.into_iter())
    }
}

/// The alarms that were due, earliest first (see [`Alarms::due`]).
#[derive(Debug)]
pub struct Due(std::vec::IntoIter<(Instant, AlarmId)>);

impl Due {
    /// The next alarm to fire, removed from `alarms`: one that an earlier
    /// handler has since reset or cancelled is skipped.
    pub fn next(&mut self, alarms: &mut Alarms) -> Option<AlarmId> {
        self.0.by_ref().find_map(|(at, id)| {
            (alarms.at.get(&id) == Some(&at)).then(|| {
                alarms.at.remove(&id);
                id
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn id(id: u32) -> AlarmId {
        AlarmId::plain(id)
    }

    #[test]
    fn alarms_reset_or_cancelled_by_an_earlier_handler_are_skipped() {
        let mut alarms = Alarms::new();
        for i in 1..=4 {
            alarms.set(id(i), 0);
        }
        let mut due = alarms.due();
        // Equal times fire in id order; the one fired is gone.
        assert_eq!(due.next(&mut alarms), Some(id(1)));
        // Its handler resets alarm 2 for later and cancels alarm 3.
        alarms.set(id(2), alarms.now_ms() + 60_000);
        alarms.cancel(id(3));
        assert_eq!(due.next(&mut alarms), Some(id(4)));
        assert_eq!(due.next(&mut alarms), None);
        assert_eq!(alarms.due().next(&mut alarms), None, "2 is not due yet");
        assert_eq!(alarms.at.len(), 1);
    }

    #[test]
    fn a_time_in_the_past_is_due_now_across_the_clock_wrap() {
        let mut alarms = Alarms::new();
        // 5 ms before 0 on the wrapping clock.
        alarms.set(id(1), 0u32.wrapping_sub(5));
        assert_eq!(alarms.due().next(&mut alarms), Some(id(1)));
    }
}
