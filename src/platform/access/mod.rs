//! platform::access

pub mod actor;
pub mod cache;
pub mod role;
