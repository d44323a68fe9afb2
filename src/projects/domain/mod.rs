//! Key projects (重点项目) and investment promotion (招商引资), with no IO: the levels, the gates
//! from signing to capacity and the order they are passed in, the sources of a deal, money as
//! people read it, and the rates as versioned definitions.

pub mod gates;
pub mod money;
pub mod photo_checks;
pub mod problems;
pub mod progress;
pub mod rates;
pub mod reports;
pub mod schedule;

use serde::{Deserialize, Serialize};

/// How high a project is followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(
    strum::EnumString, strum::IntoStaticStr, strum::AsRefStr, strum::Display, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
#[schema(as = ProjectLevel)]
pub enum Level {
    /// A provincial key project (省重点).
    Provincial,
    /// A municipal key project (市重点).
    Municipal,
    /// A key project of the zone (区重点).
    Zone,
    /// A project brought in by investment promotion, not (yet) a key project (招商项目).
    Promotion,
}

impl Level {
    /// Every level, highest first.
    pub const ALL: [Level; 4] =
        [Level::Provincial, Level::Municipal, Level::Zone, Level::Promotion];

    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Where a promotion deal's investor was found (招商方式), as the zone's plan names the drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(
    strum::EnumString, strum::IntoStaticStr, strum::AsRefStr, strum::Display, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
#[schema(as = DealSource)]
pub enum Source {
    /// A regional drive (京津冀, 长三角, …), the region named beside it.
    Region,
    /// A Fortune 500 company (世界 500 强).
    Fortune500,
    /// A central state-owned enterprise (央企).
    CentralSoe,
    /// One of the top 100 domestic companies (国内 100 强).
    Top100,
    /// Along an industrial chain (产业链招商).
    IndustrialChain,
    /// Through a business already here (以商招商).
    ByBusiness,
    /// Science and technology (科技招商).
    Technology,
    /// A themed drive such as e-commerce (专题招商).
    Themed,
}

impl Source {
    /// Every source.
    pub const ALL: [Source; 8] = [
        Source::Region,
        Source::Fortune500,
        Source::CentralSoe,
        Source::Top100,
        Source::IndustrialChain,
        Source::ByBusiness,
        Source::Technology,
        Source::Themed,
    ];

    /// The identifier stored and used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The size band of a deal by its contract value (投资 10 亿元以上, 5 亿至 10 亿元, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum Band {
    /// 1 billion yuan or more.
    From1bn,
    /// From 500 million to under 1 billion.
    From500m,
    /// From 100 million to under 500 million.
    From100m,
    /// Under 100 million.
    Under100m,
}

impl Band {
    /// Every band, largest first.
    pub const ALL: [Band; 4] = [Band::From1bn, Band::From500m, Band::From100m, Band::Under100m];

    /// The least contract value of the band, fen.
    pub fn floor(self) -> i64 {
        const YI: i64 = 100_000_000 * 100;
        match self {
            Band::From1bn => 10 * YI,
            Band::From500m => 5 * YI,
            Band::From100m => YI,
            Band::Under100m => i64::MIN,
        }
    }

    /// The band of a contract value in fen.
    pub fn of(value_fen: i64) -> Band {
        Band::ALL.into_iter().find(|b| value_fen >= b.floor()).unwrap_or(Band::Under100m)
    }

    /// The identifier used in the API.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The message keys this capability makes from names, for the translations test.
pub fn message_keys() -> Vec<String> {
    let mut keys: Vec<String> =
        Level::ALL.iter().map(|l| format!("projects.level.{}", l.as_str())).collect();
    keys.extend(gates::Gate::ALL.iter().map(|g| format!("projects.gate.{}", g.as_str())));
    keys.extend(Source::ALL.iter().map(|s| format!("projects.source.{}", s.as_str())));
    keys.extend(Band::ALL.iter().map(|b| format!("projects.band.{}", b.as_str())));
    keys.extend(rates::Code::ALL.iter().map(|c| format!("projects.rate.{}", c.as_str())));
    keys.extend(
        ["gate", "report_missing", "report_late", "problem"]
            .iter()
            .map(|k| format!("projects.inspection.{k}")),
    );
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cut_at_the_sources_lines() {
        let yi = 100_000_000 * 100;
        assert_eq!(Band::of(10 * yi), Band::From1bn);
        assert_eq!(Band::of(10 * yi - 1), Band::From500m);
        assert_eq!(Band::of(5 * yi), Band::From500m);
        assert_eq!(Band::of(5 * yi - 1), Band::From100m);
        assert_eq!(Band::of(0), Band::Under100m);
    }
}
