//! The demo's names, as the demo loader makes them (it exports the same constants), so a test
//! says `demo::NINGGUO` rather than a code it copied.

pub use zhili::cases::demo::{FROM, TO};
pub use zhili::platform::demo::{
    ADMIN, GRIDS, LEADER, SOURCE_MEDIATOR, ZONE_CODE, ZONE_NAME, grid_code, grid_login, grid_name,
    township,
};

/// 宁郭镇, the township of the source's homestead dispute.
pub const NINGGUO: &str = "宁郭镇";
/// 文昌街道, the street of grid 1.
pub const WENCHANG: &str = "文昌街道";
/// 宁郭村, 宁郭镇's first village.
pub const NINGGUO_VILLAGE: &str = "宁郭村";

/// A township's division code.
pub fn township_code(name: &str) -> String {
    township(name).unwrap_or_else(|| panic!("{name} is not a township of the demo")).full_code()
}

/// The division code of a township's village.
pub fn village_code(township_name: &str, village: &str) -> String {
    let t = township(township_name)
        .unwrap_or_else(|| panic!("{township_name} is not a township of the demo"));
    let index = t
        .villages
        .iter()
        .position(|v| *v == village)
        .unwrap_or_else(|| panic!("{village} is not in {township_name}"));
    t.village_code(index)
}

/// The division code of a village's `number`-th grid (from 1).
pub fn village_grid_code(township_name: &str, village: &str, number: usize) -> String {
    grid_code(&village_code(township_name, village), number)
}
