//! The test kit: the demo's names, a client for each kind of caller logged in once, what they
//! send and what they get back as types, so a test reads as the story of the people in it.
//!
//! ```ignore
//! let manager = app.grid_manager(1).await;
//! let case = manager.report(Report::in_grid("I0101", manager.unit, "井盖缺失")).await;
//! manager.act(case.id, Action::Register).await;
//! ```
//!
//! Included beside `api/helpers.rs` (as `mod helpers`), whose [`TestApp`](crate::helpers::TestApp)
//! it extends.

pub mod answers;
pub mod asks;
pub mod callers;
pub mod demo;
pub mod session;

pub use answers::{Case, Rate, refusal};
pub use asks::{Action, CaseQuery, PartyIn, Report};
pub use callers::expect;
