// match, if let and while let with literal, range and or-patterns.
#[anguard::an_encode]
pub mod m {
    pub enum Msg {
        Ok { round: u32 },
        Start(u32),
    }

    pub fn classify(x: u32) -> u32 {
        match x {
            0 => 10,
            1 | 2 => 20,
            3..=9 => 30,
            n @ 10..100 if n % 2 == 0 => 40,
            u32::MAX => 50,
            _ => 60,
        }
    }

    pub fn message(msg: &Msg) -> u32 {
        match msg {
            Msg::Ok { round: 0 } => 1,
            Msg::Ok { round: 1 | 2 } => 2,
            Msg::Start(r) if *r > 5 => 3,
            _ => 4,
        }
    }

    pub fn first_nonzero(words: &[u32]) -> u32 {
        let mut iter = words.iter();
        while let Some(0) = iter.next() {}
        if let [_, 7, ..] = words {
            return 7;
        }
        matches!(words.first(), Some(1..=3)) as u32
    }
}

fn main() {
    use anguard::an::Tag;
    use anguard::AnU32;
    for x in [0, 1, 2, 5, 9, 10, 11, 50, 99, 100, u32::MAX] {
        assert_eq!(
            m::plain::classify(x),
            m::encoded::classify(AnU32::encode(x)).decode()
        );
    }
    for r in 0..8 {
        assert_eq!(
            m::plain::message(&m::plain::Msg::Ok {
                round: r,
                __tag: Tag::NEW
            }),
            m::encoded::message(&m::encoded::Msg::Ok {
                round: AnU32::encode(r),
                __tag: Tag::NEW
            })
            .decode()
        );
        assert_eq!(
            m::plain::message(&m::plain::Msg::Start(r, Tag::NEW)),
            m::encoded::message(&m::encoded::Msg::Start(AnU32::encode(r), Tag::NEW)).decode()
        );
    }
    for words in [&[0u32, 0, 1][..], &[2, 7], &[4]] {
        let e: Vec<AnU32> = words.iter().copied().map(AnU32::encode).collect();
        assert_eq!(
            m::plain::first_nonzero(words),
            m::encoded::first_nonzero(&e).decode()
        );
    }
}
