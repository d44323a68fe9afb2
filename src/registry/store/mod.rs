//! The registry's SQL, one file a table; no other part reads these tables.

pub mod bench;
pub mod counts;
pub mod households;
pub mod people;
pub mod readers;
pub mod records;
pub mod residences;
