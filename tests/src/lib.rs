//! Shared code of the cross-crate tests: the differential corpus and the
//! harness that compares a module's `plain` and `encoded` builds, and the
//! probes of what the scrub and an injector see.

#[allow(unsafe_code)]
pub mod corpus;
pub mod differential;
pub mod probe;
#[allow(unsafe_code)]
pub mod realworld;
