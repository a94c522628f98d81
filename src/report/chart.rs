//! Every chart of the reports, drawn with `plotters` into SVG: one colour per technology
//! across all charts (luminances far enough apart to tell in grey print), axis labels with
//! their units. Each chart is a small data type with `to_svg`.

use plotters::coord::Shift;
use plotters::prelude::*;

/// Width of every chart, px (fits A4 portrait at 96 dpi with margins).
pub const WIDTH_PX: u32 = 760;

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("chart {title:?}: {message}")]
pub struct ChartError {
    /// The chart's title.
    pub title: String,
    /// What plotters said.
    pub message: String,
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// The colour of a technology or flow, the same in every chart. From dark to light: grid
/// import, wind, battery, electrolyser, heat pump, PV, export, … so that neighbours in a
/// stack differ in lightness as well as hue.
pub fn colour(key: &str) -> RGBColor {
    match key {
        "grid" | "import" => RGBColor(0x3b, 0x3b, 0x3b),
        "wind" => RGBColor(0x1f, 0x5f, 0xa8),
        "battery" | "battery_discharge" | "battery_charge" => RGBColor(0x6a, 0x3d, 0x9a),
        "electrolyser" | "hydrogen" => RGBColor(0x11, 0x8a, 0x7e),
        "heat_pump" | "heat" => RGBColor(0xb1, 0x3e, 0x53),
        "electric_boiler" => RGBColor(0xd9, 0x6c, 0x3b),
        "gas_boiler" | "gas" => RGBColor(0x8c, 0x56, 0x3a),
        "ccus" => RGBColor(0x55, 0x80, 0x2f),
        "green" | "green_power" => RGBColor(0x4d, 0xaf, 0x4a),
        "pv" => RGBColor(0xf2, 0xb7, 0x05),
        "export" => RGBColor(0x9e, 0xca, 0xe1),
        "curtailment" => RGBColor(0xf4, 0xa5, 0x82),
        "load" => RGBColor(0x00, 0x00, 0x00),
        "plan" => RGBColor(0x1f, 0x5f, 0xa8),
        "baseline" => RGBColor(0xaa, 0xaa, 0xaa),
        "limit" => RGBColor(0xc0, 0x39, 0x2b),
        _ => RGBColor(0x88, 0x88, 0x88),
    }
}

fn fail(title: &str) -> impl Fn(String) -> ChartError + '_ {
    move |message| ChartError {
        title: title.to_string(),
        message,
    }
}

/// A value range padded by 5 % on each side (or ±1 around a single value).
fn padded(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if !lo.is_finite() {
        (0.0, 1.0)
    } else if hi - lo < 1e-12 {
        (lo - 1.0, hi + 1.0)
    } else {
        let pad = 0.05 * (hi - lo);
        (lo - pad, hi + pad)
    }
}

/// Draws `draw` on a fresh SVG of `height` px and returns the document.
fn render(
    title: &str,
    height: u32,
    draw: impl FnOnce(&Area) -> Result<(), String>,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH_PX, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(title)(e.to_string()))?;
        draw(&root).map_err(fail(title))?;
        root.present().map_err(|e| fail(title)(e.to_string()))?;
    }
    Ok(svg)
}

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// An axis tick: as few decimals as its size needs, thousands grouped (two below 10, so
/// that a narrow range in 亿元, 4.12 to 4.25, does not repeat its labels).
fn tick(v: &f64) -> String {
    let a = v.abs();
    let decimals = if a >= 100.0 || a == 0.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        3
    };
    super::units::number(*v, decimals)
}

/// A line chart: points joined in order, with vertical marker lines (policy limits).
#[derive(Debug, Clone, Default)]
pub struct LineChart {
    /// Title at the top.
    pub title: String,
    /// X axis label, with unit.
    pub x_label: String,
    /// Y axis label, with unit.
    pub y_label: String,
    /// The points `(x, y)`, in drawing order.
    pub points: Vec<(f64, f64)>,
    /// Vertical lines `(x, label)`.
    pub markers: Vec<(f64, String)>,
}

impl LineChart {
    /// The chart as an SVG document.
    ///
    /// # Errors
    /// [`ChartError`] when plotters cannot draw it.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        let x = padded(
            self.points
                .iter()
                .map(|p| p.0)
                .chain(self.markers.iter().map(|m| m.0)),
        );
        let y = padded(self.points.iter().map(|p| p.1));
        render(&self.title, 480, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(&self.title, ("sans-serif", 20))
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(70)
                .build_cartesian_2d(x.0..x.1, y.0..y.1)
                .map_err(text)?;
            chart
                .configure_mesh()
                .label_style(("sans-serif", 15))
                .axis_desc_style(("sans-serif", 16))
                .x_desc(&self.x_label)
                .y_desc(&self.y_label)
                .x_label_formatter(&tick)
                .y_label_formatter(&tick)
                .light_line_style(RGBColor(0xee, 0xee, 0xee))
                .draw()
                .map_err(text)?;
            let limit = colour("limit");
            for (value, label) in &self.markers {
                chart
                    .draw_series(LineSeries::new(
                        [(*value, y.0), (*value, y.1)],
                        limit.stroke_width(1),
                    ))
                    .map_err(text)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        label.clone(),
                        (*value, y.1 - 0.04 * (y.1 - y.0)),
                        ("sans-serif", 12).into_font().color(&limit),
                    )))
                    .map_err(text)?;
            }
            let points: Vec<(f64, f64)> = self
                .points
                .iter()
                .copied()
                .filter(|(a, b)| a.is_finite() && b.is_finite())
                .collect();
            chart
                .draw_series(LineSeries::new(
                    points.clone(),
                    colour("grid").stroke_width(2),
                ))
                .map_err(text)?;
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|p| Circle::new(*p, 4, colour("wind").filled())),
                )
                .map_err(text)?;
            Ok(())
        })
    }
}

/// One bar of a tornado chart: the result with the parameter at its low and high value.
#[derive(Debug, Clone)]
pub struct TornadoBar {
    /// The parameter and its range.
    pub label: String,
    /// Result with the parameter low.
    pub low: f64,
    /// Result with the parameter high.
    pub high: f64,
}

/// A tornado chart: one horizontal bar per parameter around the base result, in the order
/// given (widest first is the convention).
#[derive(Debug, Clone, Default)]
pub struct TornadoChart {
    /// Title at the top.
    pub title: String,
    /// Label of the result axis, with unit.
    pub x_label: String,
    /// The result with every parameter at its base value.
    pub base: f64,
    /// The bars, top to bottom.
    pub bars: Vec<TornadoBar>,
}

impl TornadoChart {
    /// The chart as an SVG document: the low side blue, the high side orange.
    ///
    /// # Errors
    /// [`ChartError`] when plotters cannot draw it.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        let x = padded(
            self.bars
                .iter()
                .flat_map(|b| [b.low, b.high])
                .chain(std::iter::once(self.base)),
        );
        let rows = self.bars.len().max(1);
        let height = 110 + 38 * rows as u32;
        let labels: Vec<String> = self.bars.iter().map(|b| b.label.clone()).collect();
        render(&self.title, height, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(&self.title, ("sans-serif", 20))
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(250)
                .build_cartesian_2d(x.0..x.1, -0.5..rows as f64 - 0.5)
                .map_err(text)?;
            chart
                .configure_mesh()
                .label_style(("sans-serif", 15))
                .axis_desc_style(("sans-serif", 16))
                .x_desc(&self.x_label)
                .x_label_formatter(&tick)
                .y_labels(rows)
                .y_label_formatter(&|v| {
                    let i = v.round();
                    if (v - i).abs() < 1e-6 && i >= 0.0 {
                        labels
                            .get(rows - 1 - i as usize)
                            .cloned()
                            .unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .disable_y_mesh()
                .draw()
                .map_err(text)?;
            for (i, bar) in self.bars.iter().enumerate() {
                let y = (rows - 1 - i) as f64;
                for (value, fill) in [
                    (bar.low, colour("wind")),
                    (bar.high, colour("electric_boiler")),
                ] {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [
                                (self.base.min(value), y - 0.35),
                                (self.base.max(value), y + 0.35),
                            ],
                            fill.filled(),
                        )))
                        .map_err(text)?;
                }
            }
            chart
                .draw_series(LineSeries::new(
                    [(self.base, -0.5), (self.base, rows as f64 - 0.5)],
                    BLACK.stroke_width(1),
                ))
                .map_err(text)?;
            Ok(())
        })
    }
}

/// One series of a bar chart: a name, a colour key and a value per category.
#[derive(Debug, Clone)]
pub struct BarSeries {
    /// Shown in the legend.
    pub name: String,
    /// Its colour, by [`colour`] key.
    pub colour_key: String,
    /// One value per category.
    pub values: Vec<f64>,
}

/// Bars per category: side by side (grouped) or stacked (positive up, negative down).
#[derive(Debug, Clone, Default)]
pub struct BarChart {
    /// Title at the top.
    pub title: String,
    /// Y axis label, with unit.
    pub y_label: String,
    /// Category names along x.
    pub categories: Vec<String>,
    /// The series.
    pub series: Vec<BarSeries>,
    /// Stacked rather than side by side.
    pub stacked: bool,
}

impl BarChart {
    /// The chart as an SVG document.
    ///
    /// # Errors
    /// [`ChartError`] when plotters cannot draw it.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        let n = self.categories.len().max(1);
        let k = self.series.len().max(1);
        // Extent: stacked sums of positives and of negatives per category, or each value.
        let mut extent = vec![0.0];
        for c in 0..n {
            let values = self.series.iter().filter_map(|s| s.values.get(c).copied());
            if self.stacked {
                let (pos, neg) =
                    values.fold(
                        (0.0, 0.0),
                        |(p, q), v| {
                            if v >= 0.0 {
                                (p + v, q)
                            } else {
                                (p, q + v)
                            }
                        },
                    );
                extent.extend([pos, neg]);
            } else {
                extent.extend(values);
            }
        }
        let y = padded(extent.into_iter());
        let categories = self.categories.clone();
        // With many series the legend needs a column of its own, right of the bars.
        let legend_room = if self.series.len() > 4 {
            0.9 * n as f64
        } else {
            0.0
        };
        let height = 440.max(120 + 22 * self.series.len() as u32);
        render(&self.title, height, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(&self.title, ("sans-serif", 20))
                .margin(12)
                .x_label_area_size(56)
                .y_label_area_size(80)
                .build_cartesian_2d(-0.5..n as f64 - 0.5 + legend_room, y.0..y.1)
                .map_err(text)?;
            chart
                .configure_mesh()
                .label_style(("sans-serif", 15))
                .axis_desc_style(("sans-serif", 16))
                .y_desc(&self.y_label)
                .y_label_formatter(&tick)
                .x_labels(4 * (n + legend_room.ceil() as usize) + 1)
                .x_label_formatter(&|v| {
                    let i = v.round();
                    if (v - i).abs() < 1e-6 && i >= 0.0 {
                        categories.get(i as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .disable_x_mesh()
                .light_line_style(RGBColor(0xee, 0xee, 0xee))
                .draw()
                .map_err(text)?;
            let mut pos = vec![0.0; n];
            let mut neg = vec![0.0; n];
            for (j, series) in self.series.iter().enumerate() {
                let fill = colour(&series.colour_key);
                let bars: Vec<Rectangle<(f64, f64)>> = series
                    .values
                    .iter()
                    .enumerate()
                    .take(n)
                    .map(|(c, v)| {
                        let centre = c as f64;
                        let (x0, x1, y0, y1) = if self.stacked {
                            let base = if *v >= 0.0 { &mut pos[c] } else { &mut neg[c] };
                            let y0 = *base;
                            *base += v;
                            (centre - 0.35, centre + 0.35, y0, *base)
                        } else {
                            let w = 0.8 / k as f64;
                            let x0 = centre - 0.4 + w * j as f64;
                            (x0, x0 + w * 0.92, 0.0, *v)
                        };
                        Rectangle::new([(x0, y0), (x1, y1)], fill.filled())
                    })
                    .collect();
                chart
                    .draw_series(bars)
                    .map_err(text)?
                    .label(series.name.clone())
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 12, y + 5)], fill.filled())
                    });
            }
            chart
                .configure_series_labels()
                .label_font(("sans-serif", 14))
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(0xcc, 0xcc, 0xcc))
                .position(SeriesLabelPosition::UpperRight)
                .draw()
                .map_err(text)?;
            Ok(())
        })
    }
}

/// Hourly series over a stretch of hours: areas stacked (supply) and lines (demand).
#[derive(Debug, Clone, Default)]
pub struct StackChart {
    /// Title at the top.
    pub title: String,
    /// X axis label (hours, with what they are).
    pub x_label: String,
    /// Y axis label, with unit.
    pub y_label: String,
    /// The x of each step (e.g. hour of the year).
    pub x: Vec<f64>,
    /// Stacked areas, bottom first.
    pub areas: Vec<BarSeries>,
    /// Lines drawn over them.
    pub lines: Vec<BarSeries>,
}

impl StackChart {
    /// The chart as an SVG document.
    ///
    /// # Errors
    /// [`ChartError`] when plotters cannot draw it.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        let steps = self.x.len();
        let mut top = vec![0.0; steps];
        let mut stacks: Vec<Vec<(f64, f64, f64)>> = Vec::new();
        for area in &self.areas {
            let band: Vec<(f64, f64, f64)> = (0..steps)
                .map(|t| {
                    let lo = top[t];
                    top[t] += area.values.get(t).copied().unwrap_or(0.0).max(0.0);
                    (self.x[t], lo, top[t])
                })
                .collect();
            stacks.push(band);
        }
        let y_max = top
            .iter()
            .copied()
            .chain(self.lines.iter().flat_map(|l| l.values.iter().copied()))
            .fold(0.0_f64, f64::max)
            .max(1e-9)
            * 1.08;
        let x0 = self.x.first().copied().unwrap_or(0.0);
        let x1 = self.x.last().copied().unwrap_or(1.0).max(x0 + 1.0);
        render(&self.title, 420, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(&self.title, ("sans-serif", 20))
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(70)
                .build_cartesian_2d(x0..x1, 0.0..y_max)
                .map_err(text)?;
            chart
                .configure_mesh()
                .label_style(("sans-serif", 15))
                .axis_desc_style(("sans-serif", 16))
                .x_desc(&self.x_label)
                .y_desc(&self.y_label)
                .x_label_formatter(&tick)
                .y_label_formatter(&tick)
                .light_line_style(RGBColor(0xee, 0xee, 0xee))
                .draw()
                .map_err(text)?;
            for (area, band) in self.areas.iter().zip(&stacks) {
                let fill = colour(&area.colour_key);
                let mut outline: Vec<(f64, f64)> =
                    band.iter().map(|(x, _, hi)| (*x, *hi)).collect();
                outline.extend(band.iter().rev().map(|(x, lo, _)| (*x, *lo)));
                chart
                    .draw_series(std::iter::once(Polygon::new(outline, fill.filled())))
                    .map_err(text)?
                    .label(area.name.clone())
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 12, y + 5)], fill.filled())
                    });
            }
            for line in &self.lines {
                let stroke = colour(&line.colour_key);
                let points: Vec<(f64, f64)> = self
                    .x
                    .iter()
                    .zip(&line.values)
                    .map(|(x, v)| (*x, *v))
                    .collect();
                chart
                    .draw_series(LineSeries::new(points, stroke.stroke_width(2)))
                    .map_err(text)?
                    .label(line.name.clone())
                    .legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 12, y)], stroke.stroke_width(2))
                    });
            }
            chart
                .configure_series_labels()
                .label_font(("sans-serif", 14))
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(0xcc, 0xcc, 0xcc))
                .position(SeriesLabelPosition::UpperLeft)
                .draw()
                .map_err(text)?;
            Ok(())
        })
    }
}

/// Levels a heatmap's values are drawn in (adjacent hours of one level merge into one
/// rectangle, which keeps a 365 × 24 map to a few thousand elements).
const HEAT_LEVELS: usize = 12;

/// A day × hour heatmap of one hourly series over the year (white to the series' colour).
#[derive(Debug, Clone, Default)]
pub struct Heatmap {
    /// Title at the top, with the unit of the values.
    pub title: String,
    /// X axis label (day of the year).
    pub x_label: String,
    /// Y axis label (hour of the day).
    pub y_label: String,
    /// Colour key.
    pub colour_key: String,
    /// `values[day][hour]`.
    pub values: Vec<[f64; 24]>,
}

impl Heatmap {
    /// The chart as an SVG document, with the value of the darkest level in the title.
    ///
    /// # Errors
    /// [`ChartError`] when plotters cannot draw it.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        let days = self.values.len().max(1);
        let max = self
            .values
            .iter()
            .flat_map(|d| d.iter().copied())
            .fold(0.0_f64, f64::max);
        let base = colour(&self.colour_key);
        let level = |v: f64| -> usize {
            if max <= 0.0 {
                0
            } else {
                ((v / max) * HEAT_LEVELS as f64)
                    .round()
                    .clamp(0.0, HEAT_LEVELS as f64) as usize
            }
        };
        let shade = |l: usize| -> RGBColor {
            let f = l as f64 / HEAT_LEVELS as f64;
            let mix = |c: u8| (255.0 - f * (255.0 - f64::from(c))).round() as u8;
            RGBColor(mix(base.0), mix(base.1), mix(base.2))
        };
        render(&self.title, 300, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(&self.title, ("sans-serif", 19))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(50)
                .build_cartesian_2d(0.0..days as f64, 0.0..24.0)
                .map_err(text)?;
            chart
                .configure_mesh()
                .label_style(("sans-serif", 15))
                .axis_desc_style(("sans-serif", 16))
                .x_desc(&self.x_label)
                .y_desc(&self.y_label)
                .x_label_formatter(&tick)
                .y_label_formatter(&tick)
                .disable_mesh()
                .y_labels(7)
                .draw()
                .map_err(text)?;
            let mut cells = Vec::new();
            for (d, day) in self.values.iter().enumerate() {
                let mut start = 0;
                while start < 24 {
                    let l = level(day[start]);
                    let mut end = start + 1;
                    while end < 24 && level(day[end]) == l {
                        end += 1;
                    }
                    if l > 0 {
                        cells.push(Rectangle::new(
                            [(d as f64, start as f64), (d as f64 + 1.0, end as f64)],
                            shade(l).filled(),
                        ));
                    }
                    start = end;
                }
            }
            chart.draw_series(cells).map_err(text)?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_draws_an_svg_with_its_title_and_labels() {
        let bars = BarChart {
            title: "capacities".into(),
            y_label: "MW".into(),
            categories: vec!["PV".into(), "wind".into()],
            series: vec![BarSeries {
                name: "plan".into(),
                colour_key: "plan".into(),
                values: vec![530.0, -264.0],
            }],
            stacked: true,
        }
        .to_svg()
        .unwrap();
        assert!(bars.starts_with("<svg") && bars.contains("capacities") && bars.contains("MW"));
        let heat = Heatmap {
            title: "import, MW".into(),
            x_label: "day".into(),
            y_label: "hour".into(),
            colour_key: "grid".into(),
            values: vec![[1.0; 24], [0.0; 24]],
        }
        .to_svg()
        .unwrap();
        // Day 0's 24 hours merge into one rectangle, day 1 (all zero) draws none: a couple of
        // rectangles besides the background, not 48.
        assert!(heat.matches("<rect").count() < 6, "{heat}");
        assert!(heat.contains("import, MW"));
        let line = LineChart {
            title: "pareto".into(),
            x_label: "t/tce".into(),
            y_label: "M RMB/yr".into(),
            points: vec![(0.2, 440.0), (0.5, 420.0)],
            markers: vec![(0.2, "0.2 t/tce".into())],
        }
        .to_svg()
        .unwrap();
        assert!(line.contains("0.2 t/tce") && line.contains("M RMB/yr"));
    }
}

/// One park of a merit order: its share as the bar's width, its marginal value as height.
#[derive(Debug, Clone)]
pub struct MeritBar {
    /// The park.
    pub label: String,
    /// Its share of the quota (x units).
    pub width: f64,
    /// Its marginal value (y units).
    pub value: f64,
}

/// A merit order: bars side by side in the order given, each as wide as its share, with a
/// vertical line at the quota's total and a horizontal one at its price.
#[derive(Debug, Clone, Default)]
pub struct MeritOrderChart {
    /// Title at the top.
    pub title: String,
    /// X axis label, with unit.
    pub x_label: String,
    /// Y axis label, with unit.
    pub y_label: String,
    /// The bars, left to right.
    pub bars: Vec<MeritBar>,
    /// The total `(x, label)`.
    pub total: Option<(f64, String)>,
    /// The price `(y, label)`.
    pub price: Option<(f64, String)>,
}

impl MeritOrderChart {
    /// The chart as an SVG document.
    ///
    /// # Errors
    /// [`ChartError`] when plotters cannot draw it.
    pub fn to_svg(&self) -> Result<String, ChartError> {
        let width: f64 = self.bars.iter().map(|b| b.width.max(0.0)).sum();
        let x_max = width
            .max(self.total.as_ref().map_or(0.0, |t| t.0))
            .max(1e-9)
            * 1.05;
        let y = padded(
            self.bars
                .iter()
                .map(|b| b.value)
                .chain(self.price.iter().map(|p| p.0))
                .chain([0.0]),
        );
        render(&self.title, 480, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(&self.title, ("sans-serif", 20))
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(80)
                .build_cartesian_2d(0.0..x_max, y.0..y.1)
                .map_err(text)?;
            chart
                .configure_mesh()
                .label_style(("sans-serif", 15))
                .axis_desc_style(("sans-serif", 16))
                .x_desc(&self.x_label)
                .y_desc(&self.y_label)
                .x_label_formatter(&tick)
                .y_label_formatter(&tick)
                .light_line_style(RGBColor(0xee, 0xee, 0xee))
                .draw()
                .map_err(text)?;
            let mut x = 0.0;
            let fills = [
                colour("wind"),
                colour("pv"),
                colour("electrolyser"),
                colour("battery"),
            ];
            for (i, bar) in self.bars.iter().enumerate() {
                let x1 = x + bar.width.max(0.0);
                let fill = fills[i % fills.len()];
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x, 0.0), (x1, bar.value)],
                        fill.mix(0.8).filled(),
                    )))
                    .map_err(text)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        bar.label.clone(),
                        (x, bar.value.max(0.0) + 0.02 * (y.1 - y.0)),
                        ("sans-serif", 11).into_font(),
                    )))
                    .map_err(text)?;
                x = x1;
            }
            let limit = colour("limit");
            if let Some((total, label)) = &self.total {
                chart
                    .draw_series(LineSeries::new(
                        [(*total, y.0), (*total, y.1)],
                        limit.stroke_width(2),
                    ))
                    .map_err(text)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        label.clone(),
                        (*total, y.1 - 0.05 * (y.1 - y.0)),
                        ("sans-serif", 12).into_font().color(&limit),
                    )))
                    .map_err(text)?;
            }
            if let Some((price, label)) = &self.price {
                chart
                    .draw_series(LineSeries::new(
                        [(0.0, *price), (x_max, *price)],
                        colour("grid").stroke_width(1),
                    ))
                    .map_err(text)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        label.clone(),
                        (0.02 * x_max, *price + 0.02 * (y.1 - y.0)),
                        ("sans-serif", 12).into_font(),
                    )))
                    .map_err(text)?;
            }
            Ok(())
        })
    }
}
