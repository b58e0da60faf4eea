// Misused `#[state]` attributes: all reported together, each on its token.
#[anguard::an_encode]
pub mod bad {
    use anguard::state::{State, Visitor};

    #[state(skip)]
    pub struct OnType {
        pub a: u32,
    }

    pub struct Options {
        #[state(frob)]
        pub a: u32,
        #[state(skip, skip)]
        pub b: u32,
        #[state(sized_by = missing)]
        pub c: Vec<u32>,
        #[state(sized_by = d)]
        pub d: Vec<u32>,
    }

    pub struct Tuple(pub u32, #[state(sized_by = n)] pub Vec<u32>);

    pub struct Manual {
        #[state(skip)]
        pub a: u32,
    }

    impl State for Manual {
        fn visit(&mut self, v: &mut dyn Visitor) {
            v.word(&mut self.a);
        }
    }
}

fn main() {}
