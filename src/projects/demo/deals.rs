//! The demo zone's investment promotion in 2015: 73 deals signed by 25 October, 82.67 亿元 in
//! all, 3 of 1 bn or more and 5 of 0.5–1 bn, 71 started, none terminated, 30% of the contract
//! funds arrived; a 2014 deal terminated in 2015, kept; two leads still in talks; and 118
//! projects that won 2.83 亿元 from higher levels by the end of August. Every figure the
//! dashboard shows comes out of these records through the rates' definitions.

use crate::projects::domain::Source;
use crate::projects::domain::money::WAN;

/// A generated deal: its name, township index, contract value and funds (fen), source and
/// region, and days signed and (if started) started.
pub struct DemoDeal {
    /// Name.
    pub name: String,
    /// Which township (0–4, west to east).
    pub township: usize,
    /// GB/T 4754 division.
    pub industry: &'static str,
    /// 签约额, fen.
    pub value_fen: i64,
    /// 合同引进资金, fen.
    pub funds_fen: i64,
    /// Funds arrived by 25 October, fen.
    pub arrived_fen: i64,
    /// How it was found.
    pub source: Source,
    /// Its region.
    pub region: &'static str,
    /// Signed.
    pub signed: String,
    /// Started, for 71 of them.
    pub started: Option<String>,
    /// Completed, for some.
    pub completed: Option<String>,
}

/// The contract values (万元) of the eight large deals: three of 1 bn and more, five of 0.5–1 bn.
const LARGE_WAN: [i64; 8] = [120_000, 110_000, 105_000, 80_000, 70_000, 65_000, 60_000, 55_000];
/// The year's signed value, 万元 (82.67 亿元).
pub const SIGNED_WAN: i64 = 826_700;
/// Deals signed by 25 October.
pub const SIGNED: usize = 73;

const TRADES: [(&str, &str); 8] = [
    ("智能装备", "C35"),
    ("汽车零部件", "C36"),
    ("新材料", "C26"),
    ("电子信息", "C39"),
    ("生物医药", "C27"),
    ("现代物流", "G59"),
    ("电子商务", "I64"),
    ("文化旅游", "R90"),
];
const REGIONS: [&str; 4] = ["京津冀", "长三角", "珠三角", "豫北"];

/// The deals, in the order they were signed.
pub fn deals() -> Vec<DemoDeal> {
    let small: Vec<i64> = (0..SIGNED as i64 - 9).map(|i| 700 + (i * 37 % 50) * 70).collect();
    let rest = SIGNED_WAN - LARGE_WAN.iter().sum::<i64>() - small.iter().sum::<i64>();
    let values: Vec<i64> = LARGE_WAN.iter().copied().chain(small).chain([rest]).collect();
    let mut out: Vec<DemoDeal> = values
        .iter()
        .enumerate()
        .map(|(i, wan)| {
            let (trade, industry) = TRADES[i % TRADES.len()];
            let source = Source::ALL[i % Source::ALL.len()];
            let region = if source == Source::Region { REGIONS[i / 8 % REGIONS.len()] } else { "" };
            // Signed from January to August, a few days apart; the last two in September and October.
            let signed = if i >= SIGNED - 2 {
                format!("2015-{:02}-{:02}", 9 + i - (SIGNED - 2), 10 + i % 10)
            } else {
                format!("2015-{:02}-{:02}", 1 + i * 8 / (SIGNED - 2), 3 + (i * 7) % 24)
            };
            let started = (i < SIGNED - 2).then(|| {
                format!("2015-{:02}-{:02}", (2 + i * 8 / (SIGNED - 2)).min(10), 5 + (i * 5) % 20)
            });
            let completed =
                (i % 6 == 5 && i < 40).then(|| format!("2015-{:02}-28", (6 + i / 8).min(9)));
            let value_fen = wan * WAN;
            DemoDeal {
                name: format!(
                    "{}{}项目（{}）",
                    if region.is_empty() { "示范区" } else { region },
                    trade,
                    i + 1
                ),
                township: i % 5,
                industry,
                value_fen,
                funds_fen: value_fen / 10 * 8,
                arrived_fen: 0,
                source,
                region,
                signed,
                started,
                completed,
            }
        })
        .collect();
    // 30% of the contract funds arrived, more for the deals started early, none for those not
    // started; the first deal takes what is left so that the whole is 30% to the fen.
    let funds: i64 = out.iter().map(|d| d.funds_fen).sum();
    for (i, d) in out.iter_mut().enumerate().skip(1) {
        if d.started.is_some() {
            d.arrived_fen = d.funds_fen / 100 * [20, 30, 35][i % 3];
        }
    }
    let given: i64 = out.iter().map(|d| d.arrived_fen).sum();
    out[0].arrived_fen = funds * 3 / 10 - given;
    out
}

/// The funding won from higher levels by the end of August: (name, channel, township or the
/// zone (None), amount in fen, day), 118 projects, 2.83 亿元.
pub fn higher_funding() -> Vec<(String, &'static str, Option<usize>, i64, String)> {
    const CHANNELS: [&str; 4] = ["中央预算内投资", "省级专项资金", "市级专项资金", "中央财政专项"];
    const WHAT: [&str; 6] =
        ["农村道路", "污水管网", "农田水利", "学校改造", "卫生院建设", "产业扶持"];
    let amounts: Vec<i64> = (0..117).map(|i| 80 + (i * 53 % 40) * 7).collect();
    let last = 28_300 - amounts.iter().sum::<i64>();
    amounts
        .into_iter()
        .chain([last])
        .enumerate()
        .map(|(i, wan)| {
            let township = (i % 6 != 0).then_some(i % 5);
            let name = format!("{}{}项目（{}）", WHAT[i % WHAT.len()], CHANNELS[i % 4], i + 1);
            let day = format!("2015-{:02}-{:02}", 1 + i * 8 / 118, 1 + i % 28);
            (name, CHANNELS[i % 4], township, wan * WAN, day)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projects::domain::Band;

    #[test]
    fn the_deals_add_up_to_the_sources_figures() {
        let deals = deals();
        assert_eq!(deals.len(), SIGNED);
        assert_eq!(deals.iter().map(|d| d.value_fen).sum::<i64>(), SIGNED_WAN * WAN);
        let band = |b| deals.iter().filter(|d| Band::of(d.value_fen) == b).count();
        assert_eq!((band(Band::From1bn), band(Band::From500m)), (3, 5));
        assert_eq!(deals.iter().filter(|d| d.started.is_some()).count(), 71);
        let funds: i64 = deals.iter().map(|d| d.funds_fen).sum();
        assert_eq!(deals.iter().map(|d| d.arrived_fen).sum::<i64>() * 10, funds * 3);
        assert!(deals.iter().all(|d| d.arrived_fen >= 0 && d.arrived_fen <= d.funds_fen));
        assert!(deals.iter().all(|d| d.signed.as_str() <= "2015-10-25"));
        assert!(deals.iter().all(|d| {
            d.started.as_ref().is_none_or(|s| *s > d.signed && s.as_str() <= "2015-10-25")
        }));
        let won = higher_funding();
        assert_eq!(won.len(), 118);
        assert_eq!(won.iter().map(|w| w.3).sum::<i64>(), 28_300 * WAN);
        assert!(won.iter().all(|w| w.3 > 0 && w.4.as_str() <= "2015-08-31"));
    }
}
