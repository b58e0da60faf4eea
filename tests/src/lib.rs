//! Shared code of the cross-crate tests: the differential corpus and the
//! harness that compares a module's `plain` and `encoded` builds.

pub mod corpus;
pub mod differential;
