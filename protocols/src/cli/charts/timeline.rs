//! The demo's timeline: for each build, a row per node colored by whom it
//! follows, the injected fault and its detection marked.

use std::path::Path;
use std::time::Duration;

use anguard_protocols::cluster::{Observed, Side};
use plotters::prelude::*;

use super::{COLORS, legend, svg};

/// A node following nobody.
const NOBODY: RGBColor = RGBColor(215, 215, 215);
/// A node following a process that does not exist.
const NO_PROCESS: RGBColor = RGBColor(148, 103, 189);

/// Whom a node follows over an interval of the run, in seconds.
struct Span {
    node: u32,
    from: f64,
    to: f64,
    leader: Option<u32>,
}

/// Writes the timeline of `sides` (plain above encoded) of `n` nodes each,
/// run for `run`, to `path`.
pub fn timeline(path: &Path, n: u32, run: Duration, sides: &[Side]) -> anyhow::Result<()> {
    let end = run.as_secs_f64();
    svg(path, (960, 180 + 110 * n * sides.len() as u32), |root| {
        let panels = root.split_evenly((sides.len(), 1));
        for (panel, side) in panels.iter().zip(sides) {
            let mut chart = ChartBuilder::on(panel)
                .caption(
                    format!("hale ({}): whom each node follows", side.variant.name()),
                    ("sans-serif", 18),
                )
                .margin(12)
                .x_label_area_size(32)
                .y_label_area_size(70)
                .build_cartesian_2d(0.0..end, -0.5..n as f64 - 0.5)?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(2 * n as usize + 1)
                .y_label_formatter(&|y| {
                    let i = y.round();
                    if (y - i).abs() < 1e-6 && i >= 0.0 && i < n as f64 {
                        format!("node {i}")
                    } else {
                        String::new()
                    }
                })
                .x_desc("s from the start")
                .draw()?;
            let spans = spans(n, end, &side.observed);
            // One series per whom is followed, for the legend.
            let mut followed: Vec<Option<u32>> = spans.iter().map(|s| s.leader).collect();
            followed.sort();
            followed.dedup();
            for leader in followed {
                let (color, label) = match leader {
                    None => (NOBODY, "follows nobody".to_string()),
                    Some(l) if l < n => (
                        COLORS[l as usize % COLORS.len()],
                        format!("follows node {l}"),
                    ),
                    Some(l) => (NO_PROCESS, format!("follows node {l} (no process)")),
                };
                let bars = spans.iter().filter(|s| s.leader == leader).map(|s| {
                    let y = f64::from(s.node);
                    Rectangle::new([(s.from, y - 0.3), (s.to, y + 0.3)], color.filled())
                });
                chart.draw_series(bars)?.label(label).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled())
                });
            }
            for observed in &side.observed {
                let t = observed.t().as_secs_f64();
                // The strike labelled at the top, the detection at the bottom:
                // they come milliseconds apart.
                let (color, label, node, y) = match observed {
                    Observed::FaultInjected { node, .. } => {
                        (RED, "fault injected", *node, n as f64 - 0.5)
                    }
                    Observed::FaultDetected { node, .. } => (BLACK, "fault detected", *node, -0.3),
                    _ => continue,
                };
                chart.draw_series([PathElement::new(
                    [(t, -0.5), (t, n as f64 - 0.5)],
                    color.stroke_width(2),
                )])?;
                chart.draw_series([Text::new(
                    format!("{label} (node {node})"),
                    (t, y),
                    ("sans-serif", 13).into_font().color(&color),
                )])?;
            }
            legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        }
        Ok(())
    })
}

/// Each node's outputs as spans, up to the end of the run or its going down.
fn spans(n: u32, end: f64, observed: &[Observed]) -> Vec<Span> {
    let mut open: Vec<Option<(f64, Option<u32>)>> = vec![None; n as usize];
    let mut spans = Vec::new();
    let mut close = |node: u32, at: f64, open: &mut Option<(f64, Option<u32>)>| {
        if let Some((from, leader)) = open.take() {
            spans.push(Span {
                node,
                from,
                to: at,
                leader,
            });
        }
    };
    for o in observed {
        let t = o.t().as_secs_f64();
        match o {
            Observed::Output { node, leader, .. } => {
                close(*node, t, &mut open[*node as usize]);
                open[*node as usize] = Some((t, *leader));
            }
            Observed::Down { node, .. } => close(*node, t, &mut open[*node as usize]),
            _ => {}
        }
    }
    for (node, slot) in open.iter_mut().enumerate() {
        close(node as u32, end, slot);
    }
    spans
}
