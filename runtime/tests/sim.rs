//! The simulator is deterministic and each fault knob does what it says.
#![cfg(feature = "sim")]

mod common;

use anguard::sim::{Clock, Event, LinkConfig, LostBy, Sim, SimConfig, Trace};
use anguard::{AnU32, Discard, Word, node_for};
use common::{Beacon, Counter};

const MS: u64 = 1_000;
const S: u64 = 1_000_000;

fn beacon<W: anguard::Word>(config: SimConfig) -> Sim<Option<u32>> {
    Sim::new(config, |_| node_for(Beacon::<W>::new(10)))
}

fn config(seed: u64) -> SimConfig {
    SimConfig {
        n: 3,
        seed,
        link: LinkConfig {
            delay_min_us: 500,
            delay_max_us: 5_000,
            loss: 0.1,
            duplicate: 0.05,
            reorder: true,
        },
        ..SimConfig::default()
    }
}

fn trace<W: anguard::Word>(config: SimConfig) -> Trace<Option<u32>> {
    let mut sim = beacon::<W>(config);
    sim.run_for(2 * S);
    sim.take_trace()
}

#[test]
fn same_seed_same_trace_different_seed_different() {
    let a = trace::<u32>(config(1));
    assert!(a.records().len() > 1000);
    assert_eq!(a, trace::<u32>(config(1)));
    assert_ne!(a, trace::<u32>(config(2)));
}

#[test]
fn plain_and_encoded_builds_give_the_same_trace() {
    for seed in 0..5 {
        assert_eq!(trace::<u32>(config(seed)), trace::<AnU32>(config(seed)));
    }
}

#[test]
fn beacon_elects_the_lowest_id() {
    let mut sim = beacon::<AnU32>(config(3));
    sim.run_for(S);
    assert_eq!(sim.outputs(), &[Some(0); 3]);
}

#[test]
fn loss_one_drops_everything() {
    let mut cfg = config(4);
    cfg.link.loss = 1.0;
    let mut sim = beacon::<u32>(cfg);
    sim.run_for(S);
    let stats = sim.stats();
    assert!(stats.sent > 100);
    assert_eq!((stats.delivered, stats.lost), (0, stats.sent));
    assert_eq!(sim.trace().count(|e| matches!(e, Event::Deliver { .. })), 0);
    assert_eq!(sim.outputs(), &[Some(0), Some(1), Some(2)], "each alone");
}

#[test]
fn partitions_block_and_heal() {
    let mut sim = beacon::<u32>(config(5));
    sim.run_for(S);
    sim.partition(&[&[0, 1], &[2]]);
    let cut = sim.now_us();
    sim.run_for(S);
    let crossed = sim
        .trace()
        .records()
        .iter()
        .filter(|r| r.t_us > cut)
        .filter(|r| match r.event {
            Event::Deliver { from } => (from == 2) != (r.node == 2),
            _ => false,
        })
        .count();
    assert_eq!(crossed, 0);
    assert!(
        sim.trace().count(|e| matches!(
            e,
            Event::Lost {
                by: LostBy::Partition,
                ..
            }
        )) > 50
    );
    assert_eq!(sim.outputs(), &[Some(0), Some(0), Some(2)]);
    sim.heal();
    sim.run_for(S);
    assert_eq!(sim.outputs(), &[Some(0); 3]);
}

#[test]
fn crash_stops_a_node_and_restart_brings_it_back() {
    let mut sim = beacon::<AnU32>(config(6));
    sim.run_for(S);
    sim.crash(0);
    assert!(!sim.is_up(0));
    let cut = sim.now_us();
    sim.run_for(S);
    assert!(sim.trace().of(0).all(|r| r.t_us <= cut));
    assert_eq!(sim.outputs(), &[None, Some(1), Some(1)]);
    assert!(
        sim.trace().count(|e| matches!(
            e,
            Event::Lost {
                by: LostBy::Crashed,
                ..
            }
        )) > 50
    );
    sim.restart(0);
    sim.run_for(S);
    assert!(sim.is_up(0));
    assert_eq!(sim.outputs(), &[Some(0); 3]);
    assert_eq!(
        sim.trace()
            .of(0)
            .filter(|r| r.event == Event::Start)
            .count(),
        2
    );
}

#[test]
fn drift_skews_clocks_within_the_bound() {
    let rho = 50_000; // 5 %
    let cfg = SimConfig {
        max_drift_ppm: rho,
        ..config(7)
    };
    let mut sim = beacon::<u32>(cfg);
    let t = 100 * S;
    sim.run_for(t);
    let mut skews = vec![];
    for node in 0..3 {
        let clock = sim.clock(node);
        assert!(clock.drift_ppm.unsigned_abs() <= u64::from(rho));
        let elapsed = (clock.local_us(t) - clock.offset_us) as i64;
        let skew = elapsed - t as i64;
        assert!(skew.unsigned_abs() <= t * u64::from(rho) / 1_000_000);
        skews.push(skew);
    }
    assert!(skews.iter().any(|&s| s.unsigned_abs() > S), "{skews:?}");
    // Every alarm fires at the first true time its local clock reaches it.
    let trace = sim.trace();
    for node in 0..3 {
        let clock = sim.clock(node);
        let mut pending = None;
        for r in trace.of(node) {
            match r.event {
                Event::AlarmSet { at_ms, .. } => pending = Some(at_ms),
                Event::AlarmFired { .. } => {
                    let at = u64::from(pending.take().unwrap()) * 1000;
                    assert!(clock.local_us(r.t_us) >= at);
                    assert!(clock.local_us(r.t_us - 1) < at);
                }
                _ => {}
            }
        }
    }
}

#[test]
fn a_set_clock_moves_alarms() {
    let mut sim = beacon::<u32>(config(8));
    sim.set_clock(
        1,
        Clock {
            offset_us: 0,
            drift_ppm: 100_000,
        },
    );
    sim.run_for(S);
    let fired = |node| {
        sim.trace()
            .of(node)
            .filter(|r| matches!(r.event, Event::AlarmFired { .. }))
            .count()
    };
    // 10 % fast: about 110 ticks a second instead of 100.
    assert!((108..=111).contains(&fired(1)), "{}", fired(1));
    assert!((98..=101).contains(&fired(0)), "{}", fired(0));
}

#[test]
fn duplication_one_delivers_twice() {
    let mut cfg = config(9);
    cfg.link.loss = 0.0;
    cfg.link.duplicate = 1.0;
    let mut sim = beacon::<u32>(cfg);
    sim.run_until(S);
    let stats = sim.stats();
    assert_eq!(stats.duplicated, stats.sent);
    let in_flight = 2 * stats.sent - stats.delivered;
    assert!(in_flight <= 2 * 2 * 3, "{stats:?}");
}

fn received(link: LinkConfig) -> Vec<u32> {
    let mut sim = Sim::new(
        SimConfig {
            n: 2,
            link,
            ..SimConfig::default()
        },
        |_| node_for(Counter::default()),
    );
    sim.run_for(S);
    sim.with_state(1, |s| s.downcast_mut::<Counter>().unwrap().got.clone())
        .unwrap()
}

#[test]
fn reordering_knob() {
    let wide = LinkConfig {
        delay_min_us: 100,
        delay_max_us: 20 * MS,
        ..LinkConfig::default()
    };
    let got = received(wide);
    assert!(got.len() > 900);
    assert!(got.windows(2).any(|w| w[0] > w[1]), "reordered");
    let got = received(LinkConfig {
        reorder: false,
        ..wide
    });
    assert!(got.len() > 900);
    assert!(got.windows(2).all(|w| w[0] < w[1]), "FIFO");
}

#[test]
fn flipped_bit_in_transit_is_discarded_by_the_encoded_build_only() {
    let flip = |sim: &mut Sim<Option<u32>>| {
        sim.set_message_hook(|info, bytes| {
            if info.index % 10 == 0 {
                bytes[3] ^= 0x08;
            }
        })
    };
    let mut cfg = config(10);
    cfg.link.loss = 0.0;
    let mut enc = beacon::<AnU32>(cfg);
    flip(&mut enc);
    enc.run_for(S);
    let delivered = enc.stats().delivered;
    assert_eq!(enc.stats().discarded, delivered.div_ceil(10));
    assert!(
        enc.trace()
            .count(|e| *e == Event::Discard(Discard::Incoming))
            > 0
    );
    assert_eq!(enc.outputs(), &[Some(0); 3], "omissions are tolerated");

    let mut plain = beacon::<u32>(cfg);
    flip(&mut plain);
    plain.run_for(S);
    assert_eq!(plain.stats().discarded, 0);
}

#[test]
fn flipped_alarm_id_is_discarded() {
    let mut sim = beacon::<AnU32>(config(11));
    sim.set_alarm_hook(|info, id, _at| {
        if info.node == 2 && info.index > 20 {
            id.bits ^= 1 << 40;
        }
    });
    sim.run_for(S);
    assert_eq!(
        sim.trace()
            .count(|e| *e == Event::Discard(Discard::AlarmFired)),
        1
    );
    // Node 2's timer is gone: it stops sending, the others stop hearing it.
    assert_eq!(sim.outputs()[2], Some(0));
}

#[test]
fn flipped_state_word_is_detected() {
    let mut sim = beacon::<AnU32>(config(12));
    sim.run_for(S);
    let flipped = sim.with_state(1, |state| {
        let beacon = state.downcast_mut::<Beacon<AnU32>>().unwrap();
        anguard::inject::Flip::flip(&mut beacon.period, 1 << 7);
    });
    assert!(flipped.is_some());
    sim.run_for(S);
    assert_eq!(sim.stats().faults, 1);
    assert!(!sim.is_up(1));
    assert_eq!(sim.trace().count(|e| matches!(e, Event::Fault { .. })), 1);
    assert_eq!(sim.outputs(), &[Some(0), None, Some(0)]);
}

#[test]
fn a_fault_stops_the_node_without_changing_the_fault_policy() {
    use anguard::fault::{self, Policy};
    let before = fault::policy();
    let mut sim = beacon::<AnU32>(config(12));
    sim.run_for(S);
    sim.with_state(1, |state| {
        let beacon = state.downcast_mut::<Beacon<AnU32>>().unwrap();
        anguard::inject::Flip::flip(&mut beacon.period, 1 << 7);
    });
    sim.run_for(S);
    assert_eq!(sim.stats().faults, 1, "caught inside the simulator");
    assert_eq!(
        fault::policy(),
        before,
        "and the policy outside is as it was"
    );
    assert_eq!(before, Policy::Abort, "nothing in this binary sets it");
}

#[test]
fn the_sender_is_the_sending_node_and_a_rejection_is_counted() {
    /// Node 0 sends node 1 a message claiming to come from 2; node 1
    /// reports the senders it trusts and rejects the claim.
    struct Liar;
    impl anguard::Protocol<u32> for Liar {
        type Msg = u32;
        type Output = Option<u32>;
        fn start(&mut self, io: &mut dyn anguard::Io<u32, Self>) {
            if io.me() == 0 {
                io.send(1, 2);
                io.send(1, 0);
            }
        }
        fn on_message(&mut self, from: u32, claimed: u32, io: &mut dyn anguard::Io<u32, Self>) {
            if claimed == from {
                io.report(Some(from));
            } else {
                io.reject();
            }
        }
        fn on_alarm(&mut self, _: u32, _: &mut dyn anguard::Io<u32, Self>) {}
    }
    let mut sim = Sim::new(SimConfig::default(), |_| node_for(Liar));
    sim.run_for(S);
    assert_eq!(sim.stats().rejected, 1);
    assert_eq!(
        sim.stats().discarded,
        0,
        "a rejection is not a discarded word"
    );
    assert_eq!(sim.trace().count(|e| matches!(e, Event::Rejected)), 1);
    assert_eq!(sim.outputs()[1], Some(0));
}

#[test]
fn other_panics_unwind_unless_caught() {
    struct Boom;
    impl anguard::Protocol<u32> for Boom {
        type Msg = ();
        type Output = Option<u32>;
        fn start(&mut self, _io: &mut dyn anguard::Io<u32, Self>) {
            panic!("boom");
        }
        fn on_message(&mut self, _from: u32, _: (), _: &mut dyn anguard::Io<u32, Self>) {}
        fn on_alarm(&mut self, _: u32, _: &mut dyn anguard::Io<u32, Self>) {}
    }
    let cfg = SimConfig {
        catch_panics: true,
        ..SimConfig::default()
    };
    let mut sim = Sim::new(cfg, |_| node_for(Boom));
    sim.run_for(S);
    assert_eq!(sim.stats().panics, 3);
    let caught = std::panic::catch_unwind(|| {
        let mut sim = Sim::new(SimConfig::default(), |_| node_for(Boom));
        sim.run_for(S);
    });
    assert!(caught.is_err());
    let _ = u32::ENCODED;
}
