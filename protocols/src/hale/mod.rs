//! hale: strong leader election on leases, after Fetzer and Cristian.
//!
//! At most one process is leader at any real time, and a leader is elected
//! only with the support of a majority, although clocks are not synchronized
//! and drift by up to ρ. Messages may be lost, delayed or reordered; processes
//! may crash and restart with fresh state.
//!
//! # The algorithm
//!
//! Every process keeps one *promise*: to support candidate `c` until its own
//! clock reads `promise_until`. While that promise is in force it supports no
//! other candidate.
//!
//! - Every `EP` (its tick) a process sends `Req{from, seq}` to all if it is a
//!   *candidate*, else `Alive{from}`. A candidate is out of its restart quiet
//!   period, promises nobody but itself, and has the lowest id among the
//!   processes heard within the last `EP + 2δ`. A candidate also supports
//!   itself: it promises itself and counts itself, as if it had sent the
//!   `Req` to itself.
//! - On `Req{c, seq}`: if it promises nobody or `c` already, it promises `c`
//!   until `now + L` and answers `Support{from, seq}`; else it answers
//!   `Nack{from, seq, supports}`.
//! - On `Support{p, seq}` for a `Req` sent at local time `s`, the candidate
//!   *counts* `p` until `s + span`, `span = (L−1)(1−ρ)/(1+ρ)` (see below).
//! - A process is leader while it counts a majority (`⌊n/2⌋ + 1`), itself
//!   included. An alarm at the earliest moment its majority can expire makes
//!   it step down then, not at its next tick.
//! - Output: the leader reports itself; any other process reports the
//!   candidate it promises (`None` when it promises nobody, or only itself).
//!
//! **Why at most one leader.** A promise given at real time `t_r` for `L`
//! local ms lasts at least `L/(1+ρ)` real ms. The candidate counts that
//! promise for `span` local ms from `s ≤ t_r`, at most
//! `L(1−ρ)/(1+ρ)/(1−ρ) = L/(1+ρ)` real ms: it stops counting before the
//! promise ends. Two majorities share a process, which never promises two
//! candidates at once; so two leaders never overlap in real time.
//!
//! **Liveness.** `EP + 2δ < L(1−ρ)/(1+ρ)` (checked by [`HaleConfig::new`])
//! lets a leader renew every supporter (a `Req` every `EP`, the answer within
//! `2δ`) before it stops counting it, so a timely majority keeps its leader.
//!
//! # Where the design sketch was silent
//!
//! - **`seq` is the candidate's clock reading when it sent the `Req`.** It is
//!   unique (one `Req` per tick, `EP ≥ 1`), it is the `s` the candidate needs,
//!   and a `Support` answering a `Req` sent before a crash still carries its
//!   true send time, so it can never be counted longer than it was promised.
//!   The candidate only counts supports with `started_at ≤ seq ≤ last Req`,
//!   not yet past their span.
//! - **Restart.** A process promises nothing, itself included, for `L` after
//!   it starts: it cannot know what it promised before it crashed. Hence also
//!   the first election after a cold start takes at least `L`.
//! - **Output of a candidate without majority** is `None`, not itself: only
//!   a leader reports itself, so "leadership" is exactly self-reports.
//! - **Whole-ms clocks.** A clock reading lags the true local time by up to
//!   1 ms, so a promise for `L` may last only `L − 1` local ms: the span is
//!   `⌊(L−1)(1−ρ)/(1+ρ)⌋`, and the check is `EP + 2δ` below that.
//! - **Wrapping clocks.** Clock readings compare by their wrapping difference
//!   (a reading is "before" another if it is less than 2³¹ ms behind). All
//!   stored readings are refreshed at least every `L`, far below 2³¹ ms.
//! - **`Nack`** carries whom the sender supports; the candidate only uses it
//!   as a sign of life.
//! - **The sender is the transport's** (the peer the TCP handshake bound, the
//!   sending node in the simulator). A message whose `from` names another
//!   process is rejected and counted ([`anguard::Io::reject`]), not acted on.
//!
//! # Bound
//!
//! Once a majority is timely (delays below δ, no loss among its members, the
//! rest crashed or cut off), its lowest id is leader within
//! [`HaleConfig::election_bound_ms`] real ms: `L + 2·EP + 4δ` local ms at the
//! slowest clock rate. Promises to an earlier leader run out within `L` of
//! its last `Req`, which was at most `EP + δ` after the stabilization (it
//! stops asking once it hears a lower id), and the next tick plus a round
//! trip take `EP + 2δ`. A process restarted inside the majority is quiet for
//! `L` from its restart instead.
//!
//! Safety needs none of this: it holds for any delays and losses, given ρ.
//!
//! hale is not *stable*: a lower id that (re)joins takes over once its quiet
//! period is over (the old leader stops asking when it hears it), leaving up
//! to about `L` without a leader.
//!
//! # Restarts and the clock
//!
//! The `seq` check assumes a restarted process's clock runs on (a hardware
//! clock does; the simulator's does). If it starts again from 0, as the TCP
//! event loop's clock does, a `Support` sent before the crash could match a
//! new `Req` only by arriving more than `L` late (the quiet period), which a
//! closed TCP connection rules out.
//!
//! `config` holds the validated parameters; `machine` the state machine,
//! written once over `u32` under `#[an_encode]`: [`plain`] as written,
//! [`encoded`] with every `u32` an [`anguard::AnU32`].

mod config;
mod machine;
#[cfg(test)]
mod tests;

pub use config::{HaleConfig, HaleConfigError, MAX_N, MAX_TIME_MS, PPM, Params};
pub use machine::builds::{encoded, plain};
