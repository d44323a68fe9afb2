//! Projects and promotion on the page: the list of projects with its ledgers and exports, a
//! project with its gates and timeline, the promotion dashboard and the rate definitions.

pub mod gantt;
pub mod list;
pub mod project;
pub mod promotion;
pub mod rates;

/// The pages of projects and promotion.
pub fn routes() -> crate::platform::web::pages::Pages {
    crate::platform::web::pages::Pages::new()
        .get("/projects", list::index)
        .get("/projects.xlsx", list::export_xlsx)
        .get("/projects.csv", list::export_csv)
        .get("/projects/{id}", project::view)
        .post("/projects/{id}/gates", project::pass)
        .get("/promotion", promotion::dashboard)
        .get("/promotion/rates", rates::index)
        .post("/promotion/rates/{code}", rates::add_version)
}
