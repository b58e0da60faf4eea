// `State` derived for every struct and enum of the module: fields in order,
// `#[state(skip)]` and `#[state(sized_by = n)]` read and stripped, generic
// parameters bounded, a type with its own `impl State` left alone.
use anguard::an::Tag;
use anguard::state::{Flip, State, Visitor};

#[anguard::an_encode]
pub mod table {
    use anguard::state::{State, Visitor};

    #[derive(Debug, Clone, Default)]
    pub struct Table {
        pub n: u32,
        #[state(sized_by = n)]
        pub slots: Vec<Option<u32>>,
        pub open: bool,
        #[state(skip)]
        pub cache: u32,
        pub pair: Pair<u32>,
        pub phase: Phase,
        pub inner: inner::Counter,
        pub manual: Manual,
    }

    #[derive(Debug, Clone, Default)]
    pub struct Pair<T>(pub T, pub T);

    #[derive(Debug, Clone, Default)]
    pub enum Phase {
        #[default]
        Idle,
        Waiting(u32),
        Counting { seen: u32, done: bool },
    }

    pub mod inner {
        #[derive(Debug, Clone, Default)]
        pub struct Counter {
            pub count: u32,
        }
    }

    /// Shows only its first word.
    #[derive(Debug, Clone, Default)]
    pub struct Manual {
        pub shown: u32,
        pub hidden: u32,
    }

    impl State for Manual {
        fn visit(&mut self, v: &mut dyn Visitor) {
            v.word(&mut self.shown);
        }
    }
}

/// What a visit shows, in order: `w` a word (its value), `u` uncovered,
/// `s` a sized vector (its length, and the word sizing it).
#[derive(Default)]
struct Log(Vec<String>);

impl Visitor for Log {
    fn word(&mut self, word: &mut dyn Flip) {
        let value = match word.width() {
            64 => word.bits() / anguard::AnU32::A,
            _ => word.bits(),
        };
        self.0.push(format!("w{value}"));
    }
    fn uncovered(&mut self, state: &mut dyn Flip) {
        self.0.push(format!("u{}", state.bits()));
    }
    /// An encoded flag: logged as the plain build's flag is.
    fn flag(&mut self, word: &mut dyn Flip) {
        self.0.push(format!("u{}", word.bits() / anguard::AnBool::A));
    }
    /// An encoded word that holds an `Option`'s tag: logged as the plain
    /// build's word and tag are, the tag as 1 for `Some` and 0 for `None`.
    fn tagged(&mut self, word: &mut dyn Flip, some: bool) {
        if some {
            self.word(word);
        }
        self.0.push(format!("u{}", u8::from(some)));
    }
    fn sized(&mut self, vector: &mut dyn Flip, len: &dyn Flip) {
        let len = match len.width() {
            64 => len.bits() / anguard::AnU32::A,
            _ => len.bits(),
        };
        self.0.push(format!("s{}/{len}", vector.bits()));
    }
}

fn main() {
    use anguard::AnU32;

    let mut plain = table::plain::Table {
        n: 2,
        slots: vec![Some(7), None],
        open: true,
        cache: 99,
        pair: table::plain::Pair(3, 4),
        phase: table::plain::Phase::Counting { seen: 5, done: false, __tag: Tag::NEW },
        inner: table::plain::inner::Counter { count: 6 },
        manual: table::plain::Manual { shown: 8, hidden: 9 },
    };
    let e = AnU32::encode;
    let mut encoded = table::encoded::Table {
        n: e(2),
        slots: vec![Some(e(7)), None],
        open: anguard::AnBool::TRUE,
        cache: e(99),
        pair: table::encoded::Pair(e(3), e(4)),
        phase: table::encoded::Phase::Counting {
            seen: e(5),
            done: anguard::AnBool::FALSE,
            __tag: Tag::NEW,
        },
        inner: table::encoded::inner::Counter { count: e(6) },
        manual: table::encoded::Manual { shown: e(8), hidden: e(9) },
    };
    let (mut a, mut b) = (Log::default(), Log::default());
    plain.visit(&mut a);
    encoded.visit(&mut b);
    // `u2`: the variant, `Counting`, which an encoded tag holds as a code word.
    let expected = "w2 w7 u1 u0 s2/2 u1 w3 w4 w5 u0 u2 w6 w8";
    assert_eq!(a.0.join(" "), expected);
    assert_eq!(b.0.join(" "), expected);

    let mut waiting = table::plain::Phase::Waiting(1, Tag::NEW);
    let mut log = Log::default();
    waiting.visit(&mut log);
    assert_eq!(log.0, ["w1", "u1"]);
}
