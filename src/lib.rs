//! zhili (治理): a self-hosted platform on which a district-level zone runs its government work.
//!
//! Layers, top to bottom: [`web`] and [`cli`] translate; [`app`] holds the use-cases, where
//! permission, validation, transactions and audit meet; [`domain`] is pure; [`store`] speaks SQL
//! to SQLite or PostgreSQL.

pub mod app;
pub mod bench;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod sheet;
pub mod store;
pub mod web;

rust_i18n::i18n!("locales", fallback = "zh-CN");
