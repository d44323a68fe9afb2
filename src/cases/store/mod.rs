//! Cases, their events and parties, the catalogue they run on, and the rollups: one file per
//! table (or group of tables read together), the capability's only SQL. The items are re-exported
//! here so that `store::insert`, `store::CaseRow` and the like keep reading as before.

pub mod bench;
pub mod case_list;
pub mod cases;
pub mod catalogue_version;
pub mod categories;
pub mod duplicates;
pub mod events;
pub mod mediation;
pub mod names;
pub mod open311;
pub mod parties;
pub mod periods;
pub mod photos;
pub mod rollups;
pub mod sweeps;
pub mod tokens;
pub mod typed;
pub mod zone;

pub use case_list::{Filter, Sort, list, measure_sql};
pub use cases::{CASE_COLUMNS, allocate_ids, count, get, get_in, insert, insert_many, update};
pub use categories::{CategoryRow, categories, category, current_version, insert_version};
pub use duplicates::{nearby_candidates, same_party};
pub use events::{events, insert_event, insert_events};
pub use parties::{PartyRow, insert_party, parties};
pub use photos::{PhotoRow, insert_photo, photo_data, photos};
pub use rollups::{
    add_many_to_rollups, add_to_rollups, found_by_category, found_by_month, sum_rollups,
};
