// In a `const`, a literal whose type the macro cannot see (inside an
// `Option` here) stays a literal, and rustc points at it: an `AnU32` is
// never made from an integer silently. Write `250_u32`.
#[anguard::an_encode]
pub mod m {
    pub const PERIOD: Option<(u32, u8)> = Some((250, 1));
}

fn main() {}
