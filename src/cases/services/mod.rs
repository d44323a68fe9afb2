//! Grid events and disputes: intake, the workflow, and the rates behind the dashboard.
//!
//! Every change of a case appends an event, rewrites the case's current row, moves the rollups
//! of the case's unit and every unit above it by the case's change in contribution, and appends
//! to the audit chain, all in one transaction. Each use-case has its file; this one only names
//! them, so callers keep one path (`services::act`, `services::prepare`, …).

pub mod access;
pub mod act;
pub mod catalogue;
pub mod catalogue_view;
pub mod dashboard;
pub mod duplicates;
pub mod hotline;
pub mod intake_queue;
pub mod list;
pub mod mediation;
pub mod open311;
pub mod open311_requests;
pub mod overdue;
pub mod parties;
pub mod periods;
pub mod photos;
pub mod places;
pub mod public;
pub mod public_status;
pub mod report;
pub mod rollups;
pub mod rows;
pub mod schedule;
pub mod sealing;
pub mod view;

pub use crate::cases::domain::new_case::{MAX_PARTIES, PartyInput, ReportInput};
pub use crate::cases::services::access::visible;
pub use crate::cases::services::act::{ActionInput, act};
pub use crate::cases::services::catalogue::responsible_department;
pub use crate::cases::services::duplicates::{
    DUPLICATE_DAYS, DUPLICATE_METRES, Likeness, duplicates,
};
pub use crate::cases::services::list::{ListInput, list, rates};
pub use crate::cases::services::overdue::{escalate_overdue, sweep_overdue};
pub(crate) use crate::cases::services::photos::attach_photo;
pub use crate::cases::services::photos::{add_photo, photo, photos};
pub use crate::cases::services::report::{Intake, Prepared, prepare, write_reports};
pub use crate::cases::services::rollups::recompute_rollups;
pub use crate::cases::services::view::{CaseView, get};
