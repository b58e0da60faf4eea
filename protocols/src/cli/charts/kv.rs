//! The chart of `kv-bench`: throughput per system and test, and p99 latency.

use std::path::Path;

use anguard_protocols::kv::bench::Measurement;
use plotters::prelude::*;

use super::{COLORS, svg};

/// Writes a two-panel SVG: requests/s and p99 ms, per test and system.
pub fn kv(medians: &[Measurement], path: &Path) -> anyhow::Result<()> {
    let mut tests: Vec<&str> = medians.iter().map(|m| m.test.as_str()).collect();
    tests.sort_unstable();
    tests.dedup();
    let mut systems: Vec<&str> = medians.iter().map(|m| m.system.name()).collect();
    systems.sort_unstable();
    systems.dedup();
    svg(path, (900, 420), |root| {
        let panels = root.split_evenly((1, 2));
        for (panel, (caption, value)) in panels.iter().zip([
            (
                "requests per second (median)",
                (|m: &Measurement| m.rps) as fn(&Measurement) -> f64,
            ),
            ("p99 latency, ms (median)", |m: &Measurement| m.p99_ms),
        ]) {
            let high = medians.iter().map(value).fold(0.0, f64::max) * 1.15;
            let slots = (tests.len() * (systems.len() + 1)) as f64;
            let mut chart = ChartBuilder::on(panel)
                .caption(caption, ("sans-serif", 16))
                .margin(10)
                .x_label_area_size(30)
                .y_label_area_size(70)
                .build_cartesian_2d(0.0..slots, 0.0..high.max(1e-9))?;
            chart.configure_mesh().disable_x_mesh().x_labels(0).draw()?;
            for (t, test) in tests.iter().enumerate() {
                let base = (t * (systems.len() + 1)) as f64;
                chart.draw_series(std::iter::once(Text::new(
                    test.to_string(),
                    (base + systems.len() as f64 / 2.0, high * 0.02),
                    ("sans-serif", 13),
                )))?;
                for (s, system) in systems.iter().enumerate() {
                    let Some(m) = medians
                        .iter()
                        .find(|m| m.test == *test && m.system.name() == *system)
                    else {
                        continue;
                    };
                    let x = base + s as f64 + 0.1;
                    let color = COLORS[s % COLORS.len()];
                    let series = chart.draw_series(std::iter::once(Rectangle::new(
                        [(x, 0.0), (x + 0.8, value(m))],
                        color.filled(),
                    )))?;
                    if t == 0 {
                        series.label(*system).legend(move |(x, y)| {
                            Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled())
                        });
                    }
                }
            }
            super::legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        }
        Ok(())
    })
}
