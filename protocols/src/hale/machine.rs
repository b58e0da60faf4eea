//! hale's state machine, written once over `u32` and compiled twice.

/// The state machine in both builds: `plain` as written,
/// `encoded` with every `u32` an [`anguard::AnU32`].
#[anguard::an_encode]
pub mod builds {
    use anguard::{Io, Protocol};
    use serde::{Deserialize, Serialize};

    use crate::hale::config::{HaleConfig, Params};

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
