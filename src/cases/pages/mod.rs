//! Cases on the page: a worker's queue, the report form, a case with its timeline and the
//! actions it allows, the map, the list behind every figure with its exports; a file per use-case.

pub mod act;
pub mod case_page;
pub mod catalogue;
pub mod dashboard;
pub mod imports;
pub mod listing;
pub mod map;
pub mod mediation;
pub mod new_case;
pub mod open311_keys;
pub mod report;

pub use case_page::{Refused, render};

use crate::cases::services::rows::CategoryRow;
use crate::platform::service::AppError;
use crate::platform::web::AppState;
use crate::platform::web::error::PageError;
use crate::platform::web::pages::Ctx;
use crate::platform::web::session::PageActor;

pub(crate) fn category_name(ctx: &Ctx, names: &[CategoryRow], code: &str) -> String {
    match names.iter().find(|c| c.code == code) {
        Some(c) if ctx.lang == crate::platform::i18n::Lang::En => c.name_en.clone(),
        Some(c) => c.name.clone(),
        None => code.to_string(),
    }
}

/// The catalogue in force in the zone of the person's first role.
pub(crate) async fn catalogue_of(
    state: &AppState,
    who: &PageActor,
) -> Result<Vec<CategoryRow>, PageError> {
    let zone = who
        .actor
        .held
        .first()
        .map(|h| crate::cases::services::catalogue::zone_of(&h.path))
        .ok_or(AppError::NotFound)?;
    Ok(crate::cases::services::catalogue::current(&state.db, zone).await?.1)
}

/// The pages of grid events.
pub fn routes() -> crate::platform::web::pages::Pages {
    use crate::cases::api::photos;
    crate::platform::web::pages::Pages::new()
        .get("/report", report::form)
        .post("/report", report::submit)
        .get("/report/{token}", report::status)
        .get("/dashboard", dashboard::show)
        .get("/cases", listing::index)
        .get("/cases.csv", listing::export_csv)
        .get("/cases.xlsx", listing::export_xlsx)
        .get("/cases/import", imports::form)
        .post("/cases/import", imports::upload)
        .get("/cases/import/template.xlsx", imports::template)
        .get("/cases/new", new_case::new)
        .post("/cases/new", new_case::create)
        .get("/cases/map", map::map)
        .get("/cases/{id}", case_page::show)
        .post("/cases/{id}/act", act::act)
        .post("/cases/{id}/photos", photos::page_upload)
        .get("/photos/{id}", photos::page_download)
        .post("/cases/{id}/mediation/session", mediation::add_session)
        .post("/cases/{id}/mediation/agreement", mediation::save_agreement)
        .post("/cases/{id}/mediation/performance", mediation::performance)
        .get("/cases/{id}/agreement", mediation::print)
        .get("/cases/{id}/agreement.docx", mediation::docx)
        .get("/admin/open311", open311_keys::index)
        .post("/admin/open311", open311_keys::create)
        .get("/admin/catalogue", catalogue::show)
        .post("/admin/catalogue", catalogue::publish)
        .get("/admin/catalogue.xlsx", catalogue::export)
        .get("/admin/calendar", catalogue::calendar)
        .post("/admin/calendar", catalogue::set_day)
        .post("/admin/open311/{id}/revoke", open311_keys::revoke)
}
