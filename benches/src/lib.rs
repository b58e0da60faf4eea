//! Support for the benchmarks of encoded code against plain code: timing
//! comparisons that report ratios, a register barrier, the operations
//! measured, and one event of each kind of hale and rotel4.

pub mod barrier;
pub mod compare;
pub mod events;
pub mod ops;

pub use barrier::Opaque;
pub use compare::{Comparison, compare};
