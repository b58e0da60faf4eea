//! The charts of `bench`, mirroring the original experiments' figures: the relative
//! election time (encoded / plain) per period with error bars, and the CPU
//! utilization per algorithm, build and period.

use std::path::Path;

use anguard_protocols::bench::{Report, Row};
use plotters::prelude::*;

use super::{COLORS, DrawResult, legend, svg};

const SIZE: (u32, u32) = (720, 440);

/// Writes `election.svg` and `cpu.svg` of `report` into `dir`.
pub fn bench(report: &Report, dir: &Path) -> anyhow::Result<()> {
    let rows = report.rows();
    let mut periods: Vec<u32> = rows.iter().map(|r| r.period_ms).collect();
    periods.sort_unstable();
    periods.dedup();
    let (low, high) = rows.iter().fold((1.0f64, 1.0f64), |(lo, hi), r| {
        let (m, s) = (r.election_ratio.mean, r.election_ratio.sd);
        (lo.min(m - s), hi.max(m + s))
    });
    let margin = ((high - low) * 0.15).max(0.01);
    svg(&dir.join("election.svg"), SIZE, |root| {
        period_chart(
            root,
            &rows,
            &periods,
            PeriodChart {
                caption: "Election time, encoded / plain (mean ± sd)",
                y_desc: "relative election time",
                y_range: (low - margin)..(high + margin),
                series: &[""],
                spacing: 0.08,
                bar_width: 8,
                floor: f64::NEG_INFINITY,
                baseline: Some(1.0),
            },
            &|r, _| (r.election_ratio.mean, r.election_ratio.sd),
        )
    })?;
    let cpu_high = rows
        .iter()
        .flat_map(|r| r.cpu_percent.iter().map(|s| s.mean + s.sd))
        .fold(0.0f64, f64::max)
        .max(0.01);
    svg(&dir.join("cpu.svg"), SIZE, |root| {
        period_chart(
            root,
            &rows,
            &periods,
            PeriodChart {
                caption: "CPU utilization per node (mean ± sd)",
                y_desc: "CPU %",
                y_range: 0.0..cpu_high * 1.15,
                series: &[" orig", " enc"],
                spacing: 0.06,
                bar_width: 6,
                floor: 0.0,
                baseline: None,
            },
            &|r, build| (r.cpu_percent[build].mean, r.cpu_percent[build].sd),
        )
    })
}

/// One chart over the heartbeat periods.
struct PeriodChart<'a> {
    caption: &'a str,
    y_desc: &'a str,
    y_range: std::ops::Range<f64>,
    /// One series per algorithm and entry, named after both.
    series: &'a [&'a str],
    /// The x offset between neighbouring series.
    spacing: f64,
    bar_width: u32,
    /// Error bars stop here.
    floor: f64,
    /// A horizontal line across the chart.
    baseline: Option<f64>,
}

/// A chart of mean ± sd per period: one series per algorithm and entry of
/// `chart.series`, whose point at a row is `value(row, entry)`.
fn period_chart(
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    rows: &[Row],
    periods: &[u32],
    chart: PeriodChart<'_>,
    value: &dyn Fn(&Row, usize) -> (f64, f64),
) -> DrawResult {
    let width = periods.len() as f64;
    let mut plot = ChartBuilder::on(root)
        .caption(chart.caption, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5..width - 0.5, chart.y_range)?;
    let axis = |x: &f64| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < periods.len() {
            format!("{} ms", periods[i as usize])
        } else {
            String::new()
        }
    };
    plot.configure_mesh()
        .x_labels(periods.len() * 2 + 1)
        .x_label_formatter(&axis)
        .x_desc("heartbeat period")
        .y_desc(chart.y_desc)
        .draw()?;
    if let Some(y) = chart.baseline {
        plot.draw_series(LineSeries::new(
            [(-0.5, y), (width - 0.5, y)],
            BLACK.mix(0.4),
        ))?;
    }
    let mut algos: Vec<&str> = rows.iter().map(|r| r.algo).collect();
    algos.dedup();
    let count = (algos.len() * chart.series.len()) as f64;
    let mut series = 0;
    for algo in algos {
        for (entry, suffix) in chart.series.iter().enumerate() {
            let color = COLORS[series % COLORS.len()];
            let offset = (series as f64 - (count - 1.0) / 2.0) * chart.spacing;
            series += 1;
            let points: Vec<(f64, f64, f64)> = rows
                .iter()
                .filter(|r| r.algo == algo)
                .map(|r| {
                    let x = periods.iter().position(|&p| p == r.period_ms).unwrap_or(0) as f64;
                    let (mean, sd) = value(r, entry);
                    (x + offset, mean, sd)
                })
                .collect();
            plot.draw_series(points.iter().map(|&(x, m, s)| {
                ErrorBar::new_vertical(
                    x,
                    (m - s).max(chart.floor),
                    m,
                    m + s,
                    color.filled(),
                    chart.bar_width,
                )
            }))?
            .label(format!("{algo}{suffix}"))
            .legend(move |(x, y)| Circle::new((x + 8, y), 4, color.filled()));
            plot.draw_series(LineSeries::new(
                points.iter().map(|&(x, m, _)| (x, m)),
                color,
            ))?;
        }
    }
    legend(&mut plot, SeriesLabelPosition::MiddleRight)
}
