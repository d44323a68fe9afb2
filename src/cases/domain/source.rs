//! Where a case came from. The public form and Open311 mark their cases `public`, the hotline
//! import `hotline`; those are facts about a channel, so no one posting a case may claim them
//! (a `public` case is shown on the public status page, a `hotline` one counted as the hotline's).
//! Staff name only their own channels.

use serde::Deserialize;
use utoipa::ToSchema;

/// A channel staff may name for a case they post.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema, strum::IntoStaticStr, strum::AsRefStr, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum StaffSource {
    /// Found by grid staff on their rounds (排查).
    Grid,
    /// Posted by a program through the API (the default).
    #[default]
    Api,
}

impl StaffSource {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}
