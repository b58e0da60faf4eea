//! trybuild: what `#[an_encode]` accepts (`ui/pass`, each run) and what it
//! rejects (`ui/fail`, with the `.stderr` of this toolchain). One test, so
//! that trybuild builds the dependencies once.

#[test]
#[rustversion::attr(
    not(stable(1.95)),
    ignore = "the .stderr files are pinned to rustc 1.95"
)]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
