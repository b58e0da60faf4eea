//! hale: strong leader election on leases, after Fetzer and Cristian.
//!
//! At most one process is leader at any real time, and a leader is elected
//! only with the support of a majority, although clocks are not synchronized
//! and drift by up to ρ. Messages may be lost, delayed or reordered; processes
//! may crash and restart with fresh state.
//!
//! # The algorithm
//!
//! Every process keeps one *promise*: to support candidate `c` until its own
//! clock reads `promise_until`. While that promise is in force it supports no
//! other candidate.
//!
//! - Every `EP` (its tick) a process sends `Req{from, seq}` to all if it is a
//!   *candidate*, else `Alive{from}`. A candidate is out of its restart quiet
//!   period, promises nobody but itself, and has the lowest id among the
//!   processes heard within the last `EP + 2δ`. A candidate also supports
//!   itself: it promises itself and counts itself, as if it had sent the
//!   `Req` to itself.
//! - On `Req{c, seq}`: if it promises nobody or `c` already, it promises `c`
//!   until `now + L` and answers `Support{from, seq}`; else it answers
//!   `Nack{from, seq, supports}`.
//! - On `Support{p, seq}` for a `Req` sent at local time `s`, the candidate
//!   *counts* `p` until `s + span`, `span = (L−1)(1−ρ)/(1+ρ)` (see below).
//! - A process is leader while it counts a majority (`⌊n/2⌋ + 1`), itself
//!   included. An alarm at the earliest moment its majority can expire makes
//!   it step down then, not at its next tick.
//! - Output: the leader reports itself; any other process reports the
//!   candidate it promises (`None` when it promises nobody, or only itself).
//!
//! **Why at most one leader.** A promise given at real time `t_r` for `L`
//! local ms lasts at least `L/(1+ρ)` real ms. The candidate counts that
//! promise for `span` local ms from `s ≤ t_r`, at most
//! `L(1−ρ)/(1+ρ)/(1−ρ) = L/(1+ρ)` real ms: it stops counting before the
//! promise ends. Two majorities share a process, which never promises two
//! candidates at once; so two leaders never overlap in real time.
//!
//! **Liveness.** `EP + 2δ < L(1−ρ)/(1+ρ)` (checked by [`HaleConfig::new`])
//! lets a leader renew every supporter (a `Req` every `EP`, the answer within
//! `2δ`) before it stops counting it, so a timely majority keeps its leader.
//!
//! # Where the design sketch was silent
//!
//! - **`seq` is the candidate's clock reading when it sent the `Req`.** It is
//!   unique (one `Req` per tick, `EP ≥ 1`), it is the `s` the candidate needs,
//!   and a `Support` answering a `Req` sent before a crash still carries its
//!   true send time, so it can never be counted longer than it was promised.
//!   The candidate only counts supports with `started_at ≤ seq ≤ last Req`,
//!   not yet past their span.
//! - **Restart.** A process promises nothing, itself included, for `L` after
//!   it starts: it cannot know what it promised before it crashed. Hence also
//!   the first election after a cold start takes at least `L`.
//! - **Output of a candidate without majority** is `None`, not itself: only
//!   a leader reports itself, so "leadership" is exactly self-reports.
//! - **Whole-ms clocks.** A clock reading lags the true local time by up to
//!   1 ms, so a promise for `L` may last only `L − 1` local ms: the span is
//!   `⌊(L−1)(1−ρ)/(1+ρ)⌋`, and the check is `EP + 2δ` below that.
//! - **Wrapping clocks.** Clock readings compare by their wrapping difference
//!   (a reading is "before" another if it is less than 2³¹ ms behind). All
//!   stored readings are refreshed at least every `L`, far below 2³¹ ms.
//! - **`Nack`** carries whom the sender supports; the candidate only uses it
//!   as a sign of life.
//!
//! # Bound
//!
//! Once a majority is timely (delays below δ, no loss among its members, the
//! rest crashed or cut off), its lowest id is leader within
//! [`HaleConfig::election_bound_ms`] real ms: `L + 2·EP + 4δ` local ms at the
//! slowest clock rate. Promises to an earlier leader run out within `L` of
//! its last `Req`, which was at most `EP + δ` after the stabilization (it
//! stops asking once it hears a lower id), and the next tick plus a round
//! trip take `EP + 2δ`. A process restarted inside the majority is quiet for
//! `L` from its restart instead.
//!
//! Safety needs none of this: it holds for any delays and losses, given ρ.
//!
//! hale is not *stable*: a lower id that (re)joins takes over once its quiet
//! period is over (the old leader stops asking when it hears it), leaving up
//! to about `L` without a leader.
//!
//! # Restarts and the clock
//!
//! The `seq` check assumes a restarted process's clock runs on (a hardware
//! clock does; the simulator's does). If it starts again from 0, as the TCP
//! event loop's clock does, a `Support` sent before the crash could match a
//! new `Req` only by arriving more than `L` late (the quiet period), which a
//! closed TCP connection rules out.

use anguard::Word;
use thiserror::Error;

/// Parts per million: the unit of the drift bound ρ.
pub const PPM: u32 = 1_000_000;

/// The largest `n` a configuration accepts.
pub const MAX_N: u32 = 1024;

/// The largest time parameter, in ms (about 12 days): stored clock readings
/// must stay far below half the wrapping clock (2³¹ ms).
pub const MAX_TIME_MS: u32 = 1 << 30;

/// A configuration [`HaleConfig::new`] refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum HaleConfigError {
    /// `n` out of range.
    #[error("n = {n} must be between 1 and {MAX_N}")]
    BadN {
        /// The given `n`.
        n: u32,
    },
    /// A period of 0 ms.
    #[error("the period EP must be at least 1 ms")]
    ZeroPeriod,
    /// ρ of a million ppm or more: clocks could stop.
    #[error("the drift bound ρ = {drift_ppm} ppm must be below {PPM} ppm")]
    DriftTooLarge {
        /// The given ρ.
        drift_ppm: u32,
    },
    /// A time parameter above [`MAX_TIME_MS`].
    #[error("{what} = {value} ms exceeds {MAX_TIME_MS} ms")]
    TooLong {
        /// Which parameter.
        what: &'static str,
        /// Its value.
        value: u32,
    },
    /// The lease cannot cover a renewal: `EP + 2δ ≥ L(1−ρ)/(1+ρ)`.
    #[error("lease too short: EP + 2δ = {needed} ms must be below L(1−ρ)/(1+ρ) = {span} ms")]
    LeaseTooShort {
        /// `EP + 2δ`.
        needed: u64,
        /// `⌊(L−1)(1−ρ)/(1+ρ)⌋`.
        span: u64,
    },
}

/// hale's parameters, validated: every value of this type is a configuration
/// the algorithm is safe and live with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HaleConfig {
    n: u32,
    period: u32,
    lease: u32,
    delta: u32,
    drift_ppm: u32,
    span: u32,
}

impl HaleConfig {
    /// `n` processes, a `Req`/`Alive` every `period` (EP) ms, promises for
    /// `lease` (L) ms, message delay bound `delta` (δ) ms, clock drift bound
    /// `drift_ppm` (ρ, in parts per million).
    pub fn new(
        n: u32,
        period: u32,
        lease: u32,
        delta: u32,
        drift_ppm: u32,
    ) -> Result<Self, HaleConfigError> {
        if n == 0 || n > MAX_N {
            return Err(HaleConfigError::BadN { n });
        }
        if period == 0 {
            return Err(HaleConfigError::ZeroPeriod);
        }
        if drift_ppm >= PPM {
            return Err(HaleConfigError::DriftTooLarge { drift_ppm });
        }
        for (what, value) in [("EP", period), ("L", lease), ("δ", delta)] {
            if value > MAX_TIME_MS {
                return Err(HaleConfigError::TooLong { what, value });
            }
        }
        // (L−1)(1−ρ)/(1+ρ) in u64: L < 2^30 and 1+ρ < 2^21, so no overflow.
        // L−1: a promise read off a whole-ms clock may last 1 ms less than L.
        let span = u64::from(lease.saturating_sub(1)) * u64::from(PPM - drift_ppm)
            / u64::from(PPM + drift_ppm);
        let needed = u64::from(period) + 2 * u64::from(delta);
        if needed >= span {
            return Err(HaleConfigError::LeaseTooShort { needed, span });
        }
        Ok(HaleConfig {
            n,
            period,
            lease,
            delta,
            drift_ppm,
            // span ≤ L < 2^30.
            span: span as u32,
        })
    }

    /// A configuration for a period alone: δ = EP/5 (at least 1 ms),
    /// ρ = 100 ppm, L = 2·(EP + 2δ) + 1.
    pub fn for_period(n: u32, period: u32) -> Result<Self, HaleConfigError> {
        let delta = Self::default_delta(period);
        let lease = Self::default_lease(period, delta);
        Self::new(n, period, lease, delta, Self::DEFAULT_DRIFT_PPM)
    }

    /// ρ when none is given, in parts per million.
    pub const DEFAULT_DRIFT_PPM: u32 = 100;

    /// δ when none is given: EP/5, at least 1 ms.
    pub fn default_delta(period: u32) -> u32 {
        (period / 5).max(1)
    }

    /// L when none is given: 2·(EP + 2δ) + 1, twice what the lease must
    /// outlast (saturating: too long a lease is then refused by [`new`](Self::new)).
    pub fn default_lease(period: u32, delta: u32) -> u32 {
        period
            .saturating_add(delta.saturating_mul(2))
            .saturating_mul(2)
            .saturating_add(1)
    }

    /// The number of processes.
    pub fn n(&self) -> u32 {
        self.n
    }
    /// EP, in ms.
    pub fn period(&self) -> u32 {
        self.period
    }
    /// L, in ms.
    pub fn lease(&self) -> u32 {
        self.lease
    }
    /// δ, in ms.
    pub fn delta(&self) -> u32 {
        self.delta
    }
    /// ρ, in parts per million.
    pub fn drift_ppm(&self) -> u32 {
        self.drift_ppm
    }
    /// `⌊(L−1)(1−ρ)/(1+ρ)⌋`: how long after sending a `Req` its supports count.
    pub fn span(&self) -> u32 {
        self.span
    }

    /// Real ms within which a leader is elected once a majority is timely
    /// (and after a leader crashed): `L + 2·EP + 4δ` local ms at the slowest
    /// clock rate `1−ρ`, rounded up.
    pub fn election_bound_ms(&self) -> u64 {
        let local = u64::from(self.lease) + 2 * u64::from(self.period) + 4 * u64::from(self.delta);
        let slowest = u64::from(PPM - self.drift_ppm);
        (local * u64::from(PPM)).div_ceil(slowest)
    }

    /// The parameters as words of a build (`u32` or `AnU32`).
    pub fn params<W: Word>(&self) -> Params<W> {
        Params {
            n: W::from_u32(self.n),
            period: W::from_u32(self.period),
            lease: W::from_u32(self.lease),
            span: W::from_u32(self.span),
            heard_window: W::from_u32(self.period + 2 * self.delta),
        }
    }
}

/// [`HaleConfig`] as the protocol's words, derived values included.
#[derive(Debug, Clone, Copy)]
pub struct Params<W> {
    /// The number of processes.
    pub n: W,
    /// EP.
    pub period: W,
    /// L.
    pub lease: W,
    /// `(L−1)(1−ρ)/(1+ρ)`.
    pub span: W,
    /// `EP + 2δ`: how long a process counts as heard.
    pub heard_window: W,
}

pub use machine::{encoded, plain};

/// The state machine, written once over `u32`: `plain` as written,
/// `encoded` with every `u32` an [`anguard::AnU32`].
#[anguard::an_encode]
pub mod machine {
    use anguard::{Io, Protocol};
    use serde::{Deserialize, Serialize};

    use crate::hale::{HaleConfig, Params};

    /// Alarm: the periodic `Req`/`Alive`.
    pub const TICK: u32 = 0;
    /// Alarm: the earliest moment the leader's majority can run out.
    pub const LEASE_END: u32 = 1;
    /// Alarm: this process's promise runs out.
    pub const PROMISE_END: u32 = 2;

    /// Half the wrapping clock: readings closer than this compare.
    const HALF: u32 = 0x8000_0000;

    /// Whether clock reading `a` comes strictly before `b`.
    fn before(a: u32, b: u32) -> bool {
        let ahead: u32 = b.wrapping_sub(a);
        ahead != 0 && ahead < HALF
    }

    /// hale's messages. `from` is the sender; `seq` is the candidate's
    /// clock reading when it sent the `Req`.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Msg {
        /// A candidate asks for support.
        Req {
            /// The candidate.
            from: u32,
            /// Its clock when it sent this.
            seq: u32,
        },
        /// A sign of life from a non-candidate.
        Alive {
            /// The sender.
            from: u32,
        },
        /// The sender promised the candidate `L` from receipt of `Req{seq}`.
        Support {
            /// The supporter.
            from: u32,
            /// The `seq` of the `Req` it answers.
            seq: u32,
        },
        /// The sender cannot promise: it supports someone else (or, being
        /// in its restart quiet period, nobody).
        Nack {
            /// The sender.
            from: u32,
            /// The `seq` of the `Req` it answers.
            seq: u32,
            /// Whom it supports.
            supports: Option<u32>,
        },
    }

    impl Msg {
        /// The sender the payload names.
        pub fn sender(&self) -> u32 {
            match self {
                Msg::Req { from, .. }
                | Msg::Alive { from }
                | Msg::Support { from, .. }
                | Msg::Nack { from, .. } => *from,
            }
        }
    }

    /// One hale process.
    #[derive(Debug, Clone)]
    pub struct Hale {
        n: u32,
        period: u32,
        lease: u32,
        span: u32,
        heard_window: u32,
        me: u32,
        /// When the quiet period ends (promising nothing after a start).
        quiet_until: u32,
        quiet: bool,
        started_at: u32,
        /// Whom this process promised, until `promise_until`.
        promised: Option<u32>,
        promise_until: u32,
        /// The `seq` of the latest `Req`, if any was sent.
        last_req: Option<u32>,
        /// Per process: when it was last heard from.
        #[state(sized_by = n)]
        last_heard: Vec<Option<u32>>,
        /// Per process: until when its support counts (self included).
        #[state(sized_by = n)]
        counted_until: Vec<Option<u32>>,
        /// The output last reported.
        reported: Option<u32>,
    }

    impl Hale {
        /// A process with a validated configuration.
        pub fn new(config: &HaleConfig) -> Hale {
            let params: Params<u32> = config.params();
            let n: u32 = params.n;
            Hale {
                n,
                period: params.period,
                lease: params.lease,
                span: params.span,
                heard_window: params.heard_window,
                me: 0,
                quiet_until: 0,
                quiet: true,
                started_at: 0,
                promised: None,
                promise_until: 0,
                last_req: None,
                last_heard: std::iter::repeat_n(None, n as usize).collect(),
                counted_until: std::iter::repeat_n(None, n as usize).collect(),
                reported: None,
            }
        }

        /// Whether this process is leader now (as last evaluated).
        pub fn is_leader(&self) -> bool {
            self.reported == Some(self.me)
        }

        /// The output last reported.
        pub fn output(&self) -> Option<u32> {
            self.reported
        }

        /// Ends the quiet period and the promise when their time is up.
        fn expire(&mut self, now: u32) {
            if self.quiet && !before(now, self.quiet_until) {
                self.quiet = false;
            }
            if self.promised.is_some() && !before(now, self.promise_until) {
                self.promised = None;
            }
        }

        /// Notes a message from `from`; false if it is no peer's id.
        fn hear(&mut self, from: u32, now: u32) -> bool {
            if from >= self.n || from == self.me {
                return false;
            }
            self.last_heard[from as usize] = Some(now);
            true
        }

        fn is_candidate(&self, now: u32) -> bool {
            if self.quiet {
                return false;
            }
            if let Some(c) = self.promised
                && c != self.me
            {
                return false;
            }
            let mut id: u32 = 0;
            while id < self.me {
                if let Some(heard) = self.last_heard[id as usize]
                    && now.wrapping_sub(heard) <= self.heard_window
                {
                    return false;
                }
                id += 1;
            }
            true
        }

        fn promise(&mut self, candidate: u32, now: u32, io: &mut dyn Io<u32, Self>) {
            self.promised = Some(candidate);
            self.promise_until = now.wrapping_add(self.lease);
            io.set_alarm(PROMISE_END, self.promise_until);
        }

        fn count(&mut self, supporter: u32, until: u32) {
            let slot: &mut Option<u32> = &mut self.counted_until[supporter as usize];
            match *slot {
                Some(old) if !before(old, until) => {}
                _ => *slot = Some(until),
            }
        }

        fn tick(&mut self, io: &mut dyn Io<u32, Self>) {
            let now: u32 = io.now();
            self.expire(now);
            // Forget peers not heard for long: their readings must not wrap.
            let mut id: u32 = 0;
            while id < self.n {
                if let Some(heard) = self.last_heard[id as usize]
                    && now.wrapping_sub(heard) > self.heard_window
                {
                    self.last_heard[id as usize] = None;
                }
                id += 1;
            }
            if self.is_candidate(now) {
                self.last_req = Some(now);
                io.broadcast(Msg::Req {
                    from: self.me,
                    seq: now,
                });
                // Its own support, without the round trip.
                self.promise(self.me, now, io);
                self.count(self.me, now.wrapping_add(self.span));
            } else {
                io.broadcast(Msg::Alive { from: self.me });
            }
            io.set_alarm(TICK, now.wrapping_add(self.period));
        }

        fn on_req(&mut self, candidate: u32, seq: u32, io: &mut dyn Io<u32, Self>) {
            let now: u32 = io.now();
            self.expire(now);
            let free: bool = !self.quiet
                && match self.promised {
                    None => true,
                    Some(c) => c == candidate,
                };
            if free {
                self.promise(candidate, now, io);
                io.send(candidate, Msg::Support { from: self.me, seq });
            } else {
                io.send(
                    candidate,
                    Msg::Nack {
                        from: self.me,
                        seq,
                        supports: self.promised,
                    },
                );
            }
        }

        fn on_support(&mut self, supporter: u32, seq: u32, now: u32) {
            let Some(last_req) = self.last_req else {
                return;
            };
            // Only for a Req of this incarnation, sent at `seq`.
            if before(last_req, seq) || before(seq, self.started_at) {
                return;
            }
            let until: u32 = seq.wrapping_add(self.span);
            if before(now, until) {
                self.count(supporter, until);
            }
        }

        /// Recomputes leadership and the output, reports a change, and
        /// sets the alarm for the moment the majority can run out.
        fn evaluate(&mut self, io: &mut dyn Io<u32, Self>) {
            let now: u32 = io.now();
            self.expire(now);
            let mut remaining: Vec<u32> = Vec::new();
            let mut own_remaining: Option<u32> = None;
            let mut id: u32 = 0;
            while id < self.n {
                if let Some(until) = self.counted_until[id as usize] {
                    if before(now, until) {
                        let left: u32 = until.wrapping_sub(now);
                        remaining.push(left);
                        if id == self.me {
                            own_remaining = Some(left);
                        }
                    } else {
                        self.counted_until[id as usize] = None;
                    }
                }
                id += 1;
            }
            let majority: u32 = self.n / 2 + 1;
            let counted: u32 = remaining.len() as u32;
            let leader: bool = counted >= majority && self.promised == Some(self.me);
            let output: Option<u32> = match own_remaining {
                Some(own) if leader => {
                    // The majority lasts as long as its `majority`-th
                    // longest support, and never past its own.
                    remaining.sort_unstable_by(|a, b| b.cmp(a));
                    let kth_index: u32 = majority - 1;
                    let kth: u32 = remaining[kth_index as usize];
                    io.set_alarm(LEASE_END, now.wrapping_add(kth.min(own)));
                    Some(self.me)
                }
                _ => {
                    io.cancel_alarm(LEASE_END);
                    match self.promised {
                        Some(c) if c != self.me => Some(c),
                        _ => None,
                    }
                }
            };
            if output != self.reported {
                self.reported = output;
                io.report(output);
            }
        }
    }

    impl Protocol<u32> for Hale {
        type Msg = Msg;
        /// The leader this process trusts, if any.
        type Output = Option<u32>;

        fn start(&mut self, io: &mut dyn Io<u32, Self>) {
            let now: u32 = io.now();
            self.me = io.me();
            self.started_at = now;
            self.quiet = true;
            self.quiet_until = now.wrapping_add(self.lease);
            io.report(None);
            self.tick(io);
            self.evaluate(io);
        }

        fn on_message(&mut self, sender: u32, msg: Msg, io: &mut dyn Io<u32, Self>) {
            // The payload's `from` must be the sender the transport
            // authenticated: a message that claims another is dropped.
            if msg.sender() != sender {
                io.reject();
                return;
            }
            let now: u32 = io.now();
            match msg {
                Msg::Req { seq, .. } => {
                    if self.hear(sender, now) {
                        self.on_req(sender, seq, io);
                    }
                }
                Msg::Support { seq, .. } => {
                    if self.hear(sender, now) {
                        self.on_support(sender, seq, now);
                    }
                }
                Msg::Alive { .. } | Msg::Nack { .. } => {
                    self.hear(sender, now);
                }
            }
            self.evaluate(io);
        }

        fn on_alarm(&mut self, id: u32, io: &mut dyn Io<u32, Self>) {
            if id == TICK {
                self.tick(io);
            }
            // LEASE_END, PROMISE_END, and after a tick: re-evaluate.
            self.evaluate(io);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_is_validated() {
        assert_eq!(
            HaleConfig::new(0, 100, 500, 10, 0),
            Err(HaleConfigError::BadN { n: 0 })
        );
        assert_eq!(
            HaleConfig::new(3, 0, 500, 10, 0),
            Err(HaleConfigError::ZeroPeriod)
        );
        assert_eq!(
            HaleConfig::new(3, 100, 500, 10, PPM),
            Err(HaleConfigError::DriftTooLarge { drift_ppm: PPM })
        );
        // 100 + 20 = 120 ≥ ⌊119·0.9/1.1⌋ = 97.
        assert_eq!(
            HaleConfig::new(3, 100, 120, 10, 100_000),
            Err(HaleConfigError::LeaseTooShort {
                needed: 120,
                span: 97
            })
        );
        assert!(matches!(
            HaleConfig::new(3, 100, u32::MAX, 10, 0),
            Err(HaleConfigError::TooLong { what: "L", .. })
        ));
        // The largest values compute without overflow.
        let big = HaleConfig::new(MAX_N, 1, MAX_TIME_MS, MAX_TIME_MS / 4, 1).unwrap();
        assert_eq!(big.span(), MAX_TIME_MS - 2149);
        assert!(HaleConfig::new(3, 1, MAX_TIME_MS, MAX_TIME_MS, 0).is_err());
        let ok = HaleConfig::new(3, 100, 300, 10, 1000).unwrap();
        assert_eq!(ok.span(), 298);
        assert_eq!(ok.election_bound_ms(), 541);
        let err = HaleConfig::new(3, 100, 120, 10, 100_000).unwrap_err();
        assert!(err.to_string().contains("lease too short"), "{err}");
        for period in [1, 10, 100, 1000, 100_000] {
            HaleConfig::for_period(5, period).unwrap();
        }
    }

    macro_rules! state_machine_tests {
        ($build:ident) => {
            mod $build {
                use anguard::Protocol;

                use crate::fake_io::{FakeIo, w};
                use crate::hale::HaleConfig;
                use crate::hale::$build::{Hale, LEASE_END, Msg, PROMISE_END, TICK};

                /// n = 3, EP = 100, L = 300, δ = 10, ρ = 0: span 299.
                fn config() -> HaleConfig {
                    HaleConfig::new(3, 100, 300, 10, 0).unwrap()
                }

                fn started(me: u32, now: u32) -> (Hale, FakeIo<Msg>) {
                    let mut p = Hale::new(&config());
                    let mut io = FakeIo::new(me, 3, now);
                    p.start(&mut io);
                    (p, io)
                }

                fn tick(p: &mut Hale, io: &mut FakeIo<Msg>, now: u32) {
                    io.now = now;
                    p.on_alarm(TICK, io);
                }

                fn deliver(p: &mut Hale, io: &mut FakeIo<Msg>, now: u32, msg: Msg) {
                    io.now = now;
                    let sender = msg.sender();
                    p.on_message(sender, msg, io);
                }

                fn req(from: u32, seq: u32) -> Msg {
                    Msg::Req {
                        from: w(from),
                        seq: w(seq),
                    }
                }

                fn support(from: u32, seq: u32) -> Msg {
                    Msg::Support {
                        from: w(from),
                        seq: w(seq),
                    }
                }

                /// Starts process 0 at `t0` and ticks it past its quiet
                /// period: it sends its first Req at `t0 + 300`.
                fn first_req(t0: u32) -> (Hale, FakeIo<Msg>, u32) {
                    let (mut p, mut io) = started(0, t0);
                    assert_eq!(io.reports, vec![None]);
                    let alive: Vec<_> = io.take_sent();
                    assert_eq!(
                        alive,
                        vec![
                            (1, Msg::Alive { from: w(0) }),
                            (2, Msg::Alive { from: w(0) })
                        ]
                    );
                    for k in 1..=2 {
                        tick(&mut p, &mut io, t0.wrapping_add(100 * k));
                        assert!(matches!(io.take_sent()[0].1, Msg::Alive { .. }), "quiet");
                    }
                    let s = t0.wrapping_add(300);
                    tick(&mut p, &mut io, s);
                    assert_eq!(io.take_sent(), vec![(1, req(0, s)), (2, req(0, s))]);
                    assert_eq!(io.output(), Some(None), "a candidate alone is no leader");
                    (p, io, s)
                }

                fn leads_then_steps_down(t0: u32) {
                    let (mut p, mut io, s) = first_req(t0);
                    deliver(&mut p, &mut io, s.wrapping_add(15), support(1, s));
                    assert_eq!(io.output(), Some(Some(0)));
                    assert!(p.is_leader());
                    // The majority (itself and 1) runs out at s + span.
                    assert_eq!(io.alarm(LEASE_END), Some(s.wrapping_add(299)));
                    io.now = s.wrapping_add(299);
                    p.on_alarm(LEASE_END, &mut io);
                    assert_eq!(io.output(), Some(None));
                    assert!(!p.is_leader());
                    assert_eq!(io.reports, vec![None, Some(0), None]);
                }

                #[test]
                fn majority_of_supports_elects_and_lease_end_demotes() {
                    leads_then_steps_down(1_000);
                }

                #[test]
                fn clock_wraps() {
                    leads_then_steps_down(u32::MAX - 350);
                }

                #[test]
                fn renewals_keep_the_leader() {
                    let (mut p, mut io, s) = first_req(0);
                    deliver(&mut p, &mut io, s + 5, support(2, s));
                    assert!(p.is_leader());
                    for k in 1..10 {
                        let t = s + 100 * k;
                        tick(&mut p, &mut io, t);
                        assert_eq!(io.take_sent(), vec![(1, req(0, t)), (2, req(0, t))]);
                        deliver(&mut p, &mut io, t + 20, support(1, t));
                        assert_eq!(io.alarm(LEASE_END), Some(t + 299));
                    }
                    assert_eq!(io.reports, vec![None, Some(0)]);
                }

                #[test]
                fn stale_or_forged_supports_do_not_count() {
                    let (mut p, mut io, s) = first_req(0);
                    // Sent before this incarnation started; from the future;
                    // past its span; from no process.
                    for msg in [
                        support(1, 0u32.wrapping_sub(5)),
                        support(1, s + 1),
                        support(7, s),
                    ] {
                        deliver(&mut p, &mut io, s + 5, msg);
                        assert!(!p.is_leader());
                    }
                    deliver(&mut p, &mut io, s + 299, support(1, s));
                    assert!(!p.is_leader());
                }

                #[test]
                fn a_message_naming_another_sender_is_rejected() {
                    let (mut p, mut io, s) = first_req(0);
                    // Process 2 sends a Support that claims to come from 1.
                    io.now = s + 5;
                    p.on_message(w(2), support(1, s), &mut io);
                    assert_eq!(io.rejected, 1);
                    assert!(!p.is_leader(), "the forged support does not count");
                    deliver(&mut p, &mut io, s + 6, support(2, s));
                    assert!(p.is_leader());
                    assert_eq!(io.rejected, 1);
                }

                #[test]
                fn supporter_promises_for_the_lease_and_nacks_others() {
                    let (mut p, mut io) = started(1, 0);
                    io.take_sent();
                    // Quiet period: promises nothing.
                    deliver(&mut p, &mut io, 100, req(0, 95));
                    assert_eq!(
                        io.take_sent(),
                        vec![(
                            0,
                            Msg::Nack {
                                from: w(1),
                                seq: w(95),
                                supports: None
                            }
                        )]
                    );
                    deliver(&mut p, &mut io, 310, req(2, 305));
                    assert_eq!(io.take_sent(), vec![(2, support(1, 305))]);
                    assert_eq!(io.output(), Some(Some(2)));
                    assert_eq!(io.alarm(PROMISE_END), Some(610));
                    deliver(&mut p, &mut io, 400, req(0, 395));
                    assert_eq!(
                        io.take_sent(),
                        vec![(
                            0,
                            Msg::Nack {
                                from: w(1),
                                seq: w(395),
                                supports: Some(w(2))
                            }
                        )]
                    );
                    // Heard 0 lately, and promised 2: not a candidate.
                    tick(&mut p, &mut io, 500);
                    assert!(matches!(io.take_sent()[0].1, Msg::Alive { .. }));
                    io.now = 610;
                    p.on_alarm(PROMISE_END, &mut io);
                    assert_eq!(io.output(), Some(None));
                    deliver(&mut p, &mut io, 620, req(0, 615));
                    assert_eq!(io.take_sent(), vec![(0, support(1, 615))]);
                    assert_eq!(io.output(), Some(Some(0)));
                }

                #[test]
                fn lower_id_heard_suppresses_candidacy() {
                    let (mut p, mut io) = started(2, 0);
                    deliver(&mut p, &mut io, 290, Msg::Alive { from: w(1) });
                    tick(&mut p, &mut io, 300);
                    assert!(matches!(io.take_sent()[0].1, Msg::Alive { .. }));
                    // Not heard for more than EP + 2δ = 120: candidate.
                    tick(&mut p, &mut io, 411);
                    assert_eq!(io.take_sent(), vec![(0, req(2, 411)), (1, req(2, 411))]);
                }

                #[test]
                fn leader_nacked_by_a_majority_is_no_leader() {
                    let (mut p, mut io, s) = first_req(0);
                    for from in [1, 2] {
                        deliver(
                            &mut p,
                            &mut io,
                            s + 5,
                            Msg::Nack {
                                from: w(from),
                                seq: w(s),
                                supports: Some(w(1)),
                            },
                        );
                    }
                    assert!(!p.is_leader());
                    assert_eq!(io.reports, vec![None]);
                }
            }
        };
    }

    state_machine_tests!(plain);
    state_machine_tests!(encoded);
}
