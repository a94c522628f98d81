//! Hand-written SVG charts: a line chart with marked x values (the Pareto curve) and a
//! tornado chart (one-at-a-time sensitivity). Plain SVG 1.1, no scripts, no fonts beyond
//! `sans-serif`; every label is XML-escaped.

use std::fmt::Write as _;

/// Width of every chart, px.
const WIDTH_PX: f64 = 760.0;
/// Margins: left (room for y labels), right, top (title), bottom (x labels), px.
const MARGIN_PX: (f64, f64, f64, f64) = (90.0, 30.0, 44.0, 56.0);

/// Escapes text for an XML attribute or element.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// About `count` round tick values within `[min, max]` (steps of 1, 2 or 5 × 10ⁿ).
pub fn ticks(min: f64, max: f64, count: usize) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite()) || max <= min {
        return vec![min];
    }
    let span = max - min;
    let magnitude = 10f64.powf((span / count.max(1) as f64).log10().floor());
    // The smallest round step that gives at most count + 1 intervals.
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| span / s <= (count + 1) as f64)
        .unwrap_or(10.0 * magnitude);
    let first = (min / step).ceil() as i64;
    let last = (max / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// A tick label: as few decimals as the step needs.
fn tick_label(value: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    format!("{value:.decimals$}")
}

/// A value range padded by 5 % on each side (or ±1 around a single value).
fn padded(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    if span <= f64::EPSILON * hi.abs().max(1.0) {
        let pad = (0.05 * lo.abs()).max(1.0);
        return (lo - pad, hi + pad);
    }
    (lo - 0.05 * span, hi + 0.05 * span)
}

/// Maps data to the plot area.
struct Frame {
    height: f64,
    x: (f64, f64),
    y: (f64, f64),
}

impl Frame {
    fn left(&self) -> f64 {
        MARGIN_PX.0
    }
    fn right(&self) -> f64 {
        WIDTH_PX - MARGIN_PX.1
    }
    fn top(&self) -> f64 {
        MARGIN_PX.2
    }
    fn bottom(&self) -> f64 {
        self.height - MARGIN_PX.3
    }
    fn px(&self, x: f64) -> f64 {
        self.left() + (x - self.x.0) / (self.x.1 - self.x.0) * (self.right() - self.left())
    }
    fn py(&self, y: f64) -> f64 {
        self.bottom() - (y - self.y.0) / (self.y.1 - self.y.0) * (self.bottom() - self.top())
    }
}

fn open(out: &mut String, height: f64, title: &str) {
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH_PX}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH_PX} {height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">{}</text>\n",
        WIDTH_PX / 2.0,
        escape(title)
    );
}

/// The x axis with ticks and its label (with unit).
fn x_axis(out: &mut String, f: &Frame, label: &str) {
    let ticks = ticks(f.x.0, f.x.1, 6);
    let step = ticks.windows(2).next().map_or(1.0, |w| w[1] - w[0]);
    let _ = writeln!(
        out,
        "<line x1=\"{:.1}\" y1=\"{b:.1}\" x2=\"{:.1}\" y2=\"{b:.1}\" stroke=\"black\"/>",
        f.left(),
        f.right(),
        b = f.bottom()
    );
    for t in &ticks {
        let x = f.px(*t);
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{b:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"black\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            f.bottom() + 5.0,
            f.bottom() + 18.0,
            escape(&tick_label(*t, step)),
            b = f.bottom()
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        (f.left() + f.right()) / 2.0,
        f.height - 14.0,
        escape(label)
    );
}

/// The y axis with ticks, light grid lines and its label (with unit), rotated.
fn y_axis(out: &mut String, f: &Frame, label: &str) {
    let ticks = ticks(f.y.0, f.y.1, 6);
    let step = ticks.windows(2).next().map_or(1.0, |w| w[1] - w[0]);
    let _ = writeln!(
        out,
        "<line x1=\"{l:.1}\" y1=\"{:.1}\" x2=\"{l:.1}\" y2=\"{:.1}\" stroke=\"black\"/>",
        f.top(),
        f.bottom(),
        l = f.left()
    );
    for t in &ticks {
        let y = f.py(*t);
        let _ = writeln!(
            out,
            "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            f.left(),
            f.right(),
            f.left() - 6.0,
            y + 4.0,
            escape(&tick_label(*t, step))
        );
    }
    let (cx, cy) = (18.0, (f.top() + f.bottom()) / 2.0);
    let _ = writeln!(
        out,
        "<text x=\"{cx}\" y=\"{cy:.1}\" text-anchor=\"middle\" \
         transform=\"rotate(-90 {cx} {cy:.1})\">{}</text>",
        escape(label)
    );
}

/// A line chart: points joined in order, with vertical marker lines.
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
    /// Vertical lines `(x, label)` (such as policy limits).
    pub markers: Vec<(f64, String)>,
}

impl LineChart {
    /// The chart as an SVG document.
    pub fn to_svg(&self) -> String {
        let height = 480.0;
        let x = padded(
            self.points
                .iter()
                .map(|p| p.0)
                .chain(self.markers.iter().map(|m| m.0)),
        );
        let f = Frame {
            height,
            x,
            y: padded(self.points.iter().map(|p| p.1)),
        };
        let mut out = String::new();
        open(&mut out, height, &self.title);
        y_axis(&mut out, &f, &self.y_label);
        x_axis(&mut out, &f, &self.x_label);
        for (value, label) in &self.markers {
            let px = f.px(*value);
            let _ = writeln!(
                out,
                "<line x1=\"{px:.1}\" y1=\"{:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\" stroke=\"#c0392b\" \
                 stroke-dasharray=\"6 4\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#c0392b\">{}</text>",
                f.top(),
                f.bottom(),
                px + 4.0,
                f.top() + 12.0,
                escape(label)
            );
        }
        let path: Vec<String> = self
            .points
            .iter()
            .filter(|(a, b)| a.is_finite() && b.is_finite())
            .map(|(a, b)| format!("{:.1},{:.1}", f.px(*a), f.py(*b)))
            .collect();
        let _ = writeln!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#2c3e50\" stroke-width=\"2\"/>",
            path.join(" ")
        );
        for p in &path {
            if let Some((cx, cy)) = p.split_once(',') {
                let _ = writeln!(
                    out,
                    "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"4\" fill=\"#2980b9\"/>"
                );
            }
        }
        out.push_str("</svg>\n");
        out
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

/// A tornado chart: one horizontal bar per parameter around the base result, widest first.
#[derive(Debug, Clone, Default)]
pub struct TornadoChart {
    /// Title at the top.
    pub title: String,
    /// Label of the result axis, with unit.
    pub x_label: String,
    /// The result with every parameter at its base value.
    pub base: f64,
    /// The bars, drawn top to bottom in the order given.
    pub bars: Vec<TornadoBar>,
}

impl TornadoChart {
    /// The chart as an SVG document.
    pub fn to_svg(&self) -> String {
        let row = 34.0;
        let height = MARGIN_PX.2 + MARGIN_PX.3 + row * self.bars.len().max(1) as f64 + 20.0;
        let x = padded(
            self.bars
                .iter()
                .flat_map(|b| [b.low, b.high])
                .chain(std::iter::once(self.base)),
        );
        let mut f = Frame {
            height,
            x,
            y: (0.0, 1.0),
        };
        let mut out = String::new();
        open(&mut out, height, &self.title);
        // Room for the parameter names on the left.
        let names_px = 230.0;
        let plot_left = MARGIN_PX.0 + names_px - 60.0;
        let scale =
            |v: f64, f: &Frame| plot_left + (v - f.x.0) / (f.x.1 - f.x.0) * (f.right() - plot_left);
        let ticks = ticks(f.x.0, f.x.1, 6);
        let step = ticks.windows(2).next().map_or(1.0, |w| w[1] - w[0]);
        let _ = writeln!(
            out,
            "<line x1=\"{plot_left:.1}\" y1=\"{b:.1}\" x2=\"{:.1}\" y2=\"{b:.1}\" stroke=\"black\"/>",
            f.right(),
            b = f.bottom()
        );
        for t in &ticks {
            let x = scale(*t, &f);
            let _ = writeln!(
                out,
                "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/>\
                 <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                f.top(),
                f.bottom() + 5.0,
                f.bottom() + 18.0,
                escape(&tick_label(*t, step))
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            (plot_left + f.right()) / 2.0,
            f.height - 14.0,
            escape(&self.x_label)
        );
        for (i, bar) in self.bars.iter().enumerate() {
            let y = f.top() + 10.0 + i as f64 * row;
            let base_px = scale(self.base, &f);
            for (value, colour) in [(bar.low, "#2980b9"), (bar.high, "#e67e22")] {
                if !value.is_finite() {
                    continue;
                }
                let v = scale(value, &f);
                let _ = writeln!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\"/>",
                    v.min(base_px),
                    (v - base_px).abs().max(1.0),
                    row - 12.0
                );
            }
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                plot_left - 8.0,
                y + (row - 12.0) / 2.0 + 4.0,
                escape(&bar.label)
            );
        }
        f.y = (0.0, 1.0);
        let base_px = scale(self.base, &f);
        let _ = writeln!(
            out,
            "<line x1=\"{base_px:.1}\" y1=\"{:.1}\" x2=\"{base_px:.1}\" y2=\"{:.1}\" stroke=\"black\"/>\
             <text x=\"{base_px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">base</text>\n\
             <rect x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"#2980b9\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">low value</text>\
             <rect x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"#e67e22\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">high value</text>",
            f.top() - 2.0,
            f.bottom(),
            f.top() - 6.0,
            MARGIN_PX.0 - 80.0,
            f.height - 24.0,
            MARGIN_PX.0 - 66.0,
            f.height - 15.0,
            MARGIN_PX.0 - 80.0,
            f.height - 10.0,
            MARGIN_PX.0 - 66.0,
            f.height - 1.0,
        );
        out.push_str("</svg>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that tags nest and close, attributes are quoted, and text has no bare `<`/`&`.
    fn assert_well_formed(svg: &str) {
        let body = svg
            .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .expect("XML declaration");
        let mut stack: Vec<String> = Vec::new();
        let mut rest = body;
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            assert!(!text.contains('>'), "stray > in {text:?}");
            for (i, _) in text.match_indices('&') {
                let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity),
                    "bad entity {entity}"
                );
            }
            let end = rest[start..].find('>').expect("unclosed tag") + start;
            let tag = &rest[start + 1..end];
            assert_eq!(
                tag.matches('"').count() % 2,
                0,
                "unbalanced quotes in <{tag}>"
            );
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                let name = tag.split_whitespace().next().unwrap().to_string();
                stack.push(name);
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
        assert!(rest.trim().is_empty());
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            ticks(0.0, 1.0, 5),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(ticks(13.0, 97.0, 4), vec![20.0, 40.0, 60.0, 80.0]);
        assert_eq!(tick_label(0.4, 0.2), "0.4");
        assert_eq!(tick_label(300.0, 50.0), "300");
    }

    #[test]
    fn line_chart_is_well_formed_with_markers_and_axis_labels() {
        let chart = LineChart {
            title: "cost <vs> intensity & more".into(),
            x_label: "intensity, t CO2/tce".into(),
            y_label: "annual cost, M RMB/yr".into(),
            points: vec![(2.1, 590.0), (1.0, 600.0), (0.1, 700.0)],
            markers: vec![(0.2, "0.2 t/tce".into()), (0.3, "0.3 t/tce".into())],
        };
        let svg = chart.to_svg();
        assert_well_formed(&svg);
        assert!(svg.contains("cost &lt;vs&gt; intensity &amp; more"));
        assert!(svg.contains(">intensity, t CO2/tce</text>"));
        assert!(svg.contains(">annual cost, M RMB/yr</text>"));
        assert!(svg.contains(">0.2 t/tce</text>") && svg.contains(">0.3 t/tce</text>"));
        assert_eq!(svg.matches("<circle").count(), 3);
    }

    #[test]
    fn tornado_chart_is_well_formed() {
        let chart = TornadoChart {
            title: "sensitivity".into(),
            x_label: "annual cost, M RMB/yr".into(),
            base: 300.0,
            bars: vec![
                TornadoBar {
                    label: "catalogue.pv.capex_rmb_per_kw ±20%".into(),
                    low: 280.0,
                    high: 320.0,
                },
                TornadoBar {
                    label: "rate".into(),
                    low: 295.0,
                    high: f64::NAN,
                },
            ],
        };
        let svg = chart.to_svg();
        assert_well_formed(&svg);
        assert!(svg.contains(">annual cost, M RMB/yr</text>"));
        assert_eq!(svg.matches("<rect").count(), 1 + 3 + 2);
    }
}
