//! Use-cases of key projects and promotion, each from an authorised actor: who may see and
//! change a project, listing and reading projects, passing gates, the promotion summary and the
//! rate definitions.

pub mod access;
pub mod board;
pub mod bulletin;
pub mod cancel;
pub mod create;
pub mod definitions;
pub mod gates;
pub mod inspection;
pub mod photos;
pub mod problems;
pub mod progress;
pub mod projects;
pub mod promotion;
pub mod report_import;
pub mod reports;
