//! The SVG charts of `bench`, `inject` and the demo, drawn with plotters.

mod bench;
mod kv;
mod outcomes;
mod timeline;

use std::path::Path;

use anyhow::anyhow;
use plotters::coord::Shift;
use plotters::prelude::*;

pub use bench::bench;
pub use kv::kv;
pub use outcomes::outcomes;
pub use timeline::timeline;

/// What drawing returns: plotters' errors are boxed.
type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// Series colors, in turn.
const COLORS: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
];

/// Draws an SVG of `size` to `path` on a white background.
fn svg(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> DrawResult,
) -> anyhow::Result<()> {
    let result = (|| {
        let root = SVGBackend::new(path, size).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
        Ok::<(), Box<dyn std::error::Error>>(())
    })();
    result.map_err(|e| anyhow!("cannot draw {}: {e}", path.display()))
}

/// The legend, framed, at `position`.
fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()?;
    Ok(())
}
