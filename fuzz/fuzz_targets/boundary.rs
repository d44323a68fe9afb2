//! `Boundary::parse` on arbitrary GeoJSON text: never panics; an accepted boundary keeps its own
//! rules, and what is stored (`to_geojson`) reads back to the same boundary through both
//! `parse` and the store's fast `from_stored`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhili::platform::hierarchy::boundary::Boundary;

/// Equal, or one unit in the last place apart. zhili's serde_json is built without its
/// `float_roundtrip` feature, so its parser may land one ULP off for numbers far below a
/// degree's useful precision (seen only under ~1e-22: `-8.743621284816506e-75` reads back as
/// `-8.743621284816507e-75`). Coordinates in degrees with up to 17 digits read back exactly.
fn close(a: f64, b: f64) -> bool {
    a == b || (a.signum() == b.signum() && a.to_bits().abs_diff(b.to_bits()) <= 1)
}

fn same(a: &Boundary, b: &Boundary) -> bool {
    let flat = |x: &Boundary| x.polygons.iter().map(|p| p.iter().map(Vec::len).collect::<Vec<_>>()).collect::<Vec<_>>();
    flat(a) == flat(b)
        && a.polygons.iter().flatten().flatten().zip(b.polygons.iter().flatten().flatten()).all(|(p, q)| close(p.0, q.0) && close(p.1, q.1))
}

fuzz_target!(|text: &str| {
    // The store's reader takes whatever it is given without panicking, and so do its users.
    if let Some(b) = Boundary::from_stored(text) {
        let _ = b.bbox();
        let _ = b.contains(b.label_point());
    }
    let b = match Boundary::parse(text) {
        Ok(b) => b,
        Err(e) => {
            assert_eq!((e.field.as_str(), e.key), ("boundary", "error.boundary"));
            return;
        }
    };
    assert!(!b.polygons.is_empty());
    for polygon in &b.polygons {
        assert!(!polygon.is_empty());
        for ring in polygon {
            assert!(ring.len() >= 4, "a ring has at least four points");
            assert_eq!(ring.first(), ring.last(), "a ring is closed");
            for &(x, y) in ring {
                assert!((-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y), "({x}, {y})");
            }
        }
    }
    let stored = b.to_geojson();
    let reparsed = Boundary::parse(&stored).unwrap_or_else(|e| panic!("the stored form {stored} is refused: {e:?}"));
    assert!(same(&reparsed, &b), "parse(to_geojson) of {stored}: {reparsed:?} != {b:?}");
    let read = Boundary::from_stored(&stored).unwrap_or_else(|| panic!("the store cannot read {stored}"));
    assert_eq!(read, reparsed, "from_stored and parse read {stored} alike");
    let (x0, y0, x1, y1) = b.bbox();
    assert!(x0 <= x1 && y0 <= y1);
    assert!((-180.0..=180.0).contains(&x0) && (-180.0..=180.0).contains(&x1));
    assert!((-90.0..=90.0).contains(&y0) && (-90.0..=90.0).contains(&y1));
    let (lx, ly) = b.label_point();
    assert!(x0 <= lx && lx <= x1 && y0 <= ly && ly <= y1);
    // Points outside the bounding box are outside the boundary.
    for p in [(x0 - 1.0, ly), (x1 + 1.0, ly), (lx, y0 - 1.0), (lx, y1 + 1.0), (f64::NAN, ly)] {
        assert!(!b.contains(p), "{p:?}");
    }
    // Every vertex query terminates and answers (the even-odd rule on edges is not asserted).
    for &(x, y) in b.polygons.iter().flatten().flatten().take(64) {
        let _ = b.contains((x, y));
    }
});
