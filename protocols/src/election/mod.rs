//! What a leader election promises, in one place: the leader a cluster
//! agrees on ([`agreed_leader`]), who leads over time in a live cluster
//! ([`Outputs`], [`Milestones`]), and the properties a simulated run is held
//! to ([`ElectionProperties`], for [`anguard::campaign`]).

mod agreement;
mod properties;

pub use agreement::{Milestones, Outputs, agreed_leader};
pub use properties::ElectionProperties;
