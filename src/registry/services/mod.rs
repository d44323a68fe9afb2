//! The registry's use-cases; each takes an `Actor`, and permission, validation, transactions
//! and the audit chain meet here.

pub mod access;
pub mod columns;
pub mod edit;
pub mod glance;
pub mod households;
pub mod import;
pub mod import_batch;
pub(crate) mod import_prepare;
pub mod jobs;
pub mod people;
pub mod readers;
pub mod record;
pub mod record_import;
mod record_plan;
pub mod record_seals;
pub mod records;
pub mod template;
