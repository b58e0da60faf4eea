//! A campaign's results: one record per faulty run, and their tally.

use std::io;

use super::fault::Fault;
use super::tally::Tally;
use super::verdict::Verdict;

/// One faulty run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Record {
    /// The protocol.
    pub target: String,
    /// Its build.
    pub build: String,
    /// The scenario's seed (its simulations').
    pub scenario_seed: u64,
    /// The fault.
    pub fault: Fault,
    /// What became of it.
    pub verdict: Verdict,
}

/// What a campaign found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every faulty run, by scenario, then time of the fault, then build.
    pub records: Vec<Record>,
    /// Their outcomes, by build and site.
    pub tally: Tally,
}

impl Report {
    pub(super) fn new(records: Vec<Record>) -> Self {
        let mut tally = Tally::default();
        for r in &records {
            tally.add(&r.build, r.fault.site, r.verdict.outcome);
        }
        Self { records, tally }
    }

    /// Every record as a line of CSV, after a header line.
    pub fn write_csv(&self, out: &mut impl io::Write) -> io::Result<()> {
        writeln!(
            out,
            "protocol,build,scenario_seed,site,kind,at_us,node,outcome,why"
        )?;
        for r in &self.records {
            writeln!(
                out,
                "{},{},{},{},{},{},{},{},\"{}\"",
                r.target,
                r.build,
                r.scenario_seed,
                r.fault.site,
                r.fault.kind,
                r.fault.at_us,
                r.fault.node,
                r.verdict.outcome,
                r.verdict.why.replace('"', "\"\"")
            )?;
        }
        Ok(())
    }
}
