//! The outcome chart of `inject`: per site and build, a bar split by outcome.

use std::path::Path;

use anguard::campaign::{Outcome, Tally};
use plotters::prelude::*;

use super::{legend, svg};

const COLORS: [RGBColor; 6] = [
    RGBColor(160, 160, 160), // masked
    RGBColor(44, 160, 44),   // detected
    RGBColor(31, 119, 180),  // discarded
    RGBColor(188, 189, 34),  // benign
    RGBColor(214, 39, 40),   // sdc
    RGBColor(148, 103, 189), // hang
];

/// Writes the chart of `tally` to `path`.
pub fn outcomes(tally: &Tally, path: &Path) -> anyhow::Result<()> {
    let groups: Vec<_> = tally.groups().collect();
    let height = 120 + 36 * groups.len() as u32;
    svg(path, (900, height), |root| {
        let labels: Vec<String> = groups
            .iter()
            .map(|(build, site, _)| format!("{site} {build}"))
            .collect();
        let mut chart = ChartBuilder::on(root)
            .caption(
                "Outcome of one injected fault, by site and build",
                ("sans-serif", 20),
            )
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(170)
            // Room on the right for the legend.
            .build_cartesian_2d(0.0..128.0, -0.5..groups.len() as f64 - 0.5)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(groups.len() * 2 + 1)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
                    labels[i as usize].clone()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| {
                if *x <= 100.0 {
                    format!("{x:.0}")
                } else {
                    String::new()
                }
            })
            .x_desc("% of runs")
            .draw()?;
        for (k, outcome) in Outcome::ALL.into_iter().enumerate() {
            let color = COLORS[k];
            let bars: Vec<Rectangle<(f64, f64)>> = groups
                .iter()
                .enumerate()
                .map(|(i, (_, _, counts))| {
                    let total = counts.total().max(1) as f64;
                    let before: u64 = Outcome::ALL[..k].iter().map(|&o| counts.get(o)).sum();
                    let x0 = 100.0 * before as f64 / total;
                    let x1 = x0 + 100.0 * counts.get(outcome) as f64 / total;
                    let y = i as f64;
                    Rectangle::new([(x0, y - 0.35), (x1, y + 0.35)], color.filled())
                })
                .collect();
            chart
                .draw_series(bars)?
                .label(outcome.name())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled())
                });
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)
    })
}
