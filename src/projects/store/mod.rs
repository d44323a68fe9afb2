//! The SQL of key projects and promotion, a file a table or tables read together.

pub mod deals;
pub mod definitions;
pub mod gates;
pub mod projects;
