//! platform::hierarchy

pub mod api;
pub mod boundary;
pub mod codes;
pub mod grid_index;
pub mod map;
pub mod pages;
pub mod services;
pub mod store;
pub mod unit;
