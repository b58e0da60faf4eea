//! Enum tags: the `tags` corpus module run through both builds on the same
//! inputs (same results, same `Debug` output, same hashes), and the
//! protection itself: a flipped tag word in encoded state is caught by the
//! scrub and by the arm that matches the variant, a variant switched on the
//! wire is rejected, and both builds show an injector the same targets.

use std::hash::{BuildHasher, Hash};

use anguard::an::{AnU64, Tag};
use anguard::state::{Flip, State, Visitor};
use anguard::{AnBool, AnU32, payload};
use anguard_tests::corpus::tags::{encoded, plain};
use anguard_tests::differential::assert_same;
use anguard_tests::probe::{Shown, next_event_faults};
use proptest::prelude::*;

/// A message of either build from the same numbers.
fn plain_msg(&(kind, a, b, ref entries): &(u8, u32, u64, Vec<u32>)) -> plain::Msg {
    match kind {
        0 => plain::Msg::Heartbeat(Tag::NEW),
        1 => plain::Msg::Vote(a, b, Tag::NEW),
        2 => plain::Msg::Append {
            term: b,
            entries: entries.clone(),
            last: (a % 3 != 0).then_some(a),
            __tag: Tag::NEW,
        },
        _ => plain::Msg::Reply {
            term: b,
            ok: a % 2 == 0,
            __tag: Tag::NEW,
        },
    }
}

fn encoded_msg(&(kind, a, b, ref entries): &(u8, u32, u64, Vec<u32>)) -> encoded::Msg {
    match kind {
        0 => encoded::Msg::Heartbeat(Tag::NEW),
        1 => encoded::Msg::Vote(a.into(), b.into(), Tag::NEW),
        2 => encoded::Msg::Append {
            term: b.into(),
            entries: entries.iter().copied().map(AnU32::encode).collect(),
            last: (a % 3 != 0).then_some(a.into()),
            __tag: Tag::NEW,
        },
        _ => encoded::Msg::Reply {
            term: b.into(),
            ok: AnBool::encode(a % 2 == 0),
            __tag: Tag::NEW,
        },
    }
}

fn message() -> impl Strategy<Value = (u8, u32, u64, Vec<u32>)> {
    (
        0u8..4,
        0u32..8,
        0u64..6,
        prop::collection::vec(any::<u32>(), 0..3),
    )
}

fn hash_of(value: impl Hash) -> u64 {
    std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default()
        .hash_one(value)
}

proptest! {
    #[test]
    fn both_builds_agree(
        n in 1u32..6,
        script in prop::collection::vec((message(), any::<bool>()), 0..24),
    ) {
        let steps = |f: &mut dyn FnMut(usize, bool)| {
            for (i, (_, campaign)) in script.iter().enumerate() {
                f(i, *campaign);
            }
        };
        assert_same(
            || {
                let mut r = plain::Replica::default();
                let mut seen = Vec::new();
                steps(&mut |i, campaign| {
                    if campaign {
                        r.campaign();
                    }
                    let msg = plain_msg(&script[i].0);
                    seen.push((plain::kind(&msg), plain::describe(&msg)));
                    let answer = r.on(msg, n);
                    seen.push((r.role.rank(), format!("{answer:?} {}", r.role.leads())));
                });
                (seen, r.ranks_until_leader(), r.followers_first(), r.pending_term(), format!("{r:?}"))
            },
            || {
                let mut r = encoded::Replica::default();
                let mut seen = Vec::new();
                steps(&mut |i, campaign| {
                    if campaign {
                        r.campaign();
                    }
                    let msg = encoded_msg(&script[i].0);
                    seen.push((encoded::kind(&msg).decode(), encoded::describe(&msg)));
                    let answer = r.on(msg, n.into());
                    seen.push((r.role.rank().decode(), format!("{answer:?} {}", r.role.leads())));
                });
                let ranks = r.ranks_until_leader().into_iter().map(AnU32::decode).collect();
                (seen, ranks, r.followers_first().decode(), r.pending_term().decode(), format!("{r:?}"))
            },
        );
    }

    #[test]
    fn constructors_agree(ids in prop::collection::vec(0u32..9, 0..6), term in 0u64..9) {
        let encoded_ids: Vec<AnU32> = ids.iter().copied().map(AnU32::encode).collect();
        assert_same(
            || format!("{:?} {:?}", plain::votes(&ids, term), plain::heartbeat_pairs(&ids)),
            || format!("{:?} {:?}", encoded::votes(&encoded_ids, term.into()), encoded::heartbeat_pairs(&encoded_ids)),
        );
        let pairs: Vec<(u32, u64)> = ids.iter().map(|&id| (id, term)).collect();
        let encoded_pairs: Vec<(AnU32, AnU64)> = pairs.iter().map(|&(a, b)| (a.into(), b.into())).collect();
        assert_same(
            || format!("{:?}", plain::as_votes(pairs.clone())),
            || format!("{:?}", encoded::as_votes(encoded_pairs.clone())),
        );
    }
}

#[test]
fn discriminants_defaults_and_hashes_agree() {
    let (a, b, c, d) = encoded::codes();
    assert_eq!(plain::codes(), (3, 4, 10, -1));
    assert_eq!(
        plain::codes(),
        (a.decode(), b.decode(), c.decode(), d.decode())
    );
    let back: i64 = -1;
    assert_eq!(plain::wrapped_codes(), (back as u32, back as u8));
    let (e, f) = encoded::wrapped_codes();
    assert_eq!(plain::wrapped_codes(), (e.decode(), f.decode()));
    let values = [
        plain::Code::Ping(Tag::NEW).value(),
        plain::Code::Back(Tag::NEW).value(),
    ];
    assert_eq!(values, [3, -1]);
    let encoded_values = [
        encoded::Code::Ping(Tag::NEW).value().decode(),
        encoded::Code::Back(Tag::NEW).value().decode(),
    ];
    assert_eq!(values, encoded_values);
    assert_eq!(
        format!("{:?} {:?}", plain::Role::default(), plain::Msg::default()),
        "Follower Heartbeat"
    );
    assert_eq!(
        format!(
            "{:?} {:?}",
            encoded::Role::default(),
            encoded::Msg::default()
        ),
        "Follower Heartbeat"
    );
    for (p, e) in [
        (
            plain::Role::Follower(Tag::NEW),
            encoded::Role::Follower(Tag::NEW),
        ),
        (
            plain::Role::Leader(Tag::NEW),
            encoded::Role::Leader(Tag::NEW),
        ),
    ] {
        assert_eq!(hash_of(p), hash_of(e));
    }
    assert_ne!(
        hash_of(plain::Role::Follower(Tag::NEW)),
        hash_of(plain::Role::Leader(Tag::NEW))
    );
}

/// Flips `mask` into the `index`-th uncovered target of a visit (flags
/// included, as an injector sees them).
struct FlipUncovered {
    index: usize,
    mask: u64,
    seen: usize,
}

impl Visitor for FlipUncovered {
    fn word(&mut self, _: &mut dyn Flip) {}
    fn uncovered(&mut self, target: &mut dyn Flip) {
        if self.seen == self.index {
            target.flip(self.mask);
        }
        self.seen += 1;
    }
}

fn plain_replica() -> plain::Replica {
    plain::Replica {
        role: plain::Role::Candidate(Tag::NEW),
        term: 4,
        votes: 1,
        log: vec![7],
        history: vec![plain::Role::Follower(Tag::NEW)],
        pending: None,
    }
}

fn encoded_replica() -> encoded::Replica {
    encoded::Replica {
        role: encoded::Role::Candidate(Tag::NEW),
        term: AnU64::encode(4),
        votes: AnU32::ONE,
        log: vec![AnU32::encode(7)],
        history: vec![encoded::Role::Follower(Tag::NEW)],
        pending: None,
    }
}

#[test]
fn tags_are_where_the_plain_build_shows_the_variant() {
    let mut shown = Shown::default();
    plain_replica().visit(&mut shown);
    let mut encoded_shown = Shown::default();
    encoded_replica().visit(&mut encoded_shown);
    // `role`'s variant, `term` (uncovered in plain, two limbs encoded),
    // `votes`, `log`'s word and length, `history`'s role's variant and
    // length, `pending`'s tag.
    assert_eq!(shown.0, "uuwwuuuu");
    assert_eq!(encoded_shown.0, "fwwwwufuu");
    // Each encoded tag (`f`, uncovered to an injector) is where the plain
    // build shows the variant (`u`): first in `role`, before the length in
    // `history`.
    assert_eq!(&shown.0[..1], "u");
    assert_eq!(&encoded_shown.0[..1], "f");
    assert_eq!(&shown.0[5..7], "uu");
    assert_eq!(&encoded_shown.0[6..8], "fu");
}

#[test]
fn a_flip_of_the_plain_variant_switches_it_soundly() {
    let mut replica = plain_replica();
    replica.visit(&mut FlipUncovered {
        index: 0,
        mask: 0b11,
        seen: 0,
    });
    // Candidate (1) ^ 3 = 2: Leader.
    assert_eq!(replica.role, plain::Role::Leader(Tag::NEW));
    // Leader (2) ^ 1 = 3: no such variant, which Rust cannot hold: unchanged.
    replica.visit(&mut FlipUncovered {
        index: 0,
        mask: 0b01,
        seen: 0,
    });
    assert_eq!(replica.role, plain::Role::Leader(Tag::NEW));
}

/// A protocol around a `Replica`, so that the scrub runs after each event.
#[anguard::an_encode]
pub mod host {
    use anguard::{Io, Protocol};
    use anguard_tests::corpus::tags::encoded::Replica;

    #[derive(Debug)]
    pub struct Host {
        pub replica: Replica,
    }

    impl Protocol<u32> for Host {
        type Msg = ();
        type Output = u32;
        fn start(&mut self, _io: &mut dyn Io<u32, Self>) {}
        fn on_message(&mut self, _from: u32, _msg: (), _io: &mut dyn Io<u32, Self>) {}
        fn on_alarm(&mut self, _id: u32, _io: &mut dyn Io<u32, Self>) {}
    }

    impl anguard::state::State for Host {
        fn visit(&mut self, v: &mut dyn anguard::state::Visitor) {
            self.replica.visit(v);
        }
    }
}

#[test]
fn the_scrub_catches_every_flip_of_a_tag_word() {
    let host = || host::encoded::Host {
        replica: encoded_replica(),
    };
    let mut clean = anguard::scrubbed_node_for::<AnU32, _>(host());
    assert!(!next_event_faults(&mut *clean), "a clean state passes");
    // `role`'s tag (uncovered target 0) and `history`'s role (target 2).
    for index in [0, 2] {
        for mask in (0..64).map(|i| 1u64 << i).chain([0b11, u64::MAX, 63877]) {
            let mut node = anguard::scrubbed_node_for::<AnU32, _>(host());
            let state: &mut host::encoded::Host = node.state_mut().downcast_mut().expect("a Host");
            state.replica.visit(&mut FlipUncovered {
                index,
                mask,
                seen: 0,
            });
            assert!(next_event_faults(&mut *node), "target {index} ^ {mask:#x}");
        }
    }
}

#[test]
fn a_match_on_a_variant_with_a_flipped_tag_faults() {
    let mut replica = encoded_replica();
    replica.visit(&mut FlipUncovered {
        index: 0,
        mask: 1 << 20,
        seen: 0,
    });
    let caught = anguard::fault::with_policy(anguard::fault::Policy::Panic, || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| replica.role.rank()))
    });
    let fault = caught.expect_err("the arm checks the tag");
    let fault = fault.downcast::<anguard::fault::Fault>().expect("a Fault");
    assert_eq!(fault.operation, "enum tag");
}

#[test]
fn a_variant_switched_on_the_wire_is_rejected() {
    let mut bytes = Vec::new();
    let reply = encoded::Msg::Reply {
        term: AnU64::encode(3),
        ok: AnBool::TRUE,
        __tag: Tag::NEW,
    };
    payload::encode(&reply, &mut bytes).expect("serializes");
    // The variant index is the first 4 bytes: 3 (Reply).
    assert_eq!(bytes[..4], [3, 0, 0, 0]);
    assert!(payload::decode::<encoded::Msg>(&bytes).is_ok());
    for index in [0u8, 1, 2] {
        let mut switched = bytes.clone();
        switched[0] = index;
        let parsed = payload::decode::<encoded::Msg>(&switched);
        assert!(parsed.is_err(), "variant {index}: {parsed:?}");
    }
    // A flip of the tag word itself is rejected too.
    let mut flipped = bytes.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x10;
    assert!(payload::decode::<encoded::Msg>(&flipped).is_err());
}

#[test]
fn the_coverage_report_lists_the_tag_as_encoded() {
    use anguard::state::coverage::{Coverage, share};
    use anguard_tests::corpus::tags::encoded::COVERAGE;

    let role = COVERAGE.iter().find(|ty| ty.name == "Role").expect("Role");
    assert!(role.is_enum);
    let tag = role.fields.iter().find(|f| f.name == "tag").expect("a tag");
    let classes: Vec<_> = tag.parts.iter().map(|p| (p.what, p.coverage)).collect();
    assert_eq!(
        classes,
        [
            ("discriminant", Coverage::Checked),
            ("tag word", Coverage::Encoded)
        ]
    );
    // A fieldless enum's tag is all it has: every bit checked.
    assert_eq!(role.fields.len(), 1);
    assert_eq!(share(COVERAGE, "Role").expect("Role").covered(), 1.0);
    let msg = COVERAGE.iter().find(|ty| ty.name == "Msg").expect("Msg");
    assert!(msg.fields.iter().all(|f| !f.name.contains("__tag")));
}

#[test]
fn what_a_tag_costs_in_bytes() {
    use std::mem::size_of;
    // The plain copy's tag is zero-sized: the enum is as written.
    assert_eq!(size_of::<plain::Role>(), 1);
    // The encoded one holds an 8-byte word beside Rust's discriminant.
    assert_eq!(size_of::<encoded::Role>(), 16);
    // On the wire, 8 bytes more per message.
    let (mut p, mut e) = (Vec::new(), Vec::new());
    payload::encode(&plain::Msg::Vote(1, 2, Tag::NEW), &mut p).expect("serializes");
    payload::encode(
        &encoded::Msg::Vote(AnU32::ONE, AnU64::encode(2), Tag::NEW),
        &mut e,
    )
    .expect("serializes");
    assert_eq!((p.len(), e.len()), (4 + 4 + 8, 4 + 8 + 16 + 8));
}
