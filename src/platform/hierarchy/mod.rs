//! platform::hierarchy

pub mod api;
pub mod boundary;
pub mod pages;
pub mod services;
pub mod store;
pub mod unit;
