//! Which grid a point lies in, without reading every boundary on each report: the grids'
//! outlines as geo polygons behind an R-tree (rstar) of their bounding boxes, built once and
//! kept until the cache epoch moves (a unit added, moved or redrawn, on any server).
//!
//! A zone has up to a few thousand grids; the tree narrows a point to the one or two whose
//! boxes hold it, and only those are tested against their polygons.

use crate::platform::geo::Point;
use crate::platform::hierarchy::boundary::Boundary;
use crate::platform::hierarchy::unit::UnitPath;
use geo::Intersects;
use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};

/// A grid a point was found in.
#[derive(Debug, Clone, PartialEq)]
pub struct GridAt {
    /// The grid's id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its place in the tree.
    pub path: UnitPath,
}

struct Outline {
    grid: GridAt,
    shape: geo::MultiPolygon<f64>,
}

/// Every grid's outline with a boundary, indexed by its bounding box.
#[derive(Default)]
pub struct GridIndex {
    /// Bounding boxes, each carrying its outline's place in `outlines`.
    boxes: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    /// In the order given (by division code), so a point on a shared edge goes to the first.
    outlines: Vec<Outline>,
}

impl std::fmt::Debug for GridIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GridIndex").field("grids", &self.outlines.len()).finish()
    }
}

impl GridIndex {
    /// Indexes grids given as (id, name, path, boundary), in the order a tie should go.
    pub fn build(grids: impl IntoIterator<Item = (i64, String, UnitPath, Boundary)>) -> Self {
        let mut outlines = Vec::new();
        let mut boxes = Vec::new();
        for (id, name, path, boundary) in grids {
            let (x0, y0, x1, y1) = boundary.bbox();
            boxes.push(GeomWithData::new(
                Rectangle::from_corners([x0, y0], [x1, y1]),
                outlines.len(),
            ));
            outlines.push(Outline { grid: GridAt { id, name, path }, shape: boundary.shape() });
        }
        GridIndex { boxes: RTree::bulk_load(boxes), outlines }
    }

    /// How many grids it holds.
    pub fn len(&self) -> usize {
        self.outlines.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.outlines.is_empty()
    }

    /// The grid under `within` (a zone, or any unit) whose outline holds the point, edge
    /// included; where grids share an edge, the first in code order.
    pub fn at(&self, within: &UnitPath, point: Point) -> Option<&GridAt> {
        let at = geo::Point::from(point);
        self.boxes
            .locate_all_at_point(&[point.lon, point.lat])
            .map(|b| b.data)
            .filter(|&i| {
                within.contains(&self.outlines[i].grid.path)
                    && self.outlines[i].shape.intersects(&at)
            })
            .min()
            .map(|i| &self.outlines[i].grid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::db::epoch::Kept;

    fn square(x: f64, y: f64, size: f64) -> Vec<(f64, f64)> {
        vec![(x, y), (x + size, y), (x + size, y + size), (x, y + size)]
    }

    fn grid(id: i64, path: &str, boundary: Boundary) -> (i64, String, UnitPath, Boundary) {
        (id, format!("第{id}网格"), UnitPath::from_stored(path.into()), boundary)
    }

    /// Two neighbouring grids of zone 1 and one of zone 9 drawn over the first (sides of an
    /// eighth of a degree, exact in binary, so the shared edge is one line).
    fn index() -> GridIndex {
        GridIndex::build([
            grid(11, "/1/2/11/", Boundary::from_ring(&square(113.0, 35.0, 0.125))),
            grid(12, "/1/2/12/", Boundary::from_ring(&square(113.125, 35.0, 0.125))),
            grid(91, "/9/8/91/", Boundary::from_ring(&square(113.0, 35.0, 0.125))),
        ])
    }

    fn id(index: &GridIndex, zone: i64, lon: f64, lat: f64) -> Option<i64> {
        index.at(&UnitPath::root(zone), Point::new(lon, lat)).map(|g| g.id)
    }

    #[test]
    fn a_point_inside_finds_its_grid_within_the_zone() {
        let index = index();
        assert_eq!(index.len(), 3);
        assert_eq!(id(&index, 1, 113.05, 35.05), Some(11));
        assert_eq!(id(&index, 1, 113.15, 35.05), Some(12));
        assert_eq!(
            id(&index, 9, 113.05, 35.05),
            Some(91),
            "the other zone's grid, asked of that zone"
        );
        let found = index.at(&UnitPath::root(1), Point::new(113.15, 35.05)).unwrap();
        assert_eq!((found.name.as_str(), found.path.as_str()), ("第12网格", "/1/2/12/"));
    }

    #[test]
    fn a_point_outside_every_grid_finds_none() {
        let index = index();
        assert_eq!(id(&index, 1, 113.3, 35.05), None);
        assert_eq!(id(&index, 1, 113.05, 34.95), None);
        assert_eq!(id(&index, 9, 113.15, 35.05), None, "inside zone 1's grid, not zone 9's");
        assert_eq!(GridIndex::default().at(&UnitPath::root(1), Point::new(113.05, 35.05)), None);
    }

    #[test]
    fn a_shared_edge_goes_to_the_first_grid_and_an_outer_edge_counts() {
        let index = index();
        assert_eq!(id(&index, 1, 113.125, 35.05), Some(11));
        assert_eq!(id(&index, 1, 113.25, 35.05), Some(12));
    }

    #[test]
    fn a_point_in_a_hole_is_outside_and_the_grid_in_the_hole_has_it() {
        // A ring-shaped grid around a square one, as a village's grid around its centre.
        let mut ring = Boundary::from_ring(&square(0.0, 0.0, 3.0));
        ring.polygons[0].push(Boundary::from_ring(&square(1.0, 1.0, 1.0)).polygons[0][0].clone());
        let holed = GridIndex::build([grid(1, "/1/2/1/", ring.clone())]);
        assert_eq!(id(&holed, 1, 1.5, 1.5), None);
        assert_eq!(id(&holed, 1, 0.5, 0.5), Some(1));
        let both = GridIndex::build([
            grid(1, "/1/2/1/", ring),
            grid(2, "/1/2/2/", Boundary::from_ring(&square(1.0, 1.0, 1.0))),
        ]);
        assert_eq!(id(&both, 1, 1.5, 1.5), Some(2));
    }

    #[test]
    fn a_multipolygon_grid_is_found_in_either_part() {
        let mut two = Boundary::from_ring(&square(0.0, 0.0, 1.0));
        two.polygons.push(Boundary::from_ring(&square(5.0, 5.0, 1.0)).polygons[0].clone());
        let index = GridIndex::build([grid(
            3,
            "/1/2/3/",
            Boundary::from_stored(&two.to_geojson()).unwrap(),
        )]);
        assert_eq!(
            (id(&index, 1, 0.5, 0.5), id(&index, 1, 5.5, 5.5), id(&index, 1, 3.0, 3.0)),
            (Some(3), Some(3), None)
        );
    }

    #[test]
    fn after_the_epoch_moves_the_index_sees_a_new_boundary() {
        let kept: Kept<GridIndex> = Kept::default();
        let mut stored = vec![grid(11, "/1/2/11/", Boundary::from_ring(&square(113.0, 35.0, 0.1)))];
        let mut builds = 0;
        let mut read = |generation, stored: &Vec<_>| {
            kept.get(generation).unwrap_or_else(|| {
                builds += 1;
                kept.keep(generation, GridIndex::build(stored.clone()))
            })
        };
        assert_eq!(id(&read(Some(1), &stored), 1, 113.05, 35.05), Some(11));
        // A grid is drawn; until the epoch moves, the kept index is the one served.
        stored.push(grid(12, "/1/2/12/", Boundary::from_ring(&square(113.1, 35.0, 0.1))));
        assert_eq!(id(&read(Some(1), &stored), 1, 113.15, 35.05), None);
        assert_eq!(id(&read(Some(2), &stored), 1, 113.15, 35.05), Some(12));
        // Before the counter is read (or after a failed read) nothing is kept or served.
        assert_eq!(id(&read(None, &stored), 1, 113.15, 35.05), Some(12));
        assert_eq!(id(&read(Some(2), &stored), 1, 113.15, 35.05), Some(12));
        assert_eq!(builds, 3);
    }
}
