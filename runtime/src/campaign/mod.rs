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
//! use anguard::sim::{Event, SimConfig, Trace};
//!
//! /// Every 10 ms each node sends its id to the next; each reports the
//! /// last id it heard.
//! #[anguard::an_encode]
//! pub mod relay {
//!     use anguard::inject::{State, Visitor};
//!     use anguard::{Io, Protocol};
//!
//!     #[derive(Debug, Default)]
//!     pub struct Relay {
//!         pub heard: u32,
//!     }
//!
//!     impl Protocol<u32> for Relay {
//!         type Msg = u32;
//!         fn start(&mut self, io: &mut dyn Io<u32, u32>) {
//!             io.set_alarm(0, io.now() + 10);
//!         }
//!         fn on_message(&mut self, from: u32, io: &mut dyn Io<u32, u32>) {
//!             self.heard = from;
//!             io.report(Some(self.heard));
//!         }
//!         fn on_alarm(&mut self, id: u32, io: &mut dyn Io<u32, u32>) {
//!             io.send((io.me() + 1) % io.n(), io.me());
//!             io.set_alarm(id, io.now() + 10);
//!         }
//!     }
//!
//!     impl State for Relay {
//!         fn visit(&mut self, v: &mut dyn Visitor) {
//!             v.word(&mut self.heard);
//!         }
//!     }
//! }
//!
//! /// Node i only ever hears from node i − 1.
//! struct HearsItsPredecessor;
//! impl Properties for HearsItsPredecessor {
//!     fn violation(&self, trace: &Trace, _end_us: u64) -> Option<String> {
//!         trace.records().iter().find_map(|r| match r.event {
//!             Event::Report { leader: Some(id) } if (id + 1) % 3 != r.node => {
//!                 Some(format!("node {} heard from {id}", r.node))
//!             }
//!             _ => None,
//!         })
//!     }
//! }
//!
//! let relay = Target::new("relay", SimConfig::default(), HearsItsPredecessor)
//!     .build(Build::new("plain", |_| relay::plain::Relay::default()))
//!     .build(Build::new("encoded", |_| relay::encoded::Relay::default()));
//! let campaign = Campaign {
//!     runs: 40,
//!     seed: 7,
//!     // The relay's state is one word: no uncovered state to strike.
//!     sites: vec![Site::StateWord, Site::Message, Site::Alarm],
//!     run_us: 1_000_000,
//!     window_us: 200_000..800_000,
//!     ..Campaign::default()
//! };
//! let report = campaign.run(&[relay])?;
//! assert_eq!(report.records.len(), 80, "40 faults, each in both builds");
//! assert!(report.tally.by_build("plain").get(Outcome::Sdc) > 0);
//! assert_eq!(report.tally.by_build("encoded").get(Outcome::Sdc), 0);
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
pub use run::Golden;
pub use site::{Site, UnknownSite};
pub use tally::{Counts, Rate, Summary, Tally, wilson};
pub use target::{Build, Properties, Target};
pub use verdict::{Outcome, Verdict};
