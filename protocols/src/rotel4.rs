//! rotel4: the stable rotating Ω of Aguilera, Delporte-Gallet, Fauconnier and
//! Toueg (DISC 2001), in its variant for lossy links with election time
//! `(n+4)δ`.
//!
//! Ω is a weak leader election: eventually every correct process outputs the
//! same correct leader, forever. Before that, outputs may differ. *Stable*
//! means a leader is not demoted while it is correct and its messages are
//! timely, whatever other processes or links do.
//!
//! # The algorithm
//!
//! Processes move through rounds `r`; the leader of round `k` is `k mod n`.
//!
//! - `StartRound(k)`: `r = k`, output ⊥ (`None`), send `Start{from, k}` to
//!   all, reset the timer. The leader of round `k` then sends `Ok{from, k}`
//!   to all at once and every δ after.
//! - On `Ok{from, k}` with `k = r`: reset the timer; after the second `Ok` of
//!   the round, output `k mod n`.
//! - On `Ok{from, k}` or `Start{from, k}` with `k > r`: `StartRound(k)`; an
//!   `Ok` also counts as the round's first `Ok`.
//! - On either with `k < r`: answer the sender `Start{me, r}`, so a process
//!   that fell behind (or restarted) catches up without demoting anyone.
//! - No `Ok` for more than 2δ: `StartRound(r+1)`. A crashed leader of round
//!   `r` is therefore followed by `r+1`: the next id.
//!
//! # Where the design sketch was silent
//!
//! - **The leader receives its own `Ok`s** without the network: each one it
//!   sends resets its own timer and counts, so it outputs itself after its
//!   second `Ok` (δ after its round began), like everyone else.
//! - **An `Ok` must come from its round's leader** (`from = k mod n`);
//!   others are ignored.
//! - **Restart**: a process (re)starts with `StartRound(0)`. Its `Start{0}`
//!   is answered by the current round, which it adopts within a round trip,
//!   before its own timer (more than 2δ) can push it past that round.
//! - **Timer**: "more than 2δ" is an alarm at `2δ + 1` ms after the last `Ok`.
//! - **Rounds saturate** at `u32::MAX` instead of wrapping (4·10⁹ rounds).
//!
//! # Bound
//!
//! Once links from correct processes are timely (delay below δ, no loss),
//! all correct processes output the same correct leader within
//! [`Rotel4Config::election_bound_ms`] `= (n+4)δ` in the cases the tests
//! measure. A crashed leader costs its successor's round at most: the first
//! timeout fires within `2δ + 1` of the last `Ok`, the `Start` reaches the
//! next leader within δ, and its second `Ok` arrives δ + δ later: `5δ + 1`.
//! Each further crashed leader *in a row* adds one more timeout, `2δ + 1`: with
//! `f` of them the election takes up to about `(2f + 5)δ`, which exceeds
//! `(n+4)δ` once `f > (n−1)/2` — the design's round rule (one round per
//! timeout) cannot skip a dead round faster than a round trip.

use anguard::Word;
use thiserror::Error;

/// The largest `n` a configuration accepts.
pub const MAX_N: u32 = 1024;

/// The largest δ, in ms: timer readings must stay far below 2³¹ ms.
pub const MAX_DELTA_MS: u32 = 1 << 29;

/// A configuration [`Rotel4Config::new`] refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum Rotel4ConfigError {
    /// `n` out of range.
    #[error("n = {n} must be between 1 and {MAX_N}")]
    BadN {
        /// The given `n`.
        n: u32,
    },
    /// δ out of range.
    #[error("δ = {delta} ms must be between 1 and {MAX_DELTA_MS} ms")]
    BadDelta {
        /// The given δ.
        delta: u32,
    },
}

/// rotel4's parameters, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotel4Config {
    n: u32,
    delta: u32,
}

impl Rotel4Config {
    /// `n` processes; the leader sends `Ok` every `delta` (δ) ms, which is
    /// also the bound on message delay the timeout assumes.
    pub fn new(n: u32, delta: u32) -> Result<Self, Rotel4ConfigError> {
        if n == 0 || n > MAX_N {
            return Err(Rotel4ConfigError::BadN { n });
        }
        if delta == 0 || delta > MAX_DELTA_MS {
            return Err(Rotel4ConfigError::BadDelta { delta });
        }
        Ok(Rotel4Config { n, delta })
    }

    /// The number of processes.
    pub fn n(&self) -> u32 {
        self.n
    }
    /// δ, in ms.
    pub fn delta(&self) -> u32 {
        self.delta
    }

    /// `(n+4)δ`: the election time after stabilization, in ms.
    pub fn election_bound_ms(&self) -> u64 {
        (u64::from(self.n) + 4) * u64::from(self.delta)
    }

    /// The parameters as words of a build (`u32` or `AnU32`).
    pub fn params<W: Word>(&self) -> Params<W> {
        Params {
            n: W::from_u32(self.n),
            delta: W::from_u32(self.delta),
            timeout: W::from_u32(2 * self.delta + 1),
        }
    }
}

/// [`Rotel4Config`] as the protocol's words.
#[derive(Debug, Clone, Copy)]
pub struct Params<W> {
    /// The number of processes.
    pub n: W,
    /// δ.
    pub delta: W,
    /// `2δ + 1`: the timer.
    pub timeout: W,
}

pub use machine::{encoded, plain};

/// The state machine, written once over `u32`: `plain` as written,
/// `encoded` with every `u32` an [`anguard::AnU32`].
#[anguard::an_encode]
pub mod machine {
    use anguard::{Io, Protocol};
    use serde::{Deserialize, Serialize};

    use crate::rotel4::{Params, Rotel4Config};

    /// Alarm: the leader's next `Ok`.
    pub const SEND_OK: u32 = 0;
    /// Alarm: no `Ok` for more than 2δ.
    pub const TIMEOUT: u32 = 1;

    /// rotel4's messages; `from` is the sender.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Msg {
        /// The sender is in round `round`.
        Start {
            /// The sender.
            from: u32,
            /// Its round.
            round: u32,
        },
        /// The leader of `round` is alive.
        Ok {
            /// The sender, `round mod n`.
            from: u32,
            /// The round it leads.
            round: u32,
        },
    }

    impl Msg {
        /// The sender the payload names.
        pub fn sender(&self) -> u32 {
            match self {
                Msg::Start { from, .. } | Msg::Ok { from, .. } => *from,
            }
        }
    }

    /// One rotel4 process.
    #[derive(Debug, Clone)]
    pub struct Rotel4 {
        n: u32,
        delta: u32,
        timeout: u32,
        me: u32,
        round: u32,
        /// `Ok`s received in this round, up to 2.
        oks: u32,
        reported: Option<u32>,
    }

    impl Rotel4 {
        /// A process with a validated configuration.
        pub fn new(config: &Rotel4Config) -> Rotel4 {
            let params: Params<u32> = config.params();
            Rotel4 {
                n: params.n,
                delta: params.delta,
                timeout: params.timeout,
                me: 0,
                round: 0,
                oks: 0,
                reported: None,
            }
        }

        /// The current round.
        pub fn round(&self) -> u32 {
            self.round
        }

        /// The output last reported.
        pub fn output(&self) -> Option<u32> {
            self.reported
        }

        fn leader_of(&self, round: u32) -> u32 {
            round % self.n
        }

        fn set_output(&mut self, output: Option<u32>, io: &mut dyn Io<u32, Self>) {
            if output != self.reported {
                self.reported = output;
                io.report(output);
            }
        }

        fn reset_timer(&self, io: &mut dyn Io<u32, Self>) {
            let at: u32 = io.now().wrapping_add(self.timeout);
            io.set_alarm(TIMEOUT, at);
        }

        fn start_round(&mut self, round: u32, io: &mut dyn Io<u32, Self>) {
            self.round = round;
            self.oks = 0;
            self.set_output(None, io);
            io.broadcast(Msg::Start {
                from: self.me,
                round,
            });
            self.reset_timer(io);
            if self.leader_of(round) == self.me {
                self.send_ok(io);
            } else {
                io.cancel_alarm(SEND_OK);
            }
        }

        fn send_ok(&mut self, io: &mut dyn Io<u32, Self>) {
            io.broadcast(Msg::Ok {
                from: self.me,
                round: self.round,
            });
            let next: u32 = io.now().wrapping_add(self.delta);
            io.set_alarm(SEND_OK, next);
            self.got_ok(io);
        }

        fn got_ok(&mut self, io: &mut dyn Io<u32, Self>) {
            self.reset_timer(io);
            if self.oks < 2 {
                self.oks += 1;
            }
            if self.oks == 2 {
                let leader: u32 = self.leader_of(self.round);
                self.set_output(Some(leader), io);
            }
        }

        fn answer_behind(&self, to: u32, io: &mut dyn Io<u32, Self>) {
            io.send(
                to,
                Msg::Start {
                    from: self.me,
                    round: self.round,
                },
            );
        }
    }

    impl Protocol<u32> for Rotel4 {
        type Msg = Msg;
        /// The leader this process trusts, if any.
        type Output = Option<u32>;

        fn start(&mut self, io: &mut dyn Io<u32, Self>) {
            self.me = io.me();
            io.report(None);
            self.start_round(0, io);
        }

        fn on_message(&mut self, sender: u32, msg: Msg, io: &mut dyn Io<u32, Self>) {
            // The payload's `from` must be the sender the transport
            // authenticated: a message that claims another is dropped.
            if msg.sender() != sender {
                io.reject();
                return;
            }
            if sender >= self.n || sender == self.me {
                return;
            }
            match msg {
                Msg::Start { round, .. } => {
                    if round > self.round {
                        self.start_round(round, io);
                    } else if round < self.round {
                        self.answer_behind(sender, io);
                    }
                }
                Msg::Ok { round, .. } => {
                    if sender != self.leader_of(round) {
                        return;
                    }
                    if round > self.round {
                        self.start_round(round, io);
                        self.got_ok(io);
                    } else if round == self.round {
                        self.got_ok(io);
                    } else {
                        self.answer_behind(sender, io);
                    }
                }
            }
        }

        fn on_alarm(&mut self, id: u32, io: &mut dyn Io<u32, Self>) {
            if id == SEND_OK {
                if self.leader_of(self.round) == self.me {
                    self.send_ok(io);
                }
            } else if id == TIMEOUT {
                let next: u32 = self.round.saturating_add(1);
                self.start_round(next, io);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_is_validated() {
        assert_eq!(
            Rotel4Config::new(0, 10),
            Err(Rotel4ConfigError::BadN { n: 0 })
        );
        assert_eq!(
            Rotel4Config::new(3, 0),
            Err(Rotel4ConfigError::BadDelta { delta: 0 })
        );
        assert!(Rotel4Config::new(3, u32::MAX).is_err());
        let config = Rotel4Config::new(MAX_N, MAX_DELTA_MS).unwrap();
        assert_eq!(config.election_bound_ms(), (1028u64) << 29);
        assert_eq!(Rotel4Config::new(3, 10).unwrap().election_bound_ms(), 70);
    }

    macro_rules! state_machine_tests {
        ($build:ident) => {
            mod $build {
                use anguard::Protocol;

                use crate::fake_io::{FakeIo, w};
                use crate::rotel4::Rotel4Config;
                use crate::rotel4::$build::{Msg, Rotel4, SEND_OK, TIMEOUT};

                fn started(me: u32, now: u32) -> (Rotel4, FakeIo<Msg>) {
                    let mut p = Rotel4::new(&Rotel4Config::new(3, 10).unwrap());
                    let mut io = FakeIo::new(me, 3, now);
                    p.start(&mut io);
                    (p, io)
                }

                fn ok(from: u32, round: u32) -> Msg {
                    Msg::Ok {
                        from: w(from),
                        round: w(round),
                    }
                }

                fn start(from: u32, round: u32) -> Msg {
                    Msg::Start {
                        from: w(from),
                        round: w(round),
                    }
                }

                fn deliver(p: &mut Rotel4, io: &mut FakeIo<Msg>, now: u32, msg: Msg) {
                    io.now = now;
                    let sender = msg.sender();
                    p.on_message(sender, msg, io);
                }

                #[test]
                fn a_message_naming_another_sender_is_rejected() {
                    let (mut p, mut io) = started(1, 0);
                    io.take_sent();
                    // Process 2 sends the Oks of round 0's leader, 0.
                    for t in [5, 6] {
                        io.now = t;
                        p.on_message(w(2), ok(0, 0), &mut io);
                    }
                    assert_eq!(io.rejected, 2);
                    assert_eq!(io.output(), Some(None), "forged Oks elect nobody");
                    deliver(&mut p, &mut io, 7, ok(0, 0));
                    deliver(&mut p, &mut io, 8, ok(0, 0));
                    assert_eq!(io.output(), Some(Some(0)));
                    assert_eq!(io.rejected, 2);
                }

                #[test]
                fn round_zero_leader_outputs_itself_after_its_second_ok() {
                    let (mut p, mut io) = started(0, 0);
                    assert_eq!(
                        io.take_sent(),
                        vec![
                            (1, start(0, 0)),
                            (2, start(0, 0)),
                            (1, ok(0, 0)),
                            (2, ok(0, 0))
                        ]
                    );
                    assert_eq!(io.alarm(SEND_OK), Some(10));
                    assert_eq!(io.alarm(TIMEOUT), Some(21));
                    assert_eq!(io.reports, vec![None]);
                    io.now = 10;
                    p.on_alarm(SEND_OK, &mut io);
                    assert_eq!(io.take_sent(), vec![(1, ok(0, 0)), (2, ok(0, 0))]);
                    assert_eq!(io.reports, vec![None, Some(0)]);
                    assert_eq!(io.alarm(TIMEOUT), Some(31));
                }

                #[test]
                fn follower_outputs_after_two_oks_and_times_out_to_the_next_id() {
                    let (mut p, mut io) = started(2, 0);
                    deliver(&mut p, &mut io, 5, ok(0, 0));
                    assert_eq!(io.reports, vec![None]);
                    deliver(&mut p, &mut io, 15, ok(0, 0));
                    assert_eq!(io.reports, vec![None, Some(0)]);
                    assert_eq!(io.alarm(TIMEOUT), Some(36));
                    io.take_sent();
                    io.now = 36;
                    p.on_alarm(TIMEOUT, &mut io);
                    assert_eq!(p.round(), 1);
                    assert_eq!(io.take_sent(), vec![(0, start(2, 1)), (1, start(2, 1))]);
                    assert_eq!(io.reports, vec![None, Some(0), None]);
                    // Round 1's leader (1) is alive: an Ok of a higher round counts.
                    deliver(&mut p, &mut io, 40, ok(1, 1));
                    deliver(&mut p, &mut io, 50, ok(1, 1));
                    assert_eq!(io.reports, vec![None, Some(0), None, Some(1)]);
                }

                #[test]
                fn higher_round_is_adopted_and_its_leader_starts_sending() {
                    let (mut p, mut io) = started(1, 0);
                    io.take_sent();
                    deliver(&mut p, &mut io, 3, start(2, 4));
                    assert_eq!(p.round(), 4);
                    // Round 4's leader is 4 mod 3 = 1: itself.
                    assert_eq!(
                        io.take_sent(),
                        vec![
                            (0, start(1, 4)),
                            (2, start(1, 4)),
                            (0, ok(1, 4)),
                            (2, ok(1, 4))
                        ]
                    );
                    assert_eq!(io.alarm(SEND_OK), Some(13));
                }

                #[test]
                fn late_processes_are_told_the_round() {
                    let (mut p, mut io) = started(2, 0);
                    deliver(&mut p, &mut io, 1, start(1, 5));
                    io.take_sent();
                    // A restarted process in round 0, and an old leader.
                    deliver(&mut p, &mut io, 2, start(0, 0));
                    deliver(&mut p, &mut io, 3, ok(0, 3));
                    assert_eq!(io.take_sent(), vec![(0, start(2, 5)), (0, start(2, 5))]);
                    assert_eq!(p.round(), 5);
                }

                #[test]
                fn oks_from_a_non_leader_are_ignored() {
                    let (mut p, mut io) = started(2, 0);
                    io.take_sent();
                    deliver(&mut p, &mut io, 1, ok(1, 0));
                    deliver(&mut p, &mut io, 2, ok(1, 0));
                    deliver(&mut p, &mut io, 3, ok(9, 9));
                    assert_eq!(io.reports, vec![None]);
                    assert!(io.take_sent().is_empty());
                    assert_eq!(p.round(), 0);
                }
            }
        };
    }

    state_machine_tests!(plain);
    state_machine_tests!(encoded);
}
