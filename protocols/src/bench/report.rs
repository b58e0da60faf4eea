//! Aggregating runs: per algorithm and period, mean and standard deviation of
//! each build, and the encoded / plain ratios; written as CSV, Markdown and
//! JSON lines.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::measure::{RunPlan, Sample};
use crate::algo::{Algo, StateSize, Variant};

/// Every sample, by algorithm and period, then by build.
#[derive(Debug, Default)]
pub struct Report {
    cells: BTreeMap<(AlgoKey, u32), Cell>,
    /// Each algorithm's state size, plain and encoded.
    states: BTreeMap<AlgoKey, [StateSize; 2]>,
}

/// `Algo` ordered for the map.
type AlgoKey = &'static str;

#[derive(Debug, Default)]
pub struct Cell {
    pub plain: Vec<Sample>,
    pub encoded: Vec<Sample>,
}

/// Mean and sample standard deviation.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Spread {
    pub mean: f64,
    pub sd: f64,
}

impl Spread {
    pub fn of(values: impl IntoIterator<Item = f64>) -> Self {
        let values: Vec<f64> = values.into_iter().collect();
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let sd = if values.len() > 1 {
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        Self { mean, sd }
    }
}

/// The comparison of one algorithm at one period.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub algo: &'static str,
    pub period_ms: u32,
    pub election_ms: [Spread; 2],
    pub reelection_ms: [Spread; 2],
    pub cpu_percent: [Spread; 2],
    pub bytes_per_message: [f64; 2],
    /// Encoded / plain election time, paired run by run.
    pub election_ratio: Spread,
    pub cpu_ratio: f64,
    pub msg_size_ratio: f64,
}

/// One algorithm and period, as a `--json` summary line.
#[derive(Debug, Clone, Serialize)]
#[allow(missing_docs)]
pub struct SummaryLine {
    /// Always `"summary"`.
    pub event: &'static str,
    pub algo: &'static str,
    pub period_ms: u32,
    pub election_ratio: f64,
    pub cpu_ratio: f64,
    pub msg_size_ratio: f64,
    pub election_ratio_sd: f64,
    pub election_ms_plain: f64,
    pub election_ms_encoded: f64,
    pub reelection_ms_plain: f64,
    pub reelection_ms_encoded: f64,
    pub cpu_percent_plain: f64,
    pub cpu_percent_encoded: f64,
    pub bytes_per_message_plain: f64,
    pub bytes_per_message_encoded: f64,
    pub state_bytes_plain: Option<usize>,
    pub state_bytes_encoded: Option<usize>,
}

impl Report {
    pub fn add(&mut self, algo: Algo, period: u32, variant: Variant, sample: Sample) {
        let cell = self.cells.entry((algo.name(), period)).or_default();
        match variant {
            Variant::Plain => cell.plain.push(sample),
            Variant::Encoded => cell.encoded.push(sample),
        }
    }

    pub fn add_state(&mut self, algo: Algo, sizes: [StateSize; 2]) {
        self.states.insert(algo.name(), sizes);
    }

    pub fn rows(&self) -> Vec<Row> {
        self.cells
            .iter()
            .map(|(&(algo, period_ms), cell)| {
                let builds = [&cell.plain, &cell.encoded];
                let spread =
                    |f: fn(&Sample) -> f64| builds.map(|runs| Spread::of(runs.iter().map(f)));
                let election_ms = spread(|s| s.election.as_secs_f64() * 1e3);
                let cpu_percent = spread(|s| s.cpu_utilization * 100.0);
                let bytes_per_message = spread(|s| s.bytes_per_message).map(|s| s.mean);
                Row {
                    algo,
                    period_ms,
                    election_ms,
                    reelection_ms: spread(|s| s.reelection.as_secs_f64() * 1e3),
                    cpu_percent,
                    bytes_per_message,
                    election_ratio: Spread::of(
                        cell.plain
                            .iter()
                            .zip(&cell.encoded)
                            .map(|(p, e)| e.election.as_secs_f64() / p.election.as_secs_f64()),
                    ),
                    cpu_ratio: cpu_percent[1].mean / cpu_percent[0].mean,
                    msg_size_ratio: bytes_per_message[1] / bytes_per_message[0],
                }
            })
            .collect()
    }

    /// Every run, as CSV.
    pub fn csv(&self) -> String {
        let mut csv = String::from(
            "algo,period_ms,variant,run,election_ms,reelection_ms,cpu_utilization,bytes_per_message\n",
        );
        for (&(algo, period), cell) in &self.cells {
            for (variant, samples) in [("plain", &cell.plain), ("encoded", &cell.encoded)] {
                for (run, s) in samples.iter().enumerate() {
                    let _ = writeln!(
                        csv,
                        "{algo},{period},{variant},{run},{:.3},{:.3},{:.6},{:.2}",
                        s.election.as_secs_f64() * 1e3,
                        s.reelection.as_secs_f64() * 1e3,
                        s.cpu_utilization,
                        s.bytes_per_message
                    );
                }
            }
        }
        csv
    }

    /// The tables of `summary.md`: `runs` runs of each, measured as `plan` says.
    pub fn markdown(&self, runs: u32, plan: &RunPlan) -> String {
        let mut md = format!(
            "# anguard bench\n\n3 nodes on loopback, {runs} runs per algorithm, period and build; \
             CPU over a {:.1} s window after the election; mean ± sd.\n\n\
             | algo | period | election plain (ms) | election encoded (ms) | election ratio | \
             re-election plain (ms) | re-election encoded (ms) | CPU plain | CPU encoded | CPU ratio | \
             bytes/msg plain | bytes/msg encoded | size ratio |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
            plan.window.as_secs_f64()
        );
        for r in self.rows() {
            let _ = writeln!(
                md,
                "| {} | {} ms | {:.1} ± {:.1} | {:.1} ± {:.1} | {:.3} ± {:.3} | {:.1} ± {:.1} | {:.1} ± {:.1} | \
                 {:.2}% | {:.2}% | {:.2} | {:.1} | {:.1} | {:.2} |",
                r.algo,
                r.period_ms,
                r.election_ms[0].mean,
                r.election_ms[0].sd,
                r.election_ms[1].mean,
                r.election_ms[1].sd,
                r.election_ratio.mean,
                r.election_ratio.sd,
                r.reelection_ms[0].mean,
                r.reelection_ms[0].sd,
                r.reelection_ms[1].mean,
                r.reelection_ms[1].sd,
                r.cpu_percent[0].mean,
                r.cpu_percent[1].mean,
                r.cpu_ratio,
                r.bytes_per_message[0],
                r.bytes_per_message[1],
                r.msg_size_ratio,
            );
        }
        md += "\nThe state of one node (3 processes, steady state after an election): \
               the struct (`size_of`), and the words its `State` shows.\n\n\
               | algo | struct plain (B) | struct encoded (B) | ratio | words | word bytes plain | word bytes encoded |\n\
               |---|---:|---:|---:|---:|---:|---:|\n";
        for (algo, [plain, encoded]) in &self.states {
            let _ = writeln!(
                md,
                "| {algo} | {} | {} | {:.2} | {} | {} | {} |",
                plain.inline_bytes,
                encoded.inline_bytes,
                encoded.inline_bytes as f64 / plain.inline_bytes as f64,
                encoded.words,
                plain.word_bytes,
                encoded.word_bytes
            );
        }
        md
    }

    /// One line per row, for people.
    pub fn lines(&self) -> Vec<String> {
        self.rows()
            .iter()
            .map(|r| {
                format!(
                    "{:<6} {:>4} ms  election {:>7.1} → {:>7.1} ms (×{:.3})  CPU {:>5.2}% → {:>5.2}% (×{:.2})  message {:>4.1} → {:>4.1} B (×{:.2})",
                    r.algo,
                    r.period_ms,
                    r.election_ms[0].mean,
                    r.election_ms[1].mean,
                    r.election_ratio.mean,
                    r.cpu_percent[0].mean,
                    r.cpu_percent[1].mean,
                    r.cpu_ratio,
                    r.bytes_per_message[0],
                    r.bytes_per_message[1],
                    r.msg_size_ratio
                )
            })
            .collect()
    }

    /// One summary per row.
    pub fn summaries(&self) -> Vec<SummaryLine> {
        self.rows()
            .iter()
            .map(|r| SummaryLine {
                event: "summary",
                algo: r.algo,
                period_ms: r.period_ms,
                election_ratio: r.election_ratio.mean,
                cpu_ratio: r.cpu_ratio,
                msg_size_ratio: r.msg_size_ratio,
                election_ratio_sd: r.election_ratio.sd,
                election_ms_plain: r.election_ms[0].mean,
                election_ms_encoded: r.election_ms[1].mean,
                reelection_ms_plain: r.reelection_ms[0].mean,
                reelection_ms_encoded: r.reelection_ms[1].mean,
                cpu_percent_plain: r.cpu_percent[0].mean,
                cpu_percent_encoded: r.cpu_percent[1].mean,
                bytes_per_message_plain: r.bytes_per_message[0],
                bytes_per_message_encoded: r.bytes_per_message[1],
                state_bytes_plain: self.states.get(r.algo).map(|s| s[0].inline_bytes),
                state_bytes_encoded: self.states.get(r.algo).map(|s| s[1].inline_bytes),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_is_mean_and_sample_sd() {
        let s = Spread::of([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(s.mean, 5.0);
        assert!((s.sd - 2.138).abs() < 1e-3);
        assert_eq!(Spread::of([3.0]).sd, 0.0);
    }
}
