//! Where a case came from. The public form and Open311 mark their cases `public`, the hotline
//! import `hotline`; those are facts about a channel, so no one posting a case may claim them
//! (a `public` case is shown on the public status page, a `hotline` one counted as the hotline's).
//! Staff name only their own channels.

use serde::Deserialize;
use utoipa::ToSchema;

/// A channel staff may name for a case they post.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::AsRefStr,
    strum::Display,
)]
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

/// Every channel a case can come in through, as stored.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    Deserialize,
    serde::Serialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::AsRefStr,
    strum::Display,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Source {
    /// Found by grid staff (排查).
    Grid,
    /// The public form or Open311.
    Public,
    /// The 12345 hotline's import.
    Hotline,
    /// A program through the API.
    #[default]
    Api,
}

impl Source {
    /// Every channel.
    pub const ALL: [Source; 4] = [Source::Grid, Source::Public, Source::Hotline, Source::Api];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn a_source_is_named_as_serde_names_it() {
        assert!(Source::iter().eq(Source::ALL));
        for source in Source::iter() {
            assert_eq!(serde_json::to_value(source).unwrap(), source.as_str());
            assert_eq!(source.as_str().parse(), Ok(source));
        }
        for staff in [StaffSource::Grid, StaffSource::Api] {
            assert_eq!(staff.as_str().parse::<Source>().map(Source::as_str), Ok(staff.as_str()));
        }
        assert!("Public".parse::<Source>().is_err());
    }
}
