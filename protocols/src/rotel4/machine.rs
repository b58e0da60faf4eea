//! rotel4's state machine, written once over `u32` and compiled twice.

/// The state machine in both builds: `plain` as written,
/// `encoded` with every `u32` an [`anguard::AnU32`].
#[anguard::an_encode]
pub mod builds {
    use anguard::{Io, Protocol};
    use serde::{Deserialize, Serialize};

    use crate::rotel4::config::{Params, Rotel4Config};

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
