//! Integration tests: each starts zhili on port 0 with a fresh database (SQLite, or PostgreSQL
//! when ZHILI_TEST_DATABASE_URL is set) holding the demo zone, and drives it over HTTP as its
//! users would.

mod audit;
mod auth;
mod calendar_and_catalogue;
mod case_list;
mod cases;
mod cases_deadlines;
mod cases_rollups;
mod cases_scope;
mod cli;
mod clock;
mod connections;
mod data_key;
mod demo;
mod department_work;
mod formula_export;
mod helpers;
mod imports;
#[path = "../support/kit/mod.rs"]
#[allow(dead_code)]
mod kit;
mod mediation;
mod open311;
mod openapi_document;
mod ops;
mod page_permissions;
mod page_permissions_kinds;
mod page_permissions_projects;
mod page_permissions_requests;
mod pages;
mod permissions;
mod permissions_fixtures;
mod permissions_requests;
mod project_board;
mod project_entry;
mod project_fixtures;
mod project_inspection;
mod project_problems;
mod project_reports;
mod projects;
mod public_report;
mod public_status;
mod read_audit;
mod redirects;
mod refusals;
mod registry;
mod registry_import;
mod registry_records;
mod review;
mod security;
#[path = "../support/server.rs"]
#[allow(dead_code)]
mod server;
mod sheet_bombs;
mod store;
mod taken;
mod throttles;
mod tokens;
mod units;
mod users;
