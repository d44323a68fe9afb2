//! platform::hierarchy

pub mod api;
pub mod boundary;
pub mod grid_index;
pub mod pages;
pub mod services;
pub mod store;
pub mod unit;
