// A const method over u32 is a plain method in `encoded` (rustc cannot call
// `AnU32`'s operators in a const fn); calling it in a const context is
// rustc's error, at the call. Free const fns work: see ui/pass/const_fn.rs.
#[anguard::an_encode]
pub mod m {
    pub struct Limit {
        pub max: u32,
    }

    impl Limit {
        pub const fn new(max: u32) -> Self {
            Limit { max }
        }
    }

    pub const DEFAULT: Limit = Limit::new(8);
}

fn main() {}
