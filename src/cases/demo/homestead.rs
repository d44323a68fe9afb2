//! The demo's one mediated dispute told in full: the source's 宁郭村 homestead boundary dispute.

use crate::cases::store::mediation::AgreementRow;
use crate::cases::store::mediation::SessionRow;
use crate::platform::db::Tx;
use chrono::{Duration, NaiveDate};

/// The source's 宁郭村 homestead dispute, as its mediator would have recorded it: one session in
/// the village committee's yard, an agreement signed on the spot, and its performance checked.
pub async fn record(
    tx: &mut Tx,
    case_id: i64,
    a: &str,
    b: &str,
    day: NaiveDate,
    mediator_id: i64,
) -> anyhow::Result<()> {
    let session = SessionRow {
        id: 0,
        case_id,
        held_on: day.to_string(),
        place: "宁郭村委会大院".into(),
        mediator: "申安胜".into(),
        summary: format!(
            "{a}称{b}新砌院墙越过老墙基，{b}称原界在东。调解员到现场比对老墙基和邻里证言，讲明《物权法》相邻关系规定，\
             双方各让一步，以老墙基为界。"
        ),
    };
    crate::cases::store::mediation::insert_session(tx, &session, Some(mediator_id)).await?;
    let agreement = AgreementRow {
        case_id,
        number: "(2015)宁郭调字第37号".into(),
        facts: format!(
            "{a}与{b}系宁郭村东西相邻两户。{b}翻建院墙时，双方对宅基地东西界址发生争议。经现场查看老墙基，双方对界址均有误认，各负其责。"
        ),
        obligations: format!(
            "一、两户以老墙基中线为界；二、{b}将新砌院墙北段西移0.3米；三、{a}不再主张其他权利，双方和睦相处。"
        ),
        performance: "当日由调解员在场划定界桩，院墙于十日内改砌完毕。".into(),
        performance_due: (day + Duration::days(10)).to_string(),
        signed_on: day.to_string(),
        signed_by_all: 1,
        mediator: "申安胜".into(),
        committee: "宁郭村人民调解委员会".into(),
        performed: Some(1),
        performance_note: "回访：界桩已立，院墙已按协议改砌，两家和好。".into(),
        checked_at: Some(format!("{}T02:00:00Z", day + Duration::days(12))),
    };
    crate::cases::store::mediation::save_agreement(tx, &agreement, Some(mediator_id)).await?;
    Ok(())
}
