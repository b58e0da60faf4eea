//! The fault policy: a scoped policy holds on its thread only, until its
//! guard goes, also when a panic unwinds through it; the process default is
//! left alone (nothing in this binary sets it).

use std::panic::{AssertUnwindSafe, catch_unwind};

use anguard::fault::{self, Fault, Policy};

#[test]
fn a_scoped_policy_holds_until_its_guard_is_dropped() {
    assert_eq!(fault::policy(), Policy::Abort, "the default");
    {
        let _outer = fault::scoped(Policy::Panic);
        assert_eq!(fault::policy(), Policy::Panic);
        {
            let _inner = fault::scoped(Policy::Abort);
            assert_eq!(fault::policy(), Policy::Abort, "guards nest");
        }
        assert_eq!(fault::policy(), Policy::Panic, "the outer one again");
    }
    assert_eq!(fault::policy(), Policy::Abort);
}

#[test]
fn a_fault_under_with_policy_panics_with_its_payload_and_the_policy_is_restored() {
    let caught = fault::with_policy(Policy::Panic, || {
        catch_unwind(|| fault::invalid_word(0xbad, "test"))
    });
    let fault = caught
        .expect_err("a panic")
        .downcast::<Fault>()
        .expect("a Fault");
    assert_eq!(fault.word, 0xbad);
    assert_eq!(fault::policy(), Policy::Abort);

    // Unwinding out of `with_policy` restores the policy too.
    let unwound = catch_unwind(AssertUnwindSafe(|| {
        fault::with_policy(Policy::Panic, || fault::invalid_word(0xbad, "test"))
    }));
    assert!(unwound.is_err());
    assert_eq!(fault::policy(), Policy::Abort);
}

#[test]
fn a_scoped_policy_is_the_current_threads_only() {
    let _guard = fault::scoped(Policy::Panic);
    let other = std::thread::spawn(fault::policy).join().expect("no panic");
    assert_eq!(other, Policy::Abort);
    assert_eq!(fault::policy(), Policy::Panic);
}
