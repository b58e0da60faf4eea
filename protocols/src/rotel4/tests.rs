//! The configuration's checks, and the state machine driven by hand in both builds.

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
            use anguard::an::Tag;

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
                    __tag: Tag::NEW,
                }
            }

            fn start(from: u32, round: u32) -> Msg {
                Msg::Start {
                    from: w(from),
                    round: w(round),
                    __tag: Tag::NEW,
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
