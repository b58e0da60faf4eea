//! The differential corpus: protocol and systems code written once under
//! `#[an_encode]` over `u32` and the other integer widths, one module per
//! file. `tests/differential.rs`
//! runs each module's `plain` and `encoded` builds on the same inputs.

include!("corpus/adler.rs");
include!("corpus/backoff.rs");
include!("corpus/bits.rs");
include!("corpus/byte_counters.rs");
include!("corpus/byte_words.rs");
include!("corpus/cast_mix.rs");
include!("corpus/clock_deltas.rs");
include!("corpus/codec.rs");
include!("corpus/const_tables.rs");
include!("corpus/flags.rs");
include!("corpus/fnv.rs");
include!("corpus/foreign_traits.rs");
include!("corpus/gcd.rs");
include!("corpus/generic_helpers.rs");
include!("corpus/histogram.rs");
include!("corpus/lease_table.rs");
include!("corpus/literal_arrays.rs");
include!("corpus/literal_locals.rs");
include!("corpus/membership.rs");
include!("corpus/peer_table.rs");
include!("corpus/prng.rs");
include!("corpus/quorum.rs");
include!("corpus/raft_log.rs");
include!("corpus/ring_buffer.rs");
include!("corpus/search.rs");
include!("corpus/seq_window.rs");
include!("corpus/shift_amounts.rs");
include!("corpus/sorted_ring.rs");
include!("corpus/state_machine.rs");
include!("corpus/tags.rs");
include!("corpus/timer_wheel.rs");
include!("corpus/token_bucket.rs");
include!("corpus/unsafe_blocks.rs");
include!("corpus/vector_clock.rs");
include!("corpus/wrapping_words.rs");
