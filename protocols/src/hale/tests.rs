//! The configuration's checks, and the state machine driven by hand in both builds.

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
            use anguard::an::Tag;

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
                    __tag: Tag::NEW,
                }
            }

            fn support(from: u32, seq: u32) -> Msg {
                Msg::Support {
                    from: w(from),
                    seq: w(seq),
                    __tag: Tag::NEW,
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
                        (
                            1,
                            Msg::Alive {
                                from: w(0),
                                __tag: Tag::NEW
                            }
                        ),
                        (
                            2,
                            Msg::Alive {
                                from: w(0),
                                __tag: Tag::NEW
                            }
                        )
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
                assert!(bool::from(p.is_leader()));
                // The majority (itself and 1) runs out at s + span.
                assert_eq!(io.alarm(LEASE_END), Some(s.wrapping_add(299)));
                io.now = s.wrapping_add(299);
                p.on_alarm(LEASE_END, &mut io);
                assert_eq!(io.output(), Some(None));
                assert!(!bool::from(p.is_leader()));
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
                assert!(bool::from(p.is_leader()));
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
                    assert!(!bool::from(p.is_leader()));
                }
                deliver(&mut p, &mut io, s + 299, support(1, s));
                assert!(!bool::from(p.is_leader()));
            }

            #[test]
            fn a_message_naming_another_sender_is_rejected() {
                let (mut p, mut io, s) = first_req(0);
                // Process 2 sends a Support that claims to come from 1.
                io.now = s + 5;
                p.on_message(w(2), support(1, s), &mut io);
                assert_eq!(io.rejected, 1);
                assert!(
                    !bool::from(p.is_leader()),
                    "the forged support does not count"
                );
                deliver(&mut p, &mut io, s + 6, support(2, s));
                assert!(bool::from(p.is_leader()));
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
                            supports: None,
                            __tag: Tag::NEW,
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
                            supports: Some(w(2)),
                            __tag: Tag::NEW,
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
                deliver(
                    &mut p,
                    &mut io,
                    290,
                    Msg::Alive {
                        from: w(1),
                        __tag: Tag::NEW,
                    },
                );
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
                            __tag: Tag::NEW,
                        },
                    );
                }
                assert!(!bool::from(p.is_leader()));
                assert_eq!(io.reports, vec![None]);
            }
        }
    };
}

state_machine_tests!(plain);
state_machine_tests!(encoded);
