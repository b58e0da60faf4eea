// u32 becomes AnU32 in every type position.
use anguard::AnU32;
use anguard::an::AnU64;
use std::collections::HashMap;

#[anguard::an_encode]
pub mod m {
    use std::collections::HashMap;

    pub type Id = u32;
    pub const LIMIT: u32 = 10;
    pub static START: u32 = 3;

    pub struct Named {
        pub a: u32,
        pub b: Option<u32>,
        pub c: [u32; 2],
        pub d: (u32, bool),
        pub e: Vec<u32>,
        pub f: HashMap<u32, u32>,
    }
    pub struct Tuple(pub u32, pub Id);
    pub enum Msg {
        Ping(u32),
        Vote { round: u32 },
    }

    pub trait Source {
        type Word;
        fn word(&self) -> Self::Word;
    }
    impl Source for Tuple {
        type Word = u32;
        fn word(&self) -> u32 {
            self.0 + self.1
        }
    }

    pub fn refs(x: &u32, y: &mut u32, z: &[u32]) -> u32 {
        *y += *x;
        let closure = |w: u32| -> u32 { w * 2 };
        closure(*y) + z.len() as u32
    }

    pub fn generic<T: Into<u64>>(t: T) -> u64 {
        t.into()
    }

    pub fn build() -> (Named, Msg, Msg) {
        let mut f: HashMap<u32, u32> = HashMap::new();
        f.insert(1, LIMIT);
        let named = Named {
            a: START,
            b: Some(2),
            c: [4, 5],
            d: (6, true),
            e: vec![7; 2],
            f,
        };
        (named, Msg::Ping(8), Msg::Vote { round: 9 })
    }
}

fn same(plain: (u32, u32, u64), encoded: (AnU32, AnU32, AnU64)) {
    assert_eq!(plain, (encoded.0.decode(), encoded.1.decode(), encoded.2.decode()));
}

fn main() {
    let _: m::encoded::Id = AnU32::encode(1);
    let _: HashMap<AnU32, AnU32> = m::encoded::build().0.f;
    let (mut py, mut ey) = (5u32, AnU32::encode(5));
    same(
        (
            m::plain::refs(&1, &mut py, &[1, 2]),
            m::plain::Source::word(&m::plain::Tuple(1, 2)),
            m::plain::generic(7u32),
        ),
        (
            m::encoded::refs(&AnU32::encode(1), &mut ey, &[AnU32::ONE; 2]),
            m::encoded::Source::word(&m::encoded::Tuple(AnU32::ONE, AnU32::encode(2))),
            m::encoded::generic(AnU32::encode(7)),
        ),
    );
    let (p, e) = (m::plain::build().0, m::encoded::build().0);
    assert_eq!(
        (p.a, p.b, p.c[1], p.d.0, p.e[1]),
        (
            e.a.decode(),
            e.b.map(AnU32::decode),
            e.c[1].decode(),
            e.d.0.decode(),
            e.e[1].decode()
        )
    );
    assert!(matches!(m::encoded::build().2, m::encoded::Msg::Vote { round, .. } if round == 9));
    assert_eq!(
        m::encoded::LIMIT.decode() + m::encoded::START.decode(),
        m::plain::LIMIT + m::plain::START
    );
}
