//! platform

pub mod access;
pub mod audit;
pub mod bench;
pub mod calendar;
pub mod capability;
pub mod cli;
pub mod credit_code;
pub mod day;
pub mod db;
pub mod demo;
pub mod geo;
pub mod hierarchy;
pub mod i18n;
pub mod id_number;
pub mod input;
pub mod list;
pub mod phone;
pub mod schedule;
pub mod service;
pub mod sheet;
pub mod svg;
pub mod time;
pub mod users;
pub mod vault;
pub mod web;
