//! The SQL of key projects and promotion, a file a table or tables read together.

pub mod bench;
pub mod board;
pub mod bulletin;
pub mod deals;
pub mod definitions;
pub mod gates;
pub mod inspection;
pub mod problems;
pub mod projects;
pub mod reports;
