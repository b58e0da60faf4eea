//! Every corpus module, run through `plain` and `encoded` on the same
//! proptest inputs: same decoded results, same panics.

use anguard::an::{AnI16, AnI64, AnU8, AnU64, Tag};
use anguard::{AnU32, AnUsize};
use anguard_tests::corpus::*;
use anguard_tests::differential::{Decode, assert_same, encode_all};
use proptest::prelude::*;

fn small() -> impl Strategy<Value = u32> {
    0u32..64
}

fn words(len: usize) -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(any::<u32>(), 0..len)
}

/// The encoded `Health`, as the plain one.
fn health(h: flags::encoded::Health) -> flags::plain::Health {
    match h {
        flags::encoded::Health::Up(_) => flags::plain::Health::Up(Tag::NEW),
        flags::encoded::Health::Suspect(at, _) => {
            flags::plain::Health::Suspect(at.decode(), Tag::NEW)
        }
    }
}

/// A frame for `byte_counters`: mostly well-formed, with the magic byte,
/// a version and a hop count near the bounds.
fn frame() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<bool>(),
        0u8..5,
        190u8..=255,
        any::<u8>(),
        prop::collection::vec(any::<u8>(), 0..8),
    )
        .prop_map(|(magic, version, hops, kind, rest)| {
            let mut frame = vec![if magic { b'F' } else { kind }, version, hops, kind];
            frame.extend(rest);
            frame
        })
}

proptest! {
    #[test]
    fn sorted_ring_agrees(
        slots in 1usize..9,
        ops in prop::collection::vec((0u8..3, any::<i64>(), 0u32..20, 0usize..12), 0..30),
    ) {
        use sorted_ring::{encoded, plain};
        assert_same(
            || {
                let mut ring = plain::Ring::new(slots);
                let mut out = Vec::new();
                for &(op, offset, x, i) in &ops {
                    out.push(match op {
                        0 => format!("{:?}", ring.put(offset % 1000, x)),
                        1 => format!("{:?}", ring.take(i)),
                        _ => format!("{:?}", ring.shift(offset)),
                    });
                }
                (format!("{ring:?}"), out, plain::STRICT)
            },
            || {
                let mut ring = encoded::Ring::new(slots.into());
                let mut out = Vec::new();
                for &(op, offset, x, i) in &ops {
                    out.push(match op {
                        0 => format!("{:?}", ring.put((offset % 1000).into(), x.into())),
                        1 => format!("{:?}", ring.take(i.into())),
                        _ => format!("{:?}", ring.shift(offset.into())),
                    });
                }
                (format!("{ring:?}"), out, encoded::STRICT.decode())
            },
        );
    }

    #[test]
    fn byte_counters_agree(
        frames in prop::collection::vec(frame(), 0..12),
        budget in any::<u8>(),
        steps in any::<u8>(),
        data in prop::collection::vec(any::<u8>(), 0..40),
        b in any::<u8>(),
    ) {
        use byte_counters::{encoded, plain};
        assert_same(
            || {
                let mut link = plain::Link::default();
                let read: Vec<String> = frames.iter().map(|f| format!("{:?}", link.read(f))).collect();
                let classes: Vec<u8> = (0..=255).map(plain::class).collect();
                let mut marked = link.clone();
                marked.mark();
                let read = [read, vec![format!("{marked:?}")]].concat();
                (format!("{link:?}"), read, link.forward(), link.checksum(), classes)
            },
            || {
                let mut link = encoded::Link::default();
                let read: Vec<String> = frames.iter().map(|f| format!("{:?}", link.read(f))).collect();
                let classes: Vec<u8> = (0..=255).map(|b| encoded::class(AnU8::encode(b)).decode()).collect();
                let mut marked = link.clone();
                marked.mark();
                let read = [read, vec![format!("{marked:?}")]].concat();
                (format!("{link:?}"), read, link.forward(), link.checksum().decode(), classes)
            },
        );
        assert_same(
            || (plain::countdown(budget, steps), plain::digit(b)),
            || {
                let (trace, left, out) = encoded::countdown(budget.into(), steps.into());
                ((trace, left.decode(), out.decode()), encoded::digit(b.into()).decode())
            },
        );
        assert_same(|| plain::byte_sum(&data), || encoded::byte_sum(&data).decode());
        assert_same(
            || { let mut d = data.clone(); plain::bump_all(&mut d); d },
            || { let mut d = data.clone(); encoded::bump_all(&mut d); d },
        );
        assert_same(
            || { let mut d = data.clone(); let r = plain::fill(&mut d, b); (d, r) },
            || { let mut d = data.clone(); let (c, p) = encoded::fill(&mut d, b.into()); (d, (c, p.decode())) },
        );
    }

    #[test]
    fn flags_agree(
        n in 1u32..8,
        timeout in 0u32..50,
        ops in prop::collection::vec((0u32..5, 0u32..10, 0u32..40, any::<bool>()), 0..40),
        flags in prop::collection::vec(any::<bool>(), 0..12),
    ) {
        use flags::{encoded, plain};
        assert_same(
            || {
                let mut d = plain::Detector::new(n, timeout);
                let mut now = 0u32;
                let mut seen = Vec::new();
                for &(op, peer, dt, bonus) in &ops {
                    now = now.wrapping_add(dt);
                    match op {
                        0 => seen.push((d.heard(peer, now), 0)),
                        1 => seen.push((d.sweep(now), d.up())),
                        2 if peer >= n => seen.push((d.swept_within(now, u64::from(dt) << 6), 2)),
                        2 if peer < n => seen.push((d.is_up(peer), d.score(peer, bonus))),
                        3 if peer < n => {
                            let r = d.report(peer, now);
                            seen.push((r.late, r.alive.iter().filter(|&&a| a).count() as u32));
                            seen.push((r.quorum, r.peer));
                            seen.push((d.health(peer) < plain::Health::Suspect(0, Tag::NEW), 1));
                        }
                        4 => d.stop(bonus && peer == 0),
                        _ => seen.push((d.all_up(), d.drop_suspects(vec![peer, 1, 2]).len() as u32)),
                    }
                }
                let health: Vec<_> = (0..n).map(|p| d.health(p)).collect();
                (seen, d.changed(), d.has_quorum(), d.first_suspect(), d.is_stopped(), d.stopped_at(now), d.swept_at(), health)
            },
            || {
                let mut d = encoded::Detector::new(n.into(), timeout.into());
                let mut now = 0u32;
                let mut seen = Vec::new();
                for &(op, peer, dt, bonus) in &ops {
                    now = now.wrapping_add(dt);
                    let (peer_, now_, bonus_) = (AnU32::from(peer), AnU32::from(now), bonus.into());
                    match op {
                        0 => seen.push((d.heard(peer_, now_).decode(), 0)),
                        1 => seen.push((d.sweep(now_).decode(), d.up().decode())),
                        2 if peer >= n => seen.push((d.swept_within(now_, (u64::from(dt) << 6).into()).decode(), 2)),
                        2 if peer < n => seen.push((d.is_up(peer_).decode(), d.score(peer_, bonus_).decode())),
                        3 if peer < n => {
                            let r = d.report(peer_, now_);
                            seen.push((r.late.decode(), r.alive.iter().filter(|&&a| a.decode()).count() as u32));
                            seen.push((r.quorum.decode(), r.peer.decode()));
                            seen.push((d.health(peer_) < encoded::Health::Suspect(AnU32::ZERO, Tag::NEW), 1));
                        }
                        4 => d.stop((bonus && peer == 0).into()),
                        _ => seen.push((d.all_up().decode(), d.drop_suspects(vec![peer_, AnU32::encode(1), AnU32::encode(2)]).len() as u32)),
                    }
                }
                let health: Vec<_> = (0..n).map(|p| health(d.health(p.into()))).collect();
                (seen, d.changed().decode(), d.has_quorum().decode(), d.first_suspect().decode(), d.is_stopped().decode(), d.stopped_at(now.into()).decode(), d.swept_at().decode(), health)
            },
        );
        let encoded_flags: Vec<anguard::AnBool> = flags.iter().map(|&f| f.into()).collect();
        assert_same(
            || plain::odd_without_gaps(&flags),
            || encoded::odd_without_gaps(&encoded_flags).decode(),
        );
    }

    #[test]
    fn peer_tables_iterate_in_the_same_order(
        ops in prop::collection::vec((0u32..3, 0u32..40, any::<u32>()), 0..60),
        now in any::<u32>(),
        timeout in any::<u32>(),
    ) {
        use peer_table::{encoded, plain};
        assert_same(
            || {
                let mut table = plain::PeerTable::default();
                let mut forgotten = Vec::new();
                for &(op, peer, at) in &ops {
                    match op {
                        0 => forgotten.push(table.forget(peer)),
                        _ => table.heard(peer, at),
                    }
                }
                (table.silent(now, timeout), table.entries(), forgotten)
            },
            || {
                let mut table = encoded::PeerTable::default();
                let mut forgotten = Vec::new();
                for &(op, peer, at) in &ops {
                    match op {
                        0 => forgotten.push(table.forget(peer.into())),
                        _ => table.heard(peer.into(), at.into()),
                    }
                }
                (table.silent(now.into(), timeout.into()), table.entries(), forgotten).decode()
            },
        );
    }

    #[test]
    fn vector_clock_merges_and_compares(
        n in 1u32..6,
        ops in prop::collection::vec((0u32..8, any::<bool>()), 0..24),
    ) {
        use vector_clock::{encoded, plain};
        assert_same(
            || {
                let (mut a, mut b) = (plain::VectorClock::new(n), plain::VectorClock::new(n));
                for &(me, merge) in &ops {
                    if merge { a.merge(&b.clone(), me) } else { b.tick(me) }
                }
                (a.compare(&b), a.entries.clone(), a.total())
            },
            || {
                let (mut a, mut b) = (encoded::VectorClock::new(n.into()), encoded::VectorClock::new(n.into()));
                for &(me, merge) in &ops {
                    if merge { a.merge(&b.clone(), me.into()) } else { b.tick(me.into()) }
                }
                (a.compare(&b), a.entries.clone(), a.total()).decode()
            },
        );
    }

    #[test]
    fn ring_buffer_pushes_pops_and_indexes(
        capacity in 0u32..6,
        ops in prop::collection::vec((any::<u32>(), 0u32..4), 0..32),
    ) {
        use ring_buffer::{encoded, plain};
        assert_same(
            || {
                let mut ring = plain::Ring::with_capacity(capacity);
                let mut out = Vec::new();
                for &(value, op) in &ops {
                    out.push(match op {
                        0 | 1 => ring.push(value),
                        2 => ring.pop(),
                        _ => Some(ring.get(value % 8)),
                    });
                }
                (out, ring.to_vec(), ring.len(), ring.is_empty())
            },
            || {
                let mut ring = encoded::Ring::with_capacity(capacity.into());
                let mut out = Vec::new();
                for &(value, op) in &ops {
                    out.push(match op {
                        0 | 1 => ring.push(value.into()),
                        2 => ring.pop(),
                        _ => Some(ring.get((value % 8).into())),
                    });
                }
                (out, ring.to_vec(), ring.len(), ring.is_empty()).decode()
            },
        );
    }

    #[test]
    fn lease_table_grants_and_expires(
        ops in prop::collection::vec((0u32..4, 0u32..4, any::<u32>(), 0u32..1000), 0..24),
    ) {
        use lease_table::{encoded, plain};
        assert_same(
            || {
                let mut table = plain::LeaseTable::default();
                let mut out = Vec::new();
                for &(resource, holder, now, duration) in &ops {
                    out.push((
                        table.acquire(resource, holder, now, duration),
                        table.holder(resource, now),
                        table.next_expiry(now),
                        table.expire(now.wrapping_add(duration / 2)),
                    ));
                }
                out
            },
            || {
                let mut table = encoded::LeaseTable::default();
                let mut out = Vec::new();
                for &(resource, holder, now, duration) in &ops {
                    let (resource, holder, now, duration) =
                        (resource.into(), holder.into(), AnU32::encode(now), AnU32::encode(duration));
                    out.push((
                        table.acquire(resource, holder, now, duration),
                        table.holder(resource, now),
                        table.next_expiry(now),
                        table.expire(now.wrapping_add(duration / AnU32::encode(2))),
                    ));
                }
                out.decode()
            },
        );
    }

    #[test]
    fn adler_checksums_and_rolls(
        data in prop::collection::vec(any::<u8>(), 0..7000),
        sum in any::<u32>(), window in any::<u32>(), out in any::<u8>(), inp in any::<u8>(),
    ) {
        assert_same(|| adler::plain::adler32(&data), || adler::encoded::adler32(&data).decode());
        assert_same(
            || adler::plain::roll(sum, window, out, inp),
            || adler::encoded::roll(sum.into(), window.into(), out.into(), inp.into()).decode(),
        );
    }

    #[test]
    fn fnv_hashes_bytes_words_and_buckets(
        data in prop::collection::vec(any::<u8>(), 0..64),
        header in words(8),
        buckets in 0u32..5,
    ) {
        assert_same(|| fnv::plain::fnv1a(&data), || fnv::encoded::fnv1a(&data).decode());
        assert_same(
            || fnv::plain::fnv1a_words(&header),
            || fnv::encoded::fnv1a_words(&encode_all(&header)).decode(),
        );
        assert_same(
            || fnv::plain::bucket(&data, buckets),
            || fnv::encoded::bucket(&data, buckets.into()).decode(),
        );
    }

    #[test]
    fn prng_streams_agree(seed in any::<u32>(), bound in 0u32..100, steps in 0u32..50) {
        use prng::{encoded, plain};
        assert_same(
            || {
                let mut rng = plain::XorShift32::new(seed);
                let draws: Vec<u32> = (0..8).map(|_| rng.next_u32()).collect();
                (draws, rng.below(bound), plain::lcg_n(seed, steps))
            },
            || {
                let mut rng = encoded::XorShift32::new(seed.into());
                let draws: Vec<AnU32> = (0..8).map(|_| rng.next_u32()).collect();
                (draws, rng.below(bound.into()), encoded::lcg_n(seed.into(), steps.into())).decode()
            },
        );
    }

    #[test]
    fn gcd_variants_agree(a in any::<u32>(), b in any::<u32>(), values in words(6)) {
        use gcd::{encoded, plain};
        let (x, y) = (AnU32::encode(a), AnU32::encode(b));
        assert_same(|| plain::euclid(a, b), || encoded::euclid(x, y).decode());
        assert_same(|| plain::binary(a, b), || encoded::binary(x, y).decode());
        assert_same(|| plain::lcm(a % 5000, b % 5000), || {
            encoded::lcm(x % AnU32::encode(5000), y % AnU32::encode(5000)).decode()
        });
        assert_same(|| plain::of_all(&values), || encoded::of_all(&encode_all(&values)).decode());
    }

    #[test]
    fn binary_search_agrees(mut log in words(40), key in any::<u32>(), to in any::<u32>(), n in any::<u32>()) {
        use search::{encoded, plain};
        log.sort_unstable();
        let encoded_log = encode_all(&log);
        assert_same(|| plain::lower_bound(&log, key), || encoded::lower_bound(&encoded_log, key.into()).decode());
        assert_same(|| plain::contains(&log, key), || encoded::contains(&encoded_log, key.into()).decode());
        assert_same(
            || plain::between(&log, key, to),
            || encoded::between(&encoded_log, key.into(), to.into()).decode(),
        );
        assert_same(|| plain::isqrt(n), || encoded::isqrt(n.into()).decode());
    }

    #[test]
    fn bit_tricks_agree(x in any::<u32>(), id in 0u32..40, from in 0u32..40, width in 0u32..34) {
        use bits::{encoded, plain};
        let (ex, eid) = (AnU32::encode(x), AnU32::encode(id));
        assert_same(
            || {
                let set = plain::Members(x).insert(id).remove(id / 2);
                (set.0, set.contains(id), set.len(), set.first(), set.is_majority_of(id))
            },
            || {
                let set = encoded::Members(ex).insert(eid).remove(eid / AnU32::encode(2));
                (set.0, set.contains(eid), set.len(), set.first(), set.is_majority_of(eid)).decode()
            },
        );
        assert_same(
            || (plain::ones(x), plain::reverse(x), plain::parity(x)),
            || (encoded::ones(ex), encoded::reverse(ex), encoded::parity(ex)).decode(),
        );
        assert_same(
            || plain::field(x, from, width),
            || encoded::field(ex, from.into(), width.into()).decode(),
        );
    }

    #[test]
    fn state_machine_traces_agree(
        n in 1u32..7,
        events in prop::collection::vec((0u8..3, small(), small()), 0..30),
        round in any::<u32>(),
    ) {
        use state_machine::{encoded, plain};
        let plain_events: Vec<plain::Event> = events.iter().map(|&(kind, a, b)| match kind {
            0 => plain::Event::Timeout(Tag::NEW),
            1 => plain::Event::Vote { round: a, __tag: Tag::NEW },
            _ => plain::Event::Heartbeat { leader: a, term: b, __tag: Tag::NEW },
        }).collect();
        let encoded_events: Vec<encoded::Event> = events.iter().map(|&(kind, a, b)| match kind {
            0 => encoded::Event::Timeout(Tag::NEW),
            1 => encoded::Event::Vote { round: a.into(), __tag: Tag::NEW },
            _ => encoded::Event::Heartbeat { leader: a.into(), term: b.into(), __tag: Tag::NEW },
        }).collect();
        assert_same(
            || plain::runs(&plain_events, n).into_iter().map(plain::describe).collect::<Vec<_>>(),
            || encoded::runs(&encoded_events, n.into()).into_iter().map(encoded::describe).collect::<Vec<_>>().decode(),
        );
        assert_same(|| plain::urgency(round % 200), || encoded::urgency((round % 200).into()));
    }

    #[test]
    fn quorum_decides_alike(
        n in 0u32..8,
        votes in prop::collection::vec((0u32..10, 0u32..3, any::<bool>()), 0..20),
    ) {
        use quorum::{encoded, plain};
        assert_same(
            || {
                let mut tally = plain::Tally::new(n, 1);
                let accepted: Vec<bool> = votes.iter().map(|&(from, round, yes)| tally.vote(from, round, yes)).collect();
                (accepted, tally.decided(), tally.missing(), tally.majority())
            },
            || {
                let mut tally = encoded::Tally::new(n.into(), AnU32::ONE);
                let accepted: Vec<bool> = votes.iter().map(|&(from, round, yes)| tally.vote(from.into(), round.into(), yes.into()).decode()).collect();
                (accepted, tally.decided(), tally.missing(), tally.majority()).decode()
            },
        );
    }

    #[test]
    fn histogram_buckets_agree(samples in prop::collection::vec(any::<u32>(), 0..40), percent in 0u32..120) {
        use histogram::{encoded, plain};
        assert_same(
            || {
                let mut h = plain::Histogram::default();
                samples.iter().for_each(|&s| h.record(s >> (s % 32)));
                (h.counts.to_vec(), h.max, h.sum, h.percentile_bound(percent))
            },
            || {
                let mut h = encoded::Histogram::default();
                samples.iter().for_each(|&s| h.record(AnU32::encode(s >> (s % 32))));
                (h.counts.to_vec(), h.max, h.sum, h.percentile_bound(percent.into())).decode()
            },
        );
    }

    #[test]
    fn seq_window_acks_alike(base in any::<u32>(), acks in prop::collection::vec(0u32..40, 0..40)) {
        use seq_window::{encoded, plain};
        assert_same(
            || {
                let mut w = plain::Window::new(base);
                let acked: Vec<_> = acks.iter().map(|&a| (w.classify(base.wrapping_add(a)), w.ack(base.wrapping_add(a)))).collect();
                (acked, w.base, w.acked, w.pending())
            },
            || {
                let mut w = encoded::Window::new(base.into());
                let acked: Vec<_> = acks.iter().map(|&a| {
                    let seq = AnU32::encode(base.wrapping_add(a));
                    (w.classify(seq), w.ack(seq))
                }).collect();
                (acked, w.base, w.acked, w.pending()).decode()
            },
        );
    }

    #[test]
    fn backoff_delays_agree(base in 0u32..5000, cap in any::<u32>(), randoms in words(12)) {
        use backoff::{encoded, plain};
        assert_same(
            || {
                let mut b = plain::Backoff::new(base, cap);
                let delays: Vec<u32> = randoms.iter().map(|&r| b.jittered(r)).collect();
                b.reset();
                (delays, b.next_delay(), plain::total_wait(base, cap, 40), plain::attempts_to_cap(base, cap))
            },
            || {
                let mut b = encoded::Backoff::new(base.into(), cap.into());
                let delays: Vec<AnU32> = randoms.iter().map(|&r| b.jittered(r.into())).collect();
                b.reset();
                let (base, cap) = (AnU32::encode(base), AnU32::encode(cap));
                (delays, b.next_delay(), encoded::total_wait(base, cap, AnU32::encode(40)), encoded::attempts_to_cap(base, cap)).decode()
            },
        );
    }

    #[test]
    fn timer_wheel_fires_alike(
        alarms in prop::collection::vec((0u32..6, 0u32..40), 0..20),
        cancel in 0u32..6,
        to in 0u32..60,
    ) {
        use timer_wheel::{encoded, plain};
        assert_same(
            || {
                let mut w = plain::Wheel::default();
                alarms.iter().for_each(|&(id, at)| w.schedule(id, at));
                (w.cancel(cancel), w.advance(to / 2), w.advance(to), w.pending())
            },
            || {
                let mut w = encoded::Wheel::default();
                alarms.iter().for_each(|&(id, at)| w.schedule(id.into(), at.into()));
                (w.cancel(cancel.into()), w.advance((to / 2).into()), w.advance(to.into()), w.pending()).decode()
            },
        );
    }

    #[test]
    fn token_bucket_limits_alike(
        capacity in 0u32..20, per in 0u32..50, start in any::<u32>(),
        takes in prop::collection::vec((0u32..6, 0u32..200), 0..20),
    ) {
        use token_bucket::{encoded, plain};
        assert_same(
            || {
                let mut b = plain::Bucket::new(capacity, per, start);
                let mut now = start;
                let taken: Vec<bool> = takes.iter().map(|&(cost, dt)| { now = now.wrapping_add(dt); b.try_take(cost, now) }).collect();
                (taken, b.tokens())
            },
            || {
                let mut b = encoded::Bucket::new(capacity.into(), per.into(), start.into());
                let mut now = start;
                let taken: Vec<bool> = takes.iter().map(|&(cost, dt)| { now = now.wrapping_add(dt); b.try_take(cost.into(), now.into()).decode() }).collect();
                (taken, b.tokens()).decode()
            },
        );
    }

    #[test]
    fn codec_round_trips_alike(
        kind in 0u32..20, sender in 0u32..300, round in any::<u32>(),
        batch in prop::collection::vec(prop_oneof![Just(0u32), any::<u32>()], 0..12),
        stop in 0u32..16,
    ) {
        use codec::{encoded, plain};
        assert_same(
            || {
                let packed = plain::pack(plain::Header { kind, sender, round });
                let header = packed.map(plain::unpack);
                (packed, header.map(|h| (h.kind, h.sender, h.round)), packed.map(plain::kind_name))
            },
            || {
                let packed = encoded::pack(encoded::Header { kind: kind.into(), sender: sender.into(), round: round.into() });
                let header = packed.map(encoded::unpack);
                (packed, header.map(|h| (h.kind, h.sender, h.round)), packed.map(encoded::kind_name)).decode()
            },
        );
        assert_same(
            || plain::rounds_until(&batch, stop),
            || encoded::rounds_until(&encode_all(&batch), stop.into()).decode(),
        );
    }

    #[test]
    fn membership_suspects_alike(
        threshold in 0u32..3,
        events in prop::collection::vec((0u32..5, 0u32..100, any::<bool>()), 0..30),
    ) {
        use membership::{encoded, plain};
        assert_same(
            || {
                let mut d = plain::Detector::with_threshold(threshold);
                let mut now = 0u32;
                for &(node, dt, beat) in &events {
                    now += dt;
                    if beat { d.heartbeat(node, now) } else { d.tick(now, 50) }
                }
                (d.suspects(), (0..5).map(|n| (d.last_heard(n), d.suspicion_of(n))).collect::<Vec<_>>())
            },
            || {
                let mut d = encoded::Detector::with_threshold(threshold.into());
                let mut now = 0u32;
                for &(node, dt, beat) in &events {
                    now += dt;
                    if beat { d.heartbeat(node.into(), now.into()) } else { d.tick(now.into(), AnU32::encode(50)) }
                }
                (d.suspects(), (0..5u32).map(|n| (d.last_heard(n.into()), d.suspicion_of(n.into()))).collect::<Vec<_>>()).decode()
            },
        );
    }

    #[test]
    fn casts_agree(
        byte in any::<u8>(), half in any::<u16>(), wide in any::<u64>(), signed in any::<i32>(),
        flag in any::<bool>(), letter in any::<char>(), word in any::<u32>(), other in any::<u32>(),
    ) {
        use cast_mix::{encoded, plain};
        let (w, o) = (AnU32::encode(word), AnU32::encode(other));
        assert_same(
            || plain::fold(byte, half, wide, signed, flag, letter),
            || encoded::fold(byte.into(), half.into(), wide.into(), signed.into(), flag.into(), letter).decode(),
        );
        assert_same(|| plain::split(word), || encoded::split(w).decode());
        assert_same(|| plain::checked(wide >> (word % 64)), || encoded::checked((wide >> (word % 64)).into()).decode());
        assert_same(|| plain::widen(word), || encoded::widen(w).decode());
        assert_same(|| plain::paths(word, other), || encoded::paths(w, o).decode());
    }

    #[test]
    fn literal_arrays_agree(x in any::<u32>(), len in 0usize..5, weights in words(6), values in words(6)) {
        use literal_arrays::{encoded, plain};
        assert_same(
            || (plain::mix(x), plain::min_code_point(len), plain::weighted(&weights, &values)),
            || (encoded::mix(x.into()), encoded::min_code_point(len.into()), encoded::weighted(&encode_all(&weights), &encode_all(&values))).decode(),
        );
    }

    #[test]
    fn const_tables_agree(i in any::<usize>(), x in any::<u32>(), start in any::<u32>(), steps in words(8)) {
        use const_tables::{encoded, plain};
        assert_same(
            || (plain::lookup(i, x), plain::bumps(start, &steps)),
            || (encoded::lookup(i.into(), x.into()), encoded::bumps(start.into(), &encode_all(&steps))).decode(),
        );
    }

    #[test]
    fn unsafe_blocks_agree(words in words(12), i in 0usize..14, bytes in prop::collection::vec(any::<u8>(), 0..12)) {
        use unsafe_blocks::{encoded, plain};
        assert_same(
            || {
                let mut w = words.clone();
                if i < w.len() {
                    // SAFETY: in bounds.
                    #[allow(unsafe_code)]
                    unsafe { plain::bump_unchecked(&mut w, i) };
                }
                (plain::sum_pairs(&words), w, plain::ascii_len(&bytes))
            },
            || {
                let mut w = encode_all(&words);
                if i < w.len() {
                    // SAFETY: in bounds.
                    #[allow(unsafe_code)]
                    unsafe { encoded::bump_unchecked(&mut w, i.into()) };
                }
                (encoded::sum_pairs(&encode_all(&words)), w, encoded::ascii_len(&bytes)).decode()
            },
        );
    }

    #[test]
    fn foreign_traits_agree(seed in any::<u32>(), words in words(10), len in 0usize..20) {
        use foreign_traits::{encoded, plain};
        use rand_core::RngCore;
        use std::hash::Hasher;
        assert_same(
            || {
                let mut m = plain::Mixer::default();
                m.write(&[1, 2, 3]);
                m.write_u32(seed);
                let mut fill = vec![0u8; len];
                m.fill_bytes(&mut fill);
                (plain::feed(seed, &words), m.next_u32(), m.next_u64(), m.finish(), fill)
            },
            || {
                let mut m = encoded::Mixer::default();
                m.write(&[1, 2, 3]);
                m.write_u32(seed);
                let mut fill = vec![0u8; len];
                m.fill_bytes(&mut fill);
                (encoded::feed(seed.into(), &encode_all(&words)).decode(), m.next_u32(), m.next_u64(), m.finish(), fill)
            },
        );
    }

    #[test]
    fn byte_words_agree(data in prop::collection::vec(any::<u8>(), 0..40), x in any::<u32>()) {
        use byte_words::{encoded, plain};
        assert_same(
            || (plain::sum_le(&data), plain::swap_order(x), plain::digit(x).map(u32::from), plain::first(&data)),
            || {
                let (a, b, c, d) = encoded::swap_order(x.into());
                (encoded::sum_le(&data).decode(), (a.decode(), b, c, d.decode()), encoded::digit(x.into()).map(u32::from), encoded::first(&data).decode())
            },
        );
    }

    #[test]
    fn wrapping_words_agree(seed in any::<u32>(), steps in 1u8..20, a in any::<u32>(), b in any::<u32>(), k in 0usize..100) {
        use wrapping_words::{encoded, plain};
        let steps = std::num::NonZeroU8::new(steps).expect("not zero");
        assert_same(
            || (plain::lcg(seed, steps), plain::mix(a, b, k)),
            || (encoded::lcg(seed.into(), steps), encoded::mix(a.into(), b.into(), k.into())).decode(),
        );
    }

    #[test]
    fn shift_amounts_agree(word in any::<u64>(), offset in 0u32..64, width in 0u32..64, words in words(4), i in 0usize..128, x in any::<u32>(), by in any::<usize>(), k in any::<u32>()) {
        use shift_amounts::{encoded, plain};
        let i = i % (words.len().max(1) * 32);
        assert_same(
            || (plain::extract(word, offset, width), plain::shifted(x, by, k), plain::varint(x), (!words.is_empty()).then(|| plain::bit(&words, i))),
            || (encoded::extract(word.into(), offset.into(), width.into()), encoded::shifted(x.into(), by.into(), k.into()), encoded::varint(x.into()), (!words.is_empty()).then(|| encoded::bit(&encode_all(&words), i.into()))).decode(),
        );
    }

    #[test]
    fn literal_locals_agree(words in prop::collection::vec(0u32..50, 0..20), stop in 0u32..50, bytes in prop::collection::vec(any::<u8>(), 0..20)) {
        use literal_locals::{encoded, plain};
        assert_same(
            || (plain::scan(&words, stop), plain::fold_bytes(&bytes)),
            || (encoded::scan(&encode_all(&words), stop.into()), encoded::fold_bytes(&bytes)).decode(),
        );
    }

    #[test]
    fn trusted_generic_helpers_agree(words in words(10)) {
        use generic_helpers::{encoded, plain};
        assert_same(|| plain::spread(&words), || encoded::spread(&encode_all(&words)).decode());
    }

    #[test]
    fn raft_logs_append_commit_and_compare_alike(
        appends in prop::collection::vec((0u64..12, 0u64..4, prop::collection::vec(0u64..5, 0..5)), 0..12),
        matched in prop::collection::vec(0u64..14, 1..6),
        term in 0u64..5,
        from in 0u64..14,
        max in 0usize..6,
        candidate in (0u64..14, 0u64..5),
    ) {
        use raft_log::{encoded, plain};
        assert_same(
            || {
                let mut log = plain::Log::default();
                let answers: Vec<_> = appends.iter().map(|(prev, prev_term, entries)| log.append(*prev, *prev_term, entries)).collect();
                let committed = log.advance_commit(&matched, term);
                (
                    answers,
                    (committed, log.commit, log.last_index(), log.last_term()),
                    (log.up_to_date(candidate.0, candidate.1), log.batch(from, max), log.per_term(4)),
                    (log.span_of(term), log.digest(from, 13), log.shuffled(max, from as usize, max), log.compact(from), log.terms),
                )
            },
            || {
                let mut log = encoded::Log::default();
                let answers: Vec<_> = appends.iter().map(|(prev, prev_term, entries)| {
                    let entries: Vec<AnU64> = entries.iter().copied().map(AnU64::encode).collect();
                    log.append(AnU64::encode(*prev), AnU64::encode(*prev_term), &entries)
                }).collect();
                let matched: Vec<AnU64> = matched.iter().copied().map(AnU64::encode).collect();
                let committed = log.advance_commit(&matched, term.into());
                let (from, term) = (AnU64::encode(from), AnU64::encode(term));
                (
                    answers,
                    (committed, log.commit, log.last_index(), log.last_term()),
                    (log.up_to_date(candidate.0.into(), candidate.1.into()), log.batch(from, max.into()), log.per_term(4_u64.into())),
                    (log.span_of(term), log.digest(from, 13_u64.into()), log.shuffled(max.into(), AnUsize::encode(from.decode() as usize), max.into()), log.compact(from), log.terms),
                ).decode()
            },
        );
    }

    #[test]
    fn clock_deltas_agree(
        deltas in prop::collection::vec(any::<i64>(), 0..12),
        small in prop::collection::vec(-5_000_000i64..5_000_000, 0..12),
        (a, b) in (any::<i64>(), any::<i64>()),
        (seq, to, adjust) in (any::<u16>(), any::<u16>(), any::<i16>()),
        (start, steps, len) in (any::<isize>(), prop::collection::vec(any::<i16>(), 0..8), 1usize..50),
        low in any::<i64>(),
    ) {
        use clock_deltas::{encoded, plain};
        assert_same(
            || {
                let mut estimate = plain::Estimate::default();
                let steps: Vec<i64> = deltas.iter().chain(&small).map(|&d| estimate.sample(d)).collect();
                (steps, estimate.offset, estimate.samples, estimate.rejected, estimate.trend, estimate.wire())
            },
            || {
                let mut estimate = encoded::Estimate::default();
                let steps: Vec<AnI64> = deltas.iter().chain(&small).map(|&d| estimate.sample(d.into())).collect();
                (steps, estimate.offset, estimate.samples, estimate.rejected, estimate.trend, estimate.wire()).decode()
            },
        );
        // Overflow panics with i64's message in both builds.
        assert_same(|| plain::delta(a, b), || encoded::delta(a.into(), b.into()).decode());
        assert_same(|| plain::delta_forms(a, b), || encoded::delta_forms(a.into(), b.into()).decode());
        assert_same(
            || small.iter().chain(&deltas).map(|&d| plain::direction(d)).collect::<Vec<_>>(),
            || small.iter().chain(&deltas).map(|&d| encoded::direction(d.into())).collect::<Vec<_>>().decode(),
        );
        assert_same(|| plain::narrow(a, seq, adjust), || encoded::narrow(a.into(), seq.into(), adjust.into()).decode());
        let all: Vec<i64> = deltas.iter().chain(&small).copied().collect();
        assert_same(|| plain::stats(&small), || encoded::stats(&small.iter().copied().map(AnI64::encode).collect::<Vec<_>>()).decode());
        assert_same(|| plain::stats(&all), || encoded::stats(&all.iter().copied().map(AnI64::encode).collect::<Vec<_>>()).decode());
        assert_same(|| plain::within_horizon(a, low as u64 >> 12), || encoded::within_horizon(a.into(), (low as u64 >> 12).into()).decode());
        assert_same(|| plain::seq_distance(seq, to), || encoded::seq_distance(seq.into(), to.into()).decode());
        assert_same(
            || plain::cursor(start, &steps, len),
            || encoded::cursor(start.into(), &steps.iter().copied().map(AnI16::encode).collect::<Vec<_>>(), len.into()).decode(),
        );
        assert_same(|| plain::fingerprint(&all), || encoded::fingerprint(&all.iter().copied().map(AnI64::encode).collect::<Vec<_>>()).decode());
        assert_same(|| plain::ranges(seq.min(to), seq.max(to), low / 2), || encoded::ranges(seq.min(to).into(), seq.max(to).into(), (low / 2).into()).decode());
    }
}

/// The harness itself: a difference in value or in panic message fails.
mod harness {
    use super::*;

    #[test]
    #[should_panic(expected = "plain (left) and encoded (right) differ")]
    fn a_different_value_fails() {
        assert_same(|| 1u32, || 2u32);
    }

    #[test]
    #[should_panic(expected = "plain (left) and encoded (right) differ")]
    fn a_different_panic_fails() {
        assert_same(
            || -> u32 { panic!("attempt to add with overflow") },
            || panic!("other"),
        );
    }

    #[test]
    fn the_same_overflow_panic_passes() {
        let (x, y) = (u32::MAX, AnU32::encode(u32::MAX));
        assert_same(|| x + std::hint::black_box(1), || (y + AnU32::ONE).decode());
    }
}
