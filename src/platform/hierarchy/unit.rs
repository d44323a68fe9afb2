//! Units of the hierarchy (zone → township → village → grid), their codes and paths.

use crate::platform::input::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A level of the four-level tree (四级工作体系).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[derive(
    strum::EnumString, strum::IntoStaticStr, strum::AsRefStr, strum::Display, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum Level {
    /// 示范区
    Zone,
    /// 乡镇 / 街道
    Township,
    /// 村 / 社区
    Village,
    /// 网格
    Grid,
}

impl Level {
    /// All levels from the top down.
    pub const ALL: [Level; 4] = [Level::Zone, Level::Township, Level::Village, Level::Grid];

    /// The identifier stored in the database and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The level of this level's children; a grid has none.
    pub fn child(self) -> Option<Level> {
        match self {
            Level::Zone => Some(Level::Township),
            Level::Township => Some(Level::Village),
            Level::Village => Some(Level::Grid),
            Level::Grid => None,
        }
    }

    /// How many digits this level's code has: 12-digit statistical division codes for zone,
    /// township and village (GB/T 2260 extended), 15 for a grid (6 + 3 + 3 + 3).
    pub fn code_len(self) -> usize {
        match self {
            Level::Grid => 15,
            _ => 12,
        }
    }

    /// How many leading digits of a child's code repeat this unit's code.
    fn prefix_len(self) -> usize {
        match self {
            Level::Zone => 6,
            Level::Township => 9,
            Level::Village => 12,
            Level::Grid => 15,
        }
    }
}

/// A unit's division code, checked for its level's length and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitCode(String);

impl UnitCode {
    /// Parses the code of a unit at `level`; `parent` is the parent's level and code, whose
    /// leading digits a child's code must repeat (a village of township 410871100 is 410871100xxx).
    pub fn parse(
        level: Level,
        code: &str,
        parent: Option<(Level, &str)>,
    ) -> Result<Self, FieldError> {
        let code = code.trim();
        if code.len() != level.code_len() || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(
                FieldError::new("code", "error.code_format").arg("digits", level.code_len())
            );
        }
        if let Some((parent_level, parent_code)) = parent {
            // `get`, not slicing: a parent's code is read from the store and a caller may pair
            // levels that do not follow one another; neither may panic.
            let n = parent_level.prefix_len();
            let prefix = parent_code.get(..n).unwrap_or(parent_code);
            if code.get(..n) != Some(prefix) {
                return Err(FieldError::new("code", "error.code_prefix").arg("prefix", prefix));
            }
            if level != Level::Grid && code[n..].bytes().all(|b| b == b'0') {
                return Err(FieldError::new("code", "error.code_prefix").arg("prefix", prefix));
            }
        }
        Ok(UnitCode(code.to_string()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A unit's place in the tree, `/1/3/17/`: every id from the root down, slash-terminated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPath(String);

impl UnitPath {
    /// The path of a root unit.
    pub fn root(id: i64) -> Self {
        UnitPath(format!("/{id}/"))
    }

    /// Wraps a path read from the store.
    pub fn from_stored(path: String) -> Self {
        UnitPath(path)
    }

    /// The path of a child with `id`.
    pub fn child(&self, id: i64) -> Self {
        UnitPath(format!("{}{id}/", self.0))
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ids from the root down to this unit.
    pub fn ids(&self) -> Vec<i64> {
        self.0.split('/').filter_map(|s| s.parse().ok()).collect()
    }

    /// Whether `other` is this unit or below it.
    pub fn contains(&self, other: &UnitPath) -> bool {
        other.0.starts_with(&self.0)
    }

    /// The half-open text range `[start, end)` holding exactly this subtree's paths: every
    /// path that starts with `/1/3/` sorts at or after it and before `/1/30`, since '0' is the
    /// character after '/'. A range uses the index on both databases, where LIKE may not.
    pub fn subtree_range(&self) -> (String, String) {
        let mut end = self.0.clone();
        end.pop();
        end.push('0');
        (self.0.clone(), end)
    }
}

impl fmt::Display for UnitPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lengths_follow_the_level() {
        assert!(UnitCode::parse(Level::Zone, "410871000000", None).is_ok());
        assert!(UnitCode::parse(Level::Grid, "410871100201001", None).is_ok());
        let err = UnitCode::parse(Level::Village, "41087110020", None).unwrap_err();
        assert_eq!((err.field.as_str(), err.key), ("code", "error.code_format"));
        assert!(UnitCode::parse(Level::Village, "41087110020a", None).is_err());
    }

    #[test]
    fn a_parent_of_any_level_or_text_is_an_error_not_a_panic() {
        // Found by the grid_code fuzz target: slicing a parent's code panicked.
        let err =
            UnitCode::parse(Level::Village, "410871100200", Some((Level::Grid, "410871100200001")))
                .unwrap_err();
        assert_eq!(err.key, "error.code_prefix");
        assert!(
            UnitCode::parse(Level::Grid, "410871100200001", Some((Level::Village, "4108711002é")))
                .is_err()
        );
        assert!(
            UnitCode::parse(Level::Grid, "410871100200001", Some((Level::Village, "410871100200")))
                .is_ok()
        );
    }

    #[test]
    fn a_child_code_repeats_its_parent() {
        let township = (Level::Township, "410871100000");
        assert!(UnitCode::parse(Level::Village, "410871100201", Some(township)).is_ok());
        let err = UnitCode::parse(Level::Village, "410871101201", Some(township)).unwrap_err();
        assert_eq!(err.key, "error.code_prefix");
        // A village code that only repeats its township is the township's own code.
        assert!(UnitCode::parse(Level::Village, "410871100000", Some(township)).is_err());
        let village = (Level::Village, "410871100201");
        assert!(UnitCode::parse(Level::Grid, "410871100201007", Some(village)).is_ok());
        assert!(UnitCode::parse(Level::Grid, "410871100202007", Some(village)).is_err());
    }

    #[test]
    fn paths_nest_and_range() {
        let zone = UnitPath::root(1);
        let township = zone.child(3);
        let village = township.child(17);
        assert_eq!(village.as_str(), "/1/3/17/");
        assert_eq!(village.ids(), vec![1, 3, 17]);
        assert!(township.contains(&village));
        assert!(!village.contains(&township));
        let (start, end) = township.subtree_range();
        let inside = |p: &str| p >= start.as_str() && p < end.as_str();
        assert!(inside("/1/3/") && inside("/1/3/17/") && inside("/1/3/999/5/"));
        assert!(!inside("/1/30/") && !inside("/1/4/") && !inside("/1/"));
    }

    #[test]
    fn levels_nest() {
        assert_eq!(Level::Zone.child(), Some(Level::Township));
        assert_eq!(Level::Grid.child(), None);
        assert_eq!("village".parse::<Level>(), Ok(Level::Village));
        assert!("county".parse::<Level>().is_err());
    }
}
