//! hale and rotel4, written once over `u32` and built plain and encoded.
