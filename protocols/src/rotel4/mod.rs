//! rotel4: the stable rotating Ω of Aguilera, Delporte-Gallet, Fauconnier and
//! Toueg (DISC 2001), in its variant for lossy links with election time
//! `(n+4)δ`.
//!
//! Ω is a weak leader election: eventually every correct process outputs the
//! same correct leader, forever. Before that, outputs may differ. *Stable*
//! means a leader is not demoted while it is correct and its messages are
//! timely, whatever other processes or links do.
//!
//! # The algorithm
//!
//! Processes move through rounds `r`; the leader of round `k` is `k mod n`.
//!
//! - `StartRound(k)`: `r = k`, output ⊥ (`None`), send `Start{from, k}` to
//!   all, reset the timer. The leader of round `k` then sends `Ok{from, k}`
//!   to all at once and every δ after.
//! - On `Ok{from, k}` with `k = r`: reset the timer; after the second `Ok` of
//!   the round, output `k mod n`.
//! - On `Ok{from, k}` or `Start{from, k}` with `k > r`: `StartRound(k)`; an
//!   `Ok` also counts as the round's first `Ok`.
//! - On either with `k < r`: answer the sender `Start{me, r}`, so a process
//!   that fell behind (or restarted) catches up without demoting anyone.
//! - No `Ok` for more than 2δ: `StartRound(r+1)`. A crashed leader of round
//!   `r` is therefore followed by `r+1`: the next id.
//!
//! # Where the design sketch was silent
//!
//! - **The leader receives its own `Ok`s** without the network: each one it
//!   sends resets its own timer and counts, so it outputs itself after its
//!   second `Ok` (δ after its round began), like everyone else.
//! - **An `Ok` must come from its round's leader** (`from = k mod n`);
//!   others are ignored.
//! - **The sender is the transport's**: a message whose `from` names another
//!   process than the one that sent it is rejected and counted
//!   ([`anguard::Io::reject`]), not acted on.
//! - **Restart**: a process (re)starts with `StartRound(0)`. Its `Start{0}`
//!   is answered by the current round, which it adopts within a round trip,
//!   before its own timer (more than 2δ) can push it past that round.
//! - **Timer**: "more than 2δ" is an alarm at `2δ + 1` ms after the last `Ok`.
//! - **Rounds saturate** at `u32::MAX` instead of wrapping (4·10⁹ rounds).
//!
//! # Bound
//!
//! Once links from correct processes are timely (delay below δ, no loss),
//! all correct processes output the same correct leader within
//! [`Rotel4Config::election_bound_ms`] `= (n+4)δ` in the cases the tests
//! measure. A crashed leader costs its successor's round at most: the first
//! timeout fires within `2δ + 1` of the last `Ok`, the `Start` reaches the
//! next leader within δ, and its second `Ok` arrives δ + δ later: `5δ + 1`.
//! Each further crashed leader *in a row* adds one more timeout, `2δ + 1`: with
//! `f` of them the election takes up to about `(2f + 5)δ`, which exceeds
//! `(n+4)δ` once `f > (n−1)/2` — the design's round rule (one round per
//! timeout) cannot skip a dead round faster than a round trip.
//!
//! `config` holds the validated parameters; `machine` the state machine,
//! written once over `u32` under `#[an_encode]`: [`plain`] as written,
//! [`encoded`] with every `u32` an [`anguard::AnU32`].

mod config;
mod machine;
#[cfg(test)]
mod tests;

pub use config::{MAX_DELTA_MS, MAX_N, Params, Rotel4Config, Rotel4ConfigError};
pub use machine::builds::{encoded, plain};
