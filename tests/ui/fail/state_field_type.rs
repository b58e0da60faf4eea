// A field whose type is not protocol state: the error is on the field, and
// says what to write.
#[anguard::an_encode]
pub mod bad {
    pub struct Handle {
        pub name: String,
    }
}

fn main() {}
