//! Shared code of the cross-crate tests: the differential corpus and the
//! harness that compares a module's `plain` and `encoded` builds.

#[allow(unsafe_code)]
pub mod corpus;
pub mod differential;
#[allow(unsafe_code)]
pub mod realworld;
