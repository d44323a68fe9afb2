//! Maps drawn as SVG from the stored boundaries: each polygon links to its unit.

use crate::platform::hierarchy::boundary::Boundary;
use crate::platform::hierarchy::services::MapLayers;
use std::fmt::Write;

/// Escapes text for XML (the SVG maps and charts, Open311's XML answers). What XML 1.0 cannot
/// hold at all is left out: input checks refuse it, but a row written before them, or by a path
/// they missed, must not make a whole document ill-formed.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::platform::input::unwritable(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A horizontal bar chart as SVG: label, value, and a bar scaled to the largest value.
pub fn bars(rows: &[(String, f64, String)]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1e-9);
    let height = rows.len() * 28 + 4;
    let mut svg = format!(
        r#"<svg class="bars" viewBox="0 0 600 {height}" role="img" xmlns="http://www.w3.org/2000/svg">"#
    );
    for (i, (label, value, text)) in rows.iter().enumerate() {
        let y = i * 28 + 4;
        let w = (value / max * 330.0).max(1.0);
        let label = escape(label);
        let _ = write!(
            svg,
            r#"<text class="bar-label" x="160" y="{}">{label}</text><rect class="bar" x="170" y="{y}" width="{w:.1}" height="20" rx="3"/><text class="bar-value" x="{:.1}" y="{}">{}</text>"#,
            y + 15,
            175.0 + w,
            y + 15,
            escape(text)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The SVG of a unit's map, fitted to a box 1000 units wide or high. With a grid layer, the
/// grids are tinted by the child they lie in and the children are drawn as outlines over them;
/// without one, the children are filled in turn from a small palette. Each child links to its
/// page and is labelled when there are few enough to read.
pub fn svg(layers: &MapLayers, title: &str) -> String {
    svg_with(layers, title, &[])
}

/// A point drawn on a map: where, its CSS class, its tooltip, and the page it opens.
pub struct Marker {
    /// (longitude, latitude).
    pub at: (f64, f64),
    /// `open`, `overdue`, `closed`.
    pub class: &'static str,
    /// Tooltip.
    pub title: String,
    /// The page it opens.
    pub href: String,
}

/// A map with markers drawn over the units.
pub fn svg_with(layers: &MapLayers, title: &str, markers: &[Marker]) -> String {
    let cells = &layers.outlines;
    if cells.is_empty() {
        return String::new();
    }
    let mut bbox = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (_, _, b) in cells {
        let (x0, y0, x1, y1) = b.bbox();
        bbox = (bbox.0.min(x0), bbox.1.min(y0), bbox.2.max(x1), bbox.3.max(y1));
    }
    // Longitude degrees shrink with the cosine of the latitude: scale x so shapes stay true.
    let squeeze = ((bbox.1 + bbox.3) / 2.0).to_radians().cos();
    let (w_deg, h_deg) = ((bbox.2 - bbox.0) * squeeze, bbox.3 - bbox.1);
    let k = 1000.0 / w_deg.max(h_deg).max(1e-9);
    let (width, height) = (w_deg * k, h_deg * k);
    let project = |(lon, lat): (f64, f64)| ((lon - bbox.0) * squeeze * k, (bbox.3 - lat) * k);
    let path_of = |boundary: &Boundary| {
        let mut d = String::new();
        for ring in boundary.polygons.iter().flatten() {
            for (j, &p) in ring.iter().enumerate() {
                let (x, y) = project(p);
                // Whole units of a 1000-wide box are finer than any screen shows them.
                let _ = write!(d, "{}{:.0} {:.0}", if j == 0 { "M" } else { "L" }, x, y);
            }
            d.push('Z');
        }
        d
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="map" viewBox="-4 -4 {:.1} {:.1}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        width + 8.0,
        height + 8.0,
        escape(title)
    );
    // One path for all the grids of a child: hundreds of grids make a handful of elements.
    let mut by_group: Vec<String> = vec![String::new(); cells.len()];
    for (group, boundary) in &layers.grids {
        if let Some(d) = by_group.get_mut(*group) {
            d.push_str(&path_of(boundary));
        }
    }
    for (group, d) in by_group.iter().enumerate().filter(|(_, d)| !d.is_empty()) {
        let _ = write!(out, r#"<path class="grid c{}" d="{d}"/>"#, group % 6);
    }
    let layered = if layers.grids.is_empty() { "cell" } else { "cell outline" };
    for (i, (id, name, boundary)) in cells.iter().enumerate() {
        let name = escape(name);
        let _ = write!(
            out,
            r#"<a href="/units/{id}"><path class="{layered} c{}" d="{}"><title>{name}</title></path>"#,
            i % 6,
            path_of(boundary)
        );
        if cells.len() <= 60 {
            let (x0, _, x1, _) = boundary.bbox();
            // As large as fits the polygon's width, within reason.
            let size =
                ((x1 - x0) * squeeze * k / (name.chars().count() as f64 + 1.0)).clamp(8.0, 36.0);
            let (x, y) = project(boundary.label_point());
            let _ = write!(
                out,
                r#"<text class="label" x="{x:.1}" y="{y:.1}" font-size="{size:.1}">{name}</text>"#
            );
        }
        out.push_str("</a>");
    }
    for m in markers {
        let (x, y) = project(m.at);
        let _ = write!(
            out,
            r#"<a href="{}"><circle class="marker {}" cx="{x:.1}" cy="{y:.1}" r="6"><title>{}</title></circle></a>"#,
            escape(&m.href),
            m.class,
            escape(&m.title)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_is_always_well_formed_xml() {
        assert_eq!(escape("<a & 'b'>"), "&lt;a &amp; &#39;b&#39;&gt;");
        assert_eq!(escape("井盖\u{1}缺失\u{FFFF}\n"), "井盖缺失\n");
    }

    #[test]
    fn polygons_link_to_their_units_and_names_are_escaped() {
        let b = Boundary::from_ring(&[(113.0, 35.0), (113.1, 35.0), (113.1, 35.1), (113.0, 35.1)]);
        let layers =
            MapLayers { outlines: vec![(7, "<宁郭村>".into(), b.clone())], grids: vec![(0, b)] };
        let svg = svg(&layers, "map");
        assert!(svg.contains(r#"class="grid c0""#) && svg.contains(r#"class="cell outline c0""#));
        assert!(svg.contains(r#"href="/units/7""#));
        assert!(svg.contains("&lt;宁郭村&gt;"));
        assert!(!svg.contains("<宁郭村>"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
