//! Encoded flags in protocol state: an injector finds them where the plain
//! build keeps its flags (as uncovered state), and the scrub checks them, so
//! a flip of one is detected at the next event instead of taking a branch.

use anguard::state::{Flip, State, Visitor};
use anguard::{AnBool, AnU32};
use anguard_tests::probe::{Shown, next_event_faults};

#[anguard::an_encode]
pub mod watch {
    use anguard::{Io, Protocol};

    #[derive(Debug, Default)]
    pub struct Watch {
        pub armed: bool,
        pub seen: Vec<bool>,
        pub last: Option<bool>,
        pub count: u32,
    }

    impl Protocol<u32> for Watch {
        type Msg = ();
        type Output = u32;
        fn start(&mut self, _io: &mut dyn Io<u32, Self>) {}
        fn on_message(&mut self, _from: u32, _msg: (), _io: &mut dyn Io<u32, Self>) {}
        fn on_alarm(&mut self, _id: u32, io: &mut dyn Io<u32, Self>) {
            self.count += 1;
            io.report(self.count);
        }
    }
}

/// Flips `mask` into the `index`-th encoded flag a visit shows.
struct FlipFlag {
    index: usize,
    mask: u64,
    seen: usize,
}

impl Visitor for FlipFlag {
    fn word(&mut self, _: &mut dyn Flip) {}
    fn uncovered(&mut self, _: &mut dyn Flip) {}
    fn flag(&mut self, flag: &mut dyn Flip) {
        if self.seen == self.index {
            flag.flip(self.mask);
        }
        self.seen += 1;
    }
}

fn plain() -> watch::plain::Watch {
    watch::plain::Watch {
        armed: true,
        seen: vec![false, true],
        last: Some(false),
        count: 0,
    }
}

fn encoded() -> watch::encoded::Watch {
    watch::encoded::Watch {
        armed: AnBool::TRUE,
        seen: vec![AnBool::FALSE, AnBool::TRUE],
        last: Some(AnBool::FALSE),
        count: AnU32::ZERO,
    }
}

#[test]
fn flags_are_where_the_plain_build_has_them() {
    let mut shown = Shown::default();
    plain().visit(&mut shown);
    // `armed`, each of `seen`, its length, `last` and its tag, `count`.
    assert_eq!(shown.0, "uuuuuuw");
    let mut encoded_shown = Shown::default();
    encoded().visit(&mut encoded_shown);
    assert_eq!(encoded_shown.0, "fffufuw");
    // To an injector, which sees flags as uncovered state, the same targets.
    assert_eq!(encoded_shown.0.replace('f', "u"), shown.0);
}

#[test]
fn the_scrub_catches_every_flip_of_up_to_three_bits_of_a_flag() {
    let mut masks = Vec::new();
    for i in 0..64 {
        masks.push(1u64 << i);
        for j in (0..i).step_by(5) {
            masks.push(1 << i | 1 << j);
            for k in (0..j).step_by(11) {
                masks.push(1 << i | 1 << j | 1 << k);
            }
        }
    }
    let mut clean = anguard::scrubbed_node_for::<AnU32, _>(encoded());
    assert!(!next_event_faults(&mut *clean), "a clean state passes");
    for index in 0..4 {
        for &mask in &masks {
            let mut node = anguard::scrubbed_node_for::<AnU32, _>(encoded());
            let state: &mut watch::encoded::Watch =
                node.state_mut().downcast_mut().expect("a Watch");
            let mut flip = FlipFlag {
                index,
                mask,
                seen: 0,
            };
            state.visit(&mut flip);
            assert_eq!(flip.seen, 4);
            assert!(next_event_faults(&mut *node), "flag {index} ^ {mask:#x}");
        }
    }
}

#[test]
fn without_the_scrub_a_flag_no_handler_reads_stays_corrupted() {
    let mut node = anguard::node_for::<AnU32, _>(encoded());
    let state: &mut watch::encoded::Watch = node.state_mut().downcast_mut().expect("a Watch");
    state.armed.flip(1 << 7);
    assert!(!state.armed.is_valid());
    assert!(!next_event_faults(&mut *node));
}
