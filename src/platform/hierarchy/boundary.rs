//! A unit's boundary: a GeoJSON Polygon or MultiPolygon in longitude and latitude.

use crate::platform::input::FieldError;

/// A checked boundary: its rings as (lon, lat) points, outer ring first in each polygon.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    /// Polygons, each a list of rings, each ring closed (first point = last point).
    pub polygons: Vec<Vec<Vec<(f64, f64)>>>,
}

impl Boundary {
    /// Parses and checks GeoJSON text (a geometry, or a Feature holding one).
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let bad = || FieldError::new("boundary", "error.boundary");
        let geojson: geojson::GeoJson = text.parse().map_err(|_| bad())?;
        let geometry = match geojson {
            geojson::GeoJson::Geometry(g) => g,
            geojson::GeoJson::Feature(f) => f.geometry.ok_or_else(bad)?,
            geojson::GeoJson::FeatureCollection(_) => return Err(bad()),
        };
        let polygons = match geometry.value {
            geojson::GeometryValue::Polygon { coordinates } => vec![coordinates],
            geojson::GeometryValue::MultiPolygon { coordinates } => coordinates,
            _ => return Err(bad()),
        };
        let mut out = Vec::with_capacity(polygons.len());
        for polygon in polygons {
            if polygon.is_empty() {
                return Err(bad());
            }
            let mut rings = Vec::with_capacity(polygon.len());
            for ring in polygon {
                if ring.iter().any(|p| p[..].len() < 2) {
                    return Err(bad());
                }
                let points: Vec<(f64, f64)> = ring.iter().map(|p| (p[0], p[1])).collect();
                let valid = points.len() >= 4
                    && points.first() == points.last()
                    && points.iter().all(|&(x, y)| {
                        (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y)
                    });
                if !valid {
                    return Err(bad());
                }
                rings.push(points);
            }
            out.push(rings);
        }
        if out.is_empty() {
            return Err(bad());
        }
        Ok(Boundary { polygons: out })
    }

    /// Reads a boundary the store holds, which was checked when it was written: a plain serde
    /// read, several times faster than [`Boundary::parse`] for maps of hundreds of grids.
    pub fn from_stored(text: &str) -> Option<Self> {
        // The coordinates are read only once the type is known: stored JSON lists
        // "coordinates" before "type", and a tagged enum would buffer them first.
        #[derive(serde::Deserialize)]
        struct Stored<'a> {
            r#type: &'a str,
            #[serde(borrow)]
            coordinates: &'a serde_json::value::RawValue,
        }
        let stored: Stored = serde_json::from_str(text).ok()?;
        let polygons = match stored.r#type {
            "Polygon" => vec![serde_json::from_str(stored.coordinates.get()).ok()?],
            "MultiPolygon" => serde_json::from_str(stored.coordinates.get()).ok()?,
            _ => return None,
        };
        Some(Boundary { polygons })
    }

    /// A Polygon with one outer ring, from its corner points (the ring is closed here).
    pub fn from_ring(points: &[(f64, f64)]) -> Self {
        let mut ring = points.to_vec();
        if ring.first() != ring.last() {
            ring.push(ring[0]);
        }
        Boundary { polygons: vec![vec![ring]] }
    }

    /// The GeoJSON geometry text stored in the database.
    pub fn to_geojson(&self) -> String {
        let coords = |rings: &Vec<Vec<(f64, f64)>>| {
            rings
                .iter()
                .map(|r| r.iter().map(|&(x, y)| vec![x, y]).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        let value = if self.polygons.len() == 1 {
            serde_json::json!({"type": "Polygon", "coordinates": coords(&self.polygons[0])})
        } else {
            let all: Vec<_> = self.polygons.iter().map(coords).collect();
            serde_json::json!({"type": "MultiPolygon", "coordinates": all})
        };
        value.to_string()
    }

    /// The boundary as geo's polygons (outer ring, then holes), for point-in-grid lookups.
    pub fn shape(&self) -> geo::MultiPolygon<f64> {
        let ring = |points: &Vec<(f64, f64)>| geo::LineString::from(points.clone());
        let polygon = |rings: &Vec<Vec<(f64, f64)>>| {
            let (outer, holes) = rings.split_first()?;
            Some(geo::Polygon::new(ring(outer), holes.iter().map(ring).collect()))
        };
        geo::MultiPolygon::new(self.polygons.iter().filter_map(polygon).collect())
    }

    /// Whether a point lies inside or on the edge (holes are holes), by geo.
    pub fn contains(&self, (lon, lat): (f64, f64)) -> bool {
        geo::Intersects::intersects(&self.shape(), &geo::Point::new(lon, lat))
    }

    /// The bounding box `(min_lon, min_lat, max_lon, max_lat)`.
    pub fn bbox(&self) -> (f64, f64, f64, f64) {
        let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in self.polygons.iter().flatten().flatten() {
            b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
        }
        b
    }

    /// The centre of the bounding box, where a label goes.
    pub fn label_point(&self) -> (f64, f64) {
        let (x0, y0, x1, y1) = self.bbox();
        ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_polygon_round_trips() {
        let b = Boundary::from_ring(&[(113.0, 35.0), (113.1, 35.0), (113.1, 35.1), (113.0, 35.1)]);
        let parsed = Boundary::parse(&b.to_geojson()).unwrap();
        assert_eq!(parsed, b);
        assert_eq!(Boundary::from_stored(&b.to_geojson()), Some(b.clone()));
        assert_eq!(parsed.bbox(), (113.0, 35.0, 113.1, 35.1));
    }

    #[test]
    fn points_inside_and_out() {
        let b = Boundary::from_ring(&[(113.0, 35.0), (113.1, 35.0), (113.1, 35.1), (113.0, 35.1)]);
        assert!(b.contains((113.05, 35.05)));
        assert!(!b.contains((113.15, 35.05)));
        assert!(!b.contains((113.05, 34.99)));
        let l = Boundary::from_ring(&[
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 1.0),
            (1.0, 1.0),
            (1.0, 2.0),
            (0.0, 2.0),
        ]);
        assert!(l.contains((0.5, 1.5)) && !l.contains((1.5, 1.5)));
    }

    #[test]
    fn bad_geometry_names_the_field() {
        for text in [
            "not json",
            r#"{"type":"Point","coordinates":[113.0,35.0]}"#,
            r#"{"type":"Polygon","coordinates":[[[113,35],[114,35],[113,36]]]}"#,
            r#"{"type":"Polygon","coordinates":[[[113,35],[114,35],[114,36],[113,35.5]]]}"#,
            r#"{"type":"Polygon","coordinates":[[[213,35],[214,35],[214,36],[213,35]]]}"#,
        ] {
            assert_eq!(Boundary::parse(text).unwrap_err().field, "boundary", "{text}");
        }
    }
}
