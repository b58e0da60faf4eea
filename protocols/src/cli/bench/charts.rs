//! SVG charts mirroring the seed's figures: the relative election time
//! (encoded / plain) per period with error bars, and the CPU utilization per
//! algorithm, build and period.

use std::path::Path;

use anyhow::{Context, anyhow};
use plotters::prelude::*;

use super::report::{Report, Row};

const SIZE: (u32, u32) = (720, 440);
const COLORS: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
];

pub fn write(report: &Report, dir: &Path) -> anyhow::Result<()> {
    let rows = report.rows();
    let periods: Vec<u32> = {
        let mut p: Vec<u32> = rows.iter().map(|r| r.period_ms).collect();
        p.sort_unstable();
        p.dedup();
        p
    };
    election_chart(&rows, &periods, &dir.join("election.svg"))
        .map_err(|e| anyhow!("{e}"))
        .context("cannot draw election.svg")?;
    cpu_chart(&rows, &periods, &dir.join("cpu.svg"))
        .map_err(|e| anyhow!("{e}"))
        .context("cannot draw cpu.svg")
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn algos(rows: &[Row]) -> Vec<&'static str> {
    let mut algos: Vec<&'static str> = rows.iter().map(|r| r.algo).collect();
    algos.dedup();
    algos
}

/// Position of `period` on the categorical x axis.
fn x_of(periods: &[u32], period: u32) -> f64 {
    periods.iter().position(|&p| p == period).unwrap_or(0) as f64
}

fn period_axis(periods: &[u32]) -> impl Fn(&f64) -> String + '_ {
    move |x| {
        let i = x.round();
        if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < periods.len() {
            format!("{} ms", periods[i as usize])
        } else {
            String::new()
        }
    }
}

fn election_chart(rows: &[Row], periods: &[u32], path: &Path) -> DrawResult {
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let (low, high) = rows.iter().fold((1.0f64, 1.0f64), |(lo, hi), r| {
        let (m, s) = (r.election_ratio.mean, r.election_ratio.sd);
        (lo.min(m - s), hi.max(m + s))
    });
    let margin = ((high - low) * 0.15).max(0.01);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Election time, encoded / plain (mean ± sd)",
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(
            -0.5..periods.len() as f64 - 0.5,
            (low - margin)..(high + margin),
        )?;
    chart
        .configure_mesh()
        .x_labels(periods.len() * 2 + 1)
        .x_label_formatter(&period_axis(periods))
        .x_desc("heartbeat period")
        .y_desc("relative election time")
        .draw()?;
    chart.draw_series(LineSeries::new(
        [(-0.5, 1.0), (periods.len() as f64 - 0.5, 1.0)],
        BLACK.mix(0.4),
    ))?;
    for (i, algo) in algos(rows).into_iter().enumerate() {
        let color = COLORS[i % COLORS.len()];
        let offset = (i as f64 - 0.5) * 0.08;
        let points: Vec<(f64, f64, f64)> = rows
            .iter()
            .filter(|r| r.algo == algo)
            .map(|r| {
                let x = x_of(periods, r.period_ms) + offset;
                (x, r.election_ratio.mean, r.election_ratio.sd)
            })
            .collect();
        chart
            .draw_series(
                points.iter().map(|&(x, m, s)| {
                    ErrorBar::new_vertical(x, m - s, m, m + s, color.filled(), 8)
                }),
            )?
            .label(algo)
            .legend(move |(x, y)| Circle::new((x + 8, y), 4, color.filled()));
        chart.draw_series(LineSeries::new(
            points.iter().map(|&(x, m, _)| (x, m)),
            color,
        ))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    root.present()?;
    Ok(())
}

fn cpu_chart(rows: &[Row], periods: &[u32], path: &Path) -> DrawResult {
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let high = rows
        .iter()
        .flat_map(|r| r.cpu_percent.iter().map(|s| s.mean + s.sd))
        .fold(0.0f64, f64::max)
        .max(0.01);
    let mut chart = ChartBuilder::on(&root)
        .caption("CPU utilization per node (mean ± sd)", ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5..periods.len() as f64 - 0.5, 0.0..high * 1.15)?;
    chart
        .configure_mesh()
        .x_labels(periods.len() * 2 + 1)
        .x_label_formatter(&period_axis(periods))
        .x_desc("heartbeat period")
        .y_desc("CPU %")
        .draw()?;
    let mut series = 0;
    for algo in algos(rows) {
        for (build, name) in [(0, "orig"), (1, "enc")] {
            let color = COLORS[series % COLORS.len()];
            let offset = (series as f64 - 1.5) * 0.06;
            series += 1;
            let points: Vec<(f64, f64, f64)> = rows
                .iter()
                .filter(|r| r.algo == algo)
                .map(|r| {
                    let s = r.cpu_percent[build];
                    (x_of(periods, r.period_ms) + offset, s.mean, s.sd)
                })
                .collect();
            chart
                .draw_series(points.iter().map(|&(x, m, s)| {
                    ErrorBar::new_vertical(x, (m - s).max(0.0), m, m + s, color.filled(), 6)
                }))?
                .label(format!("{algo} {name}"))
                .legend(move |(x, y)| Circle::new((x + 8, y), 4, color.filled()));
            chart.draw_series(LineSeries::new(
                points.iter().map(|&(x, m, _)| (x, m)),
                color,
            ))?;
        }
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    root.present()?;
    Ok(())
}
