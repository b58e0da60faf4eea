//! Counting outcomes per build and site, with 95% confidence intervals.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::super::Variant;
use super::fault::Site;
use super::run::Outcome;

/// Outcome counts of one group of runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    counts: [u64; Outcome::ALL.len()],
}

impl Counts {
    pub fn add(&mut self, outcome: Outcome) {
        self.counts[outcome as usize] += 1;
    }

    pub fn get(&self, outcome: Outcome) -> u64 {
        self.counts[outcome as usize]
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The rate of `outcome` and its 95% Wilson score interval.
    pub fn rate(&self, outcome: Outcome) -> (f64, f64, f64) {
        wilson(self.get(outcome), self.total())
    }

    fn merge(&mut self, other: &Counts) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }
}

/// `k` of `n` as a rate, with its 95% Wilson score interval (sound near 0,
/// where the normal approximation claims an interval of width zero).
pub fn wilson(k: u64, n: u64) -> (f64, f64, f64) {
    if n == 0 {
        return (0.0, 0.0, 1.0);
    }
    let (k, n) = (k as f64, n as f64);
    let z = 1.959_963_984_540_054_f64;
    let p = k / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    (p, (centre - half).max(0.0), (centre + half).min(1.0))
}

/// Every outcome, by build and site.
#[derive(Debug, Default)]
pub struct Tally {
    groups: BTreeMap<(Variant, Site), Counts>,
}

/// The design's summary line, one per build.
#[derive(Debug, Serialize)]
struct SummaryLine {
    event: &'static str,
    variant: Variant,
    runs: u64,
    masked: u64,
    detected: u64,
    discarded: u64,
    benign: u64,
    sdc: u64,
    hang: u64,
    sdc_rate: f64,
    sdc_rate_ci95: [f64; 2],
}

impl Tally {
    pub fn add(&mut self, variant: Variant, site: Site, outcome: Outcome) {
        self.groups.entry((variant, site)).or_default().add(outcome);
    }

    pub fn by_variant(&self, variant: Variant) -> Counts {
        let mut total = Counts::default();
        for ((v, _), counts) in &self.groups {
            if *v == variant {
                total.merge(counts);
            }
        }
        total
    }

    pub fn groups(&self) -> impl Iterator<Item = (Variant, Site, &Counts)> {
        self.groups.iter().map(|(&(v, s), c)| (v, s, c))
    }

    pub fn summary_lines(&self) -> Vec<String> {
        [Variant::Plain, Variant::Encoded]
            .into_iter()
            .map(|variant| {
                let c = self.by_variant(variant);
                let (rate, low, high) = c.rate(Outcome::Sdc);
                serde_json::to_string(&SummaryLine {
                    event: "summary",
                    variant,
                    runs: c.total(),
                    masked: c.get(Outcome::Masked),
                    detected: c.get(Outcome::Detected),
                    discarded: c.get(Outcome::Discarded),
                    benign: c.get(Outcome::Benign),
                    sdc: c.get(Outcome::Sdc),
                    hang: c.get(Outcome::Hang),
                    sdc_rate: rate,
                    sdc_rate_ci95: [low, high],
                })
                .expect("summary serializes")
            })
            .collect()
    }

    /// A Markdown table: per build and site, each outcome's count and rate.
    pub fn markdown(&self) -> String {
        let mut md = String::from("| build | site | runs |");
        for outcome in Outcome::ALL {
            let _ = write!(md, " {} |", outcome.name());
        }
        md += " SDC rate (95% CI) |\n|---|---|---:|";
        md += &"---:|".repeat(Outcome::ALL.len() + 1);
        md += "\n";
        let rows = self
            .groups()
            .map(|(v, s, c)| (v.name(), s.name(), *c))
            .chain(
                [Variant::Plain, Variant::Encoded]
                    .map(|v| (v.name(), "**all**", self.by_variant(v))),
            );
        for (variant, site, counts) in rows {
            let _ = write!(md, "| {variant} | {site} | {} |", counts.total());
            for outcome in Outcome::ALL {
                let (rate, _, _) = counts.rate(outcome);
                let _ = write!(md, " {} ({:.1}%) |", counts.get(outcome), rate * 100.0);
            }
            let (rate, low, high) = counts.rate(Outcome::Sdc);
            let _ = writeln!(
                md,
                " {:.3}% [{:.3}%, {:.3}%] |",
                rate * 100.0,
                low * 100.0,
                high * 100.0
            );
        }
        md
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_interval_matches_a_known_value() {
        // 0 of 100: the rule of three says about 3%; Wilson gives 3.70%.
        let (p, low, high) = wilson(0, 100);
        assert_eq!(p, 0.0);
        assert!(low < 1e-12, "{low}");
        assert!((high - 0.0370).abs() < 1e-3, "{high}");
        let (p, low, high) = wilson(50, 100);
        assert_eq!(p, 0.5);
        assert!((low - 0.4038).abs() < 1e-3 && (high - 0.5962).abs() < 1e-3);
    }
}
