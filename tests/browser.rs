//! The browser test: headless Chromium (Debian's `chromium` and `chromium-driver`) driven over
//! WebDriver. A person logs in and walks from the zone down to one grid and its four staff, at
//! a desk screen's size and a phone's. Run by `.ci/run` as
//! `cargo test --test browser -- --ignored`; it needs /usr/bin/chromium and /usr/bin/chromedriver.
//! Each story is a file under tests/browser/, sharing the harness of browser/harness.rs.

#[path = "browser/harness.rs"]
mod harness;
#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

#[path = "browser/casework.rs"]
mod casework;
#[path = "browser/projects.rs"]
mod projects;
#[path = "browser/public_report.rs"]
mod public_report;
#[path = "browser/reading.rs"]
mod reading;
#[path = "browser/registry.rs"]
mod registry;
#[path = "browser/registry_records.rs"]
mod registry_records;
#[path = "browser/units.rs"]
mod units;
