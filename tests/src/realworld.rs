//! The real-world measurement corpus: u32 code of the kinds published crates
//! hold (checksums, hashes, PRNGs, a varint, a UTF-8 and a base64 decoder, a
//! bit set, Raft progress tracking), written the way those crates write it
//! and put under `#[an_encode]` unchanged, one module per file.
//! `tests/realworld.rs` runs each module's `plain` and `encoded` builds on the
//! same inputs.

include!("realworld/adler32.rs");
include!("realworld/base64.rs");
include!("realworld/bitset.rs");
include!("realworld/crc32.rs");
include!("realworld/fletcher32.rs");
include!("realworld/fnv1a.rs");
include!("realworld/halfsiphash.rs");
include!("realworld/leb128.rs");
include!("realworld/mt19937.rs");
include!("realworld/murmur3.rs");
include!("realworld/pcg32.rs");
include!("realworld/raft_progress.rs");
include!("realworld/splitmix32.rs");
include!("realworld/utf8.rs");
include!("realworld/xorshift.rs");
include!("realworld/xxhash32.rs");
