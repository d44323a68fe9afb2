//! Roles a person holds at a unit, and the four grid roles (一格四员).

use serde::{Deserialize, Serialize};

/// What a person may do at the unit where the role is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(
    strum::EnumString, strum::IntoStaticStr, strum::AsRefStr, strum::Display, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    /// Administers units and users in the subtree.
    Admin,
    /// Zone leader: reads the whole subtree.
    Leader,
    /// Staff of a functional department (civil affairs, supervision, statistics, …).
    DepartmentStaff,
    /// Township or street staff.
    TownshipStaff,
    /// Village or community staff.
    VillageStaff,
    /// One of the four staff of a grid.
    GridStaff,
}

impl Role {
    /// Every role, in the order pages list them.
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Leader,
        Role::DepartmentStaff,
        Role::TownshipStaff,
        Role::VillageStaff,
        Role::GridStaff,
    ];

    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The level of unit the role is held at: admins, leaders and departments at the zone,
    /// the others at their own level.
    pub fn unit_level(self) -> crate::platform::hierarchy::unit::Level {
        use crate::platform::hierarchy::unit::Level;
        match self {
            Role::Admin | Role::Leader | Role::DepartmentStaff => Level::Zone,
            Role::TownshipStaff => Level::Township,
            Role::VillageStaff => Level::Village,
            Role::GridStaff => Level::Grid,
        }
    }
}

/// The four staff of a grid: manager 管理员, assistant 协管员, police liaison 警务员,
/// supervisor 监督员.
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
pub enum GridRole {
    /// 管理员
    Manager,
    /// 协管员
    Assistant,
    /// 警务员
    PoliceLiaison,
    /// 监督员
    Supervisor,
}

impl GridRole {
    /// The four, in the order a grid lists them.
    pub const ALL: [GridRole; 4] =
        [GridRole::Manager, GridRole::Assistant, GridRole::PoliceLiaison, GridRole::Supervisor];

    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A role held at a unit (and, for department staff, in a department).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Grant {
    /// The role.
    pub role: Role,
    /// The unit whose subtree the role covers.
    pub unit_id: i64,
    /// The department, for department staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<i64>,
    /// The grid role, for grid staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_role: Option<GridRole>,
}

/// The functional departments (职能部门) that stand beside the tree: the offices the zone's
/// leaders work through, and the ones the category catalogue names as responsible for a case.
pub const DEPARTMENT_KINDS: [&str; 12] = [
    "civil_affairs",
    "supervision",
    "discipline",
    "statistics",
    "investment_promotion",
    "development_reform",
    "urban_management",
    "natural_resources",
    "housing_construction",
    "human_resources",
    "emergency_management",
    "comprehensive_governance",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        for role in GridRole::ALL {
            assert_eq!(role.as_str().parse::<GridRole>(), Ok(role));
        }
        assert!("mayor".parse::<Role>().is_err());
    }

    #[test]
    fn grant_json_omits_what_does_not_apply() {
        let grant = Grant {
            role: Role::GridStaff,
            unit_id: 9,
            department_id: None,
            grid_role: Some(GridRole::PoliceLiaison),
        };
        let json = serde_json::to_string(&grant).unwrap();
        assert_eq!(json, r#"{"role":"grid_staff","unit_id":9,"grid_role":"police_liaison"}"#);
    }
}
