//! Fault-injection campaigns (feature `sim`): how often does a fault go
//! unnoticed, build by build?
//!
//! A campaign runs scenarios in the [simulator](crate::sim). A scenario is a
//! protocol under test (a [`Target`]) and a seed: every build of the protocol
//! runs it once fault-free (the golden run), then once per fault, each fault
//! the same for every build. A [`Fault`] strikes a [`Site`] (a word of a
//! node's state, uncovered state, a message, an alarm, an arithmetic result)
//! in a way its [`Kind`] says (1 to 3 bits, a byte, a word). Each faulty run
//! is classified against its golden run and the [`Properties`] the caller
//! supplies over the trace: an [`Outcome`] of masked, detected, discarded,
//! benign, SDC (silent data corruption) or hang. The [`Report`] keeps every
//! run's [`Record`] and their [`Tally`], with Wilson intervals on each rate.
//!
//! Scenarios run on every core; the records are the same, in the same order,
//! as on one thread.
//!
//! Faults in protocol code panic inside the simulator, which records them:
//! the default panic hook prints each one. A program that runs campaigns
//! may want to install a quiet hook while it does (a process-wide choice,
//! which this module leaves to it).
//!
//! ```
//! use anguard::campaign::{Build, Campaign, Outcome, Properties, Site, Target};
//! use anguard::sim::{SimConfig, Trace};
//!
//! #[anguard::an_encode]
//! pub mod counter {
//!     use anguard::{Io, Protocol};
//!
//!     /// Every 10 ms each node pings the next; each outputs how many
//!     /// pings it has had. `#[an_encode]` derives its `State`.
//!     #[derive(Debug, Default)]
//!     pub struct Counter {
//!         pub pings: u32,
//!     }
//!
//!     impl Protocol<u32> for Counter {
//!         type Msg = ();
//!         type Output = u32;
//!         fn start(&mut self, io: &mut dyn Io<u32, Self>) {
//!             io.set_alarm(0, io.now() + 10);
//!         }
//!         fn on_message(&mut self, _from: u32, _ping: (), io: &mut dyn Io<u32, Self>) {
//!             self.pings = self.pings.wrapping_add(1);
//!             io.report(self.pings);
//!         }
//!         fn on_alarm(&mut self, id: u32, io: &mut dyn Io<u32, Self>) {
//!             io.send((io.me() + 1) % io.n(), ());
//!             io.set_alarm(id, io.now() + 10);
//!         }
//!     }
//! }
//!
//! /// A node's count only ever goes up by one.
//! struct CountsByOne;
//! impl Properties<u32> for CountsByOne {
//!     fn violation(&self, trace: &Trace<u32>, _end_us: u64) -> Option<String> {
//!         (0..3).find_map(|node| {
//!             let counts: Vec<u32> = trace.outputs(node).map(|(_, count)| count).collect();
//!             let jump = counts.windows(2).find(|w| w[1] != w[0].wrapping_add(1))?;
//!             Some(format!("node {node} counted {} after {}", jump[1], jump[0]))
//!         })
//!     }
//! }
//!
//! let counter = Target::new("counter", SimConfig::default(), CountsByOne)
//!     .build(Build::new("plain", |_| counter::plain::Counter::default()))
//!     .build(Build::new("encoded", |_| counter::encoded::Counter::default()));
//! let campaign = Campaign {
//!     runs: 40,
//!     seed: 7,
//!     // The state is one word: there is no uncovered state to strike.
//!     sites: vec![Site::StateWord, Site::Message, Site::Alarm],
//!     run_us: 1_000_000,
//!     window_us: 200_000..800_000,
//!     ..Campaign::default()
//! };
//! let report = campaign.run(&[counter])?;
//! assert_eq!(report.records.len(), 80, "40 faults, each in both builds");
//! assert!(report.tally.by_build("plain").get(Outcome::Sdc) > 0);
//! assert_eq!(report.tally.by_build("encoded").get(Outcome::Sdc), 0);
//! assert!(report.tally.by_build("encoded").get(Outcome::Detected) > 0);
//! println!("{}", report.tally.markdown());
//! # Ok::<(), anguard::campaign::CampaignError>(())
//! ```

mod execute;
mod fault;
mod kind;
mod plan;
mod report;
mod run;
mod site;
mod tally;
mod target;
mod verdict;

pub use execute::CampaignError;
pub use fault::Fault;
pub use kind::Kind;
pub use plan::Campaign;
pub use report::{Record, Report};
pub use run::{CampaignOutput, Golden};
pub use site::{Site, Struck, UnknownSite};
pub use tally::{Counts, Rate, Summary, Tally, wilson};
pub use target::{Build, Properties, ScheduledInput, Target};
pub use verdict::{Outcome, Verdict};
