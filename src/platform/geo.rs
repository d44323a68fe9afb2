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

    /// The point, if both numbers are finite and on the earth (longitude within ±180°, latitude
    /// within ±90°): what every door checks a point it is sent by.
    pub fn checked(lon: f64, lat: f64) -> Option<Self> {
        ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat))
            .then_some(Point { lon, lat })
    }

    /// The point two texts name, if both are numbers and [`Point::checked`] takes them.
    pub fn parse(lon: &str, lat: &str) -> Option<Self> {
        Point::checked(lon.parse().ok()?, lat.parse().ok()?)
    }

    /// Metres to another point over the earth's surface (haversine, geo's mean radius).
    pub fn metres_to(self, other: Point) -> f64 {
        use ::geo::{Distance, Haversine};
        Haversine.distance(::geo::Point::from(self), ::geo::Point::from(other))
    }
}

impl Point {
    /// The point in GCJ-02, the datum Chinese maps are drawn in, from WGS-84, the datum GPS
    /// (and a photo's EXIF) gives: hundreds of metres apart inside China, so a photo's place is
    /// converted before it is measured against a site picked on a map. Outside China the two
    /// agree and the point is kept. The published transform (the Krasovsky ellipsoid's axis and
    /// eccentricity, and the offset series), written from its formula.
    pub fn wgs84_to_gcj02(self) -> Point {
        const A: f64 = 6_378_245.0;
        const EE: f64 = 0.006_693_421_622_965_943;
        use std::f64::consts::PI;
        if !(72.004..=137.8347).contains(&self.lon) || !(0.8293..=55.8271).contains(&self.lat) {
            return self;
        }
        let (x, y) = (self.lon - 105.0, self.lat - 35.0);
        let lat_offset = -100.0
            + 2.0 * x
            + 3.0 * y
            + 0.2 * y * y
            + 0.1 * x * y
            + 0.2 * x.abs().sqrt()
            + (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0
            + (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0
            + (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
        let lon_offset = 300.0
            + x
            + 2.0 * y
            + 0.1 * x * x
            + 0.1 * x * y
            + 0.1 * x.abs().sqrt()
            + (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0
            + (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0
            + (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
        let rad = self.lat / 180.0 * PI;
        let magic = 1.0 - EE * rad.sin() * rad.sin();
        let sqrt_magic = magic.sqrt();
        let d_lat = lat_offset * 180.0 / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
        let d_lon = lon_offset * 180.0 / (A / sqrt_magic * rad.cos() * PI);
        Point { lon: self.lon + d_lon, lat: self.lat + d_lat }
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

#[cfg(test)]
mod tests {
    use super::Point;

    #[test]
    fn a_thousandth_of_a_degree_of_latitude_is_about_111_metres() {
        let a = Point::new(113.65, 34.76);
        let b = Point::new(113.65, 34.761);
        assert!((a.metres_to(b) - 111.2).abs() < 0.5, "{}", a.metres_to(b));
        assert_eq!(a.metres_to(a), 0.0);
        assert_eq!(Point::checked(113.65, 34.76), Some(a));
        assert_eq!(Point::parse("113.65", "34.76"), Some(a));
        assert_eq!(Point::parse("113.65", "north"), None);
        for (lon, lat) in [(f64::NAN, 34.0), (113.0, f64::INFINITY), (181.0, 34.0), (113.0, -90.5)]
        {
            assert_eq!(Point::checked(lon, lat), None);
        }
    }

    #[test]
    fn gcj02_lies_hundreds_of_metres_from_wgs84_in_china_and_nowhere_else() {
        // Tiananmen: WGS-84 (116.3912, 39.9073) is drawn at about (116.3975, 39.9087).
        let gps = Point::new(116.3912, 39.9073);
        let map = gps.wgs84_to_gcj02();
        assert!(
            (map.lon - 116.3975).abs() < 0.0005 && (map.lat - 39.9087).abs() < 0.0005,
            "{map:?}"
        );
        let apart = gps.metres_to(map);
        assert!((400.0..800.0).contains(&apart), "{apart}");
        let paris = Point::new(2.35, 48.85);
        assert_eq!(paris.wgs84_to_gcj02(), paris);
    }
}
