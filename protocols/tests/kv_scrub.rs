//! The bounded scrub: an encoded replica checks a window of its log, its
//! store and the snapshot it is receiving after each event, and still finds
//! a word flipped anywhere in its state, or an integer flipped in any log
//! entry, within `len / SCRUB_WINDOW` events (rounded up). Behind the
//! network's grouped driver it scrubs once per flush, before anything of
//! the batch leaves.

mod by_hand;

use anguard::an::Tag;
use anguard::fault::{Fault, Policy, scoped};
use anguard::node::{AlarmId, Node, Silent};
use anguard::state::{Flip, SCRUB_WINDOW, State, Visitor};
use anguard::{Adapter, AnU32, Hardening};
use anguard_protocols::algo::Variant;
use anguard_protocols::kv::raft::{encoded, plain};
use anguard_protocols::kv::seal::Sealed;
use anguard_protocols::kv::{
    Command, Durable, DurableNode, Entry, KvConfig, MemoryDisk, Request, Snapshot, Stored, replica,
};
use by_hand::Recorder;

/// Entries in the replica's log.
const ENTRIES: u64 = 40;

type Replica = Adapter<AnU32, encoded::Raft>;

fn config() -> KvConfig {
    KvConfig::with_heartbeat(3, 10).expect("a valid configuration")
}

/// A snapshot of `ENTRIES` keys and a log of `ENTRIES` SETs after it.
fn durable() -> Durable {
    let log = (0..ENTRIES)
        .map(|seq| Entry {
            term: 1,
            request: Some(Request {
                client: 1,
                seq,
                command: Command::Set(format!("key-{seq}").into_bytes(), b"value".to_vec()),
            }),
        })
        .collect();
    let store = (0..ENTRIES)
        .map(|k| (format!("stored-{k:03}").into_bytes(), b"value".to_vec()))
        .collect();
    Durable {
        term: 1,
        voted_for: None,
        snapshot: Snapshot {
            index: ENTRIES,
            term: 1,
            store,
        },
        log,
    }
}

/// [`recovered`], given the first chunk of a leader's snapshot: `ENTRIES`
/// pairs, which it keeps until the rest comes.
fn replica() -> Replica {
    let mut node = recovered();
    let chunk = encoded::Msg::Snapshot {
        term: 1u64.into(),
        index: (3 * ENTRIES).into(),
        last_term: 1u64.into(),
        offset: 0u64.into(),
        pairs: (0..ENTRIES)
            .map(|k| {
                let value = Stored::new(b"value".to_vec());
                Sealed::new((format!("sent-{k:03}").into_bytes(), value))
            })
            .collect(),
        done: false.into(),
        __tag: Tag::NEW,
    };
    let mut bytes = Vec::new();
    anguard::payload::encode(&chunk, &mut bytes).expect("a chunk serializes");
    node.on_payload(0, &bytes, &mut Silent { me: 1, n: 3 });
    node
}

/// A scrubbing follower recovered from [`durable`], started.
fn recovered() -> Replica {
    let mut node = Adapter::<AnU32, _>::scrubbing(encoded::Raft::recover(&config(), durable()));
    node.start(&mut Silent { me: 1, n: 3 });
    node
}

/// How many words a visit of `node`'s state shows.
fn words(node: &mut Replica) -> usize {
    let mut count = FlipNth {
        words: true,
        target: usize::MAX,
        seen: 0,
    };
    let state = node.state_mut().downcast_mut::<encoded::Raft>().unwrap();
    state.visit(&mut count);
    count.seen
}

/// Fires a heartbeat alarm, which a follower ignores: an event that only
/// scrubs. Whether a check failed.
fn event(node: &mut Replica) -> bool {
    let heartbeat = AlarmId::encoded(AnU32::encode(plain::HEARTBEAT));
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        node.on_alarm(heartbeat, &mut Silent { me: 1, n: 3 })
    }))
    .is_err_and(|payload| payload.is::<Fault>())
}

/// Flips bit 0 of the `target`-th piece of state a visit shows, counting
/// words only (`words`) or only the uncovered 64-bit integers (among
/// them every log entry's term, client and sequence number).
struct FlipNth {
    words: bool,
    target: usize,
    seen: usize,
}

impl FlipNth {
    fn hit(&mut self, state: &mut dyn Flip) {
        if self.seen == self.target {
            state.flip(1);
        }
        self.seen += 1;
    }
}

impl Visitor for FlipNth {
    fn word(&mut self, word: &mut dyn Flip) {
        if self.words {
            self.hit(word);
        }
    }
    fn uncovered(&mut self, state: &mut dyn Flip) {
        if !self.words && state.width() == 64 {
            self.hit(state);
        }
    }
}

/// Events until the scrub finds a flip of the `target`-th word (or byte),
/// struck after `before` events (`usize::MAX`: not within twice the
/// bound); `None` if the state has no such piece.
fn events_to_detect(words: bool, target: usize, before: usize) -> Option<usize> {
    let _policy = scoped(Policy::Panic);
    let mut node = replica();
    for _ in 0..before {
        assert!(!event(&mut node), "a fault before the flip");
    }
    let mut flip = FlipNth {
        words,
        target,
        seen: 0,
    };
    let state = node.state_mut().downcast_mut::<encoded::Raft>().unwrap();
    state.visit(&mut flip);
    if target >= flip.seen {
        return None;
    }
    let bound = (ENTRIES as usize).div_ceil(SCRUB_WINDOW);
    Some(
        (1..=2 * bound)
            .find(|_| event(&mut node))
            .unwrap_or(usize::MAX),
    )
}

#[test]
fn a_flipped_word_anywhere_is_found_within_the_window_bound() {
    let bound = (ENTRIES as usize).div_ceil(SCRUB_WINDOW);
    let mut words = 0;
    while let Some(events) = events_to_detect(true, words, words % 7) {
        assert!(
            events <= bound,
            "word {words}: found after {events} events, bound {bound}"
        );
        words += 1;
    }
    assert!(
        words > 2 * ENTRIES as usize,
        "every entry's and every stored value's seal is a word: {words}"
    );
    // Every received pair's seal, and the leader it now knows, are words.
    assert_eq!(words, self::words(&mut recovered()) + ENTRIES as usize + 1);
}

#[test]
fn a_flipped_integer_of_any_log_entry_is_found_within_the_window_bound() {
    let bound = (ENTRIES as usize).div_ceil(SCRUB_WINDOW);
    let mut integers = 0;
    while let Some(events) = events_to_detect(false, integers, integers % 5) {
        assert!(
            events <= bound,
            "integer {integers}: found after {events} events, bound {bound}"
        );
        integers += 1;
    }
    assert!(
        integers >= 3 * ENTRIES as usize,
        "term, client, seq of each entry: {integers}"
    );
}

#[test]
fn an_intact_log_passes_every_window() {
    let _policy = scoped(Policy::Panic);
    let mut node = replica();
    for _ in 0..3 * ENTRIES {
        assert!(!event(&mut node));
    }
}

/// A grouped replica (as the network runs it) whose election alarm fired:
/// its vote requests are held until the flush. With `flip`, a word of its
/// state is flipped after the event. What the flush let out, and whether
/// it stopped on a fault.
fn flush_after_an_election(flip: bool) -> (usize, bool) {
    let _policy = scoped(Policy::Panic);
    let config = config();
    let replica = replica::replica(Variant::Encoded, Hardening::An, &config, durable());
    let mut node = DurableNode::grouped(replica, MemoryDisk::default());
    let mut env = Recorder::default();
    let election = AlarmId::encoded(AnU32::encode(plain::ELECTION));
    node.on_alarm(election, &mut env);
    assert_eq!(env.sent.len(), 0, "nothing leaves before the flush");
    if flip {
        let state = node.state_mut().downcast_mut::<encoded::Raft>().unwrap();
        state.visit(&mut FlipNth {
            words: true,
            target: 0,
            seen: 0,
        });
    }
    let flushed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| node.flush(&mut env)));
    if let Err(payload) = &flushed {
        assert!(payload.is::<Fault>(), "a fault, not another panic");
    }
    (env.sent.len(), flushed.is_err())
}

#[test]
fn a_grouped_replica_scrubs_at_the_flush_before_its_outputs_leave() {
    assert_eq!(
        flush_after_an_election(false),
        (2, false),
        "a vote request per peer"
    );
    assert_eq!(
        flush_after_an_election(true),
        (0, true),
        "the flush's scrub stops the replica before anything leaves"
    );
}
