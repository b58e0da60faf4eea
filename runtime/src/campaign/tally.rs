//! Counting outcomes per build and site, with 95% confidence intervals.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::site::Site;
use super::verdict::Outcome;

/// Outcome counts of one group of runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    counts: [u64; Outcome::ALL.len()],
}

impl Counts {
    /// Counts one run.
    pub fn add(&mut self, outcome: Outcome) {
        self.counts[outcome as usize] += 1;
    }

    /// The runs of `outcome`.
    pub fn get(&self, outcome: Outcome) -> u64 {
        self.counts[outcome as usize]
    }

    /// All runs.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The rate of `outcome`, with its 95% Wilson score interval.
    pub fn rate(&self, outcome: Outcome) -> Rate {
        wilson(self.get(outcome), self.total())
    }

    fn merge(&mut self, other: &Counts) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }
}

/// A rate and its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Rate {
    /// The observed rate, in `[0, 1]`.
    pub rate: f64,
    /// The interval's lower bound.
    pub low: f64,
    /// The interval's upper bound.
    pub high: f64,
}

/// `k` of `n` as a rate, with its 95% Wilson score interval (sound near 0,
/// where the normal approximation claims an interval of width zero).
///
/// ```
/// let rate = anguard::campaign::wilson(0, 100);
/// assert_eq!(rate.rate, 0.0);
/// assert!((rate.high - 0.037).abs() < 1e-3, "about the rule of three's 3%");
/// ```
pub fn wilson(k: u64, n: u64) -> Rate {
    if n == 0 {
        return Rate {
            rate: 0.0,
            low: 0.0,
            high: 1.0,
        };
    }
    let (k, n) = (k as f64, n as f64);
    let z = 1.959_963_984_540_054_f64;
    let p = k / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    Rate {
        rate: p,
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    }
}

/// Every outcome, by build (by name, in order of first appearance) and site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    builds: Vec<String>,
    groups: BTreeMap<(usize, Site), Counts>,
}

/// One build's totals over every site: a campaign's summary line.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Always `"summary"`: a JSON line's tag.
    pub event: &'static str,
    /// The build.
    pub variant: String,
    pub runs: u64,
    pub masked: u64,
    pub detected: u64,
    pub discarded: u64,
    pub benign: u64,
    pub sdc: u64,
    pub hang: u64,
    pub sdc_rate: f64,
    pub sdc_rate_ci95: [f64; 2],
}

impl Tally {
    /// Counts one run of build `build` with a fault at `site`.
    pub fn add(&mut self, build: &str, site: Site, outcome: Outcome) {
        let index = match self.builds.iter().position(|b| b == build) {
            Some(index) => index,
            None => {
                self.builds.push(build.to_string());
                self.builds.len() - 1
            }
        };
        self.groups.entry((index, site)).or_default().add(outcome);
    }

    /// The builds counted, in order of first appearance.
    pub fn builds(&self) -> impl Iterator<Item = &str> {
        self.builds.iter().map(String::as_str)
    }

    /// One build's counts over every site.
    pub fn by_build(&self, build: &str) -> Counts {
        let mut total = Counts::default();
        for ((b, _), counts) in &self.groups {
            if self.builds[*b] == build {
                total.merge(counts);
            }
        }
        total
    }

    /// The counts of each build and site, by build then site.
    pub fn groups(&self) -> impl Iterator<Item = (&str, Site, &Counts)> {
        self.groups
            .iter()
            .map(|(&(b, s), c)| (self.builds[b].as_str(), s, c))
    }

    /// The sites at which `build` let a fault through as silent data
    /// corruption, with their counts: for an encoded build, the kinds its
    /// checks miss.
    pub fn missed(&self, build: &str) -> Vec<(Site, Counts)> {
        self.groups()
            .filter(|&(b, _, c)| b == build && c.get(Outcome::Sdc) > 0)
            .map(|(_, site, counts)| (site, *counts))
            .collect()
    }

    /// A Markdown line per build that let faults through at some site:
    /// where, and how often.
    pub fn missed_markdown(&self) -> String {
        let mut md = String::new();
        for build in self.builds() {
            let missed: Vec<String> = self
                .missed(build)
                .into_iter()
                .map(|(site, c)| {
                    let sdc = c.rate(Outcome::Sdc);
                    format!(
                        "{site} {:.2}% [{:.2}%, {:.2}%]",
                        100.0 * sdc.rate,
                        100.0 * sdc.low,
                        100.0 * sdc.high
                    )
                })
                .collect();
            if !missed.is_empty() {
                let _ = writeln!(md, "- **{build}** misses: {}", missed.join(", "));
            }
        }
        md
    }

    /// One summary per build.
    pub fn summaries(&self) -> Vec<Summary> {
        self.builds()
            .map(|build| {
                let c = self.by_build(build);
                let sdc = c.rate(Outcome::Sdc);
                Summary {
                    event: "summary",
                    variant: build.to_string(),
                    runs: c.total(),
                    masked: c.get(Outcome::Masked),
                    detected: c.get(Outcome::Detected),
                    discarded: c.get(Outcome::Discarded),
                    benign: c.get(Outcome::Benign),
                    sdc: c.get(Outcome::Sdc),
                    hang: c.get(Outcome::Hang),
                    sdc_rate: sdc.rate,
                    sdc_rate_ci95: [sdc.low, sdc.high],
                }
            })
            .collect()
    }

    /// A Markdown table: per build and site, each outcome's count and rate;
    /// then each build's totals.
    pub fn markdown(&self) -> String {
        let mut md = String::from("| build | site | runs |");
        for outcome in Outcome::ALL {
            let _ = write!(md, " {outcome} |");
        }
        md += " SDC rate (95% CI) |\n|---|---|---:|";
        md += &"---:|".repeat(Outcome::ALL.len() + 1);
        md += "\n";
        let rows = self
            .groups()
            .map(|(b, s, c)| (b, s.name(), *c))
            .chain(self.builds().map(|b| (b, "**all**", self.by_build(b))));
        for (build, site, counts) in rows {
            let _ = write!(md, "| {build} | {site} | {} |", counts.total());
            for outcome in Outcome::ALL {
                let rate = counts.rate(outcome).rate;
                let _ = write!(md, " {} ({:.1}%) |", counts.get(outcome), rate * 100.0);
            }
            let sdc = counts.rate(Outcome::Sdc);
            let _ = writeln!(
                md,
                " {:.3}% [{:.3}%, {:.3}%] |",
                sdc.rate * 100.0,
                sdc.low * 100.0,
                sdc.high * 100.0
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
        let Rate { rate, low, high } = wilson(0, 100);
        assert_eq!(rate, 0.0);
        assert!(low < 1e-12, "{low}");
        assert!((high - 0.0370).abs() < 1e-3, "{high}");
        let Rate { rate, low, high } = wilson(50, 100);
        assert_eq!(rate, 0.5);
        assert!((low - 0.4038).abs() < 1e-3 && (high - 0.5962).abs() < 1e-3);
    }

    #[test]
    fn builds_keep_the_order_they_came_in() {
        let mut tally = Tally::default();
        tally.add("plain", Site::Message, Outcome::Sdc);
        tally.add("encoded", Site::StateWord, Outcome::Detected);
        tally.add("plain", Site::StateWord, Outcome::Masked);
        assert_eq!(tally.builds().collect::<Vec<_>>(), ["plain", "encoded"]);
        let groups: Vec<_> = tally.groups().map(|(b, s, _)| (b, s)).collect();
        assert_eq!(
            groups,
            [
                ("plain", Site::StateWord),
                ("plain", Site::Message),
                ("encoded", Site::StateWord)
            ]
        );
        assert_eq!(tally.by_build("plain").total(), 2);
        let missed: Vec<Site> = tally.missed("plain").into_iter().map(|(s, _)| s).collect();
        assert_eq!(missed, [Site::Message]);
        assert!(tally.missed("encoded").is_empty());
        assert!(
            tally
                .missed_markdown()
                .starts_with("- **plain** misses: message 100.00%")
        );
    }
}
