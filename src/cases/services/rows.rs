//! The stored rows the API and the pages show, named here so that handlers reach them through
//! the use-cases and never name a store.

pub use crate::cases::domain::case::Case;
pub use crate::cases::domain::event::Event;
pub use crate::cases::store::mediation::{AgreementRow, SessionRow};
pub use crate::cases::store::open311::KeyRow;
pub use crate::cases::store::{CategoryRow, PartyRow, PhotoRow, Sort};
pub use crate::platform::hierarchy::store::DepartmentRow;
