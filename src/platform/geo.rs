//! A place on the map, named: a longitude and a latitude, never a pair whose order one must
//! remember (Open311 sends `lat` and `long`, GeoJSON writes longitude first).

/// A point in degrees, WGS 84 as GeoJSON has it.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Point {
    /// Longitude, east positive.
    pub lon: f64,
    /// Latitude, north positive.
    pub lat: f64,
}

impl Point {
    /// The point at longitude `lon`, latitude `lat`.
    pub fn new(lon: f64, lat: f64) -> Self {
        Point { lon, lat }
    }
}

impl From<(f64, f64)> for Point {
    /// From GeoJSON's order, (longitude, latitude).
    fn from((lon, lat): (f64, f64)) -> Self {
        Point { lon, lat }
    }
}

impl From<Point> for ::geo::Point<f64> {
    fn from(p: Point) -> Self {
        ::geo::Point::new(p.lon, p.lat)
    }
}
