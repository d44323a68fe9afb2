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
}
