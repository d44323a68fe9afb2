//! Projects and promotion on the page: the list of projects with its ledgers and exports, a
//! project with its gates and timeline, the promotion dashboard and the rate definitions.

pub mod board;
pub mod bulletin;
pub mod cancel;
pub mod entry;
pub mod gantt;
pub mod inspection;
pub mod list;
pub mod problems;
pub mod progress;
pub mod project;
pub mod promotion;
pub mod rates;
pub mod report_import;
pub mod reports;
pub mod schedule;

/// A value of a page's query read as `T`, empty as none; the parameter's error when it is not
/// one (a unit that is no number, a level that is none).
pub(crate) fn parsed<T: std::str::FromStr>(
    name: &str,
    value: Option<&str>,
) -> Result<Option<T>, crate::platform::service::AppError> {
    value
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.parse().map_err(|_| {
                crate::platform::service::AppError::Invalid(vec![
                    crate::platform::input::FieldError::new(name, "error.choice"),
                ])
            })
        })
        .transpose()
}

/// The list kit's filter of the townships (and other units) the viewer may pick, as `unit`.
pub(crate) async fn township(
    state: &crate::platform::web::AppState,
    who: &crate::platform::web::session::PageActor,
) -> Result<crate::platform::list::Filter, crate::platform::web::error::PageError> {
    let units = crate::platform::hierarchy::services::pickable(&state.db, &who.actor, 1).await?;
    Ok(crate::platform::list::Filter {
        name: "unit",
        label: "projects.township",
        kind: crate::platform::list::FilterKind::Suggest(
            units.into_iter().map(|(id, n)| (id.to_string(), n)).collect(),
        ),
    })
}

/// The pages of projects and promotion.
pub fn routes() -> crate::platform::web::pages::Pages {
    crate::platform::web::pages::Pages::new()
        .get("/projects", list::index)
        .post("/projects", entry::create)
        .get("/projects/new", entry::form)
        .get("/projects.xlsx", list::export_xlsx)
        .get("/projects.csv", list::export_csv)
        .get("/projects/schedule", schedule::form)
        .get("/projects/schedule.xlsx", schedule::xlsx)
        .post("/projects/{id}/schedule", schedule::apply)
        .get("/projects/reports/import", report_import::form)
        .post("/projects/reports/import", report_import::upload)
        .get("/projects/reports/import/template.xlsx", report_import::template)
        .get("/projects/progress", progress::show)
        .get("/projects/map", board::map)
        .get("/projects/gantt", board::gantt)
        .post("/projects/baselines", board::take)
        .get("/projects/baselines/{id}", board::compare)
        .get("/projects/bulletin", bulletin::show)
        .get("/projects/inspection", inspection::show)
        .get("/projects/inspection.xlsx", inspection::export_xlsx)
        .get("/projects/inspection.csv", inspection::export_csv)
        .get("/projects/problems", problems::ledger)
        .get("/projects/problems.xlsx", problems::export_xlsx)
        .get("/projects/problems.csv", problems::export_csv)
        .get("/projects/{id}", project::view)
        .post("/projects/{id}/problems", problems::raise)
        .post("/projects/{id}/problems/{problem}/solve", problems::solve)
        .post("/projects/{id}/gates", project::pass)
        .post("/projects/{id}/cancel", cancel::cancel)
        .post("/projects/{id}/reports", reports::submit)
        .post("/projects/{id}/reports/{period}/photos", reports::add_photo)
        .post("/projects/{id}/reports/{period}/review", reports::review)
        .get("/projects/{id}/photos/{photo}", reports::photo)
        .get("/promotion", promotion::dashboard)
        .get("/promotion/rates", rates::index)
        .post("/promotion/rates/{code}", rates::add_version)
}
