//! The registry on the page: a unit at a glance, the people list with its exports, a person's
//! page with who looked, the household page, the forms, and the import with its progress and
//! row report; a file per use-case.

pub mod edit;
pub mod glance;
pub mod household;
pub mod import;
pub mod people_list;
pub mod person;
pub mod readers;
pub mod record;
pub mod record_form;
pub mod records;

/// The registry's pages.
pub fn routes() -> crate::platform::web::pages::Pages {
    crate::platform::web::pages::Pages::new()
        .get("/registry", glance::show)
        .get("/registry/people", people_list::index)
        .get("/registry/people.xlsx", people_list::export_xlsx)
        .get("/registry/people.csv", people_list::export_csv)
        .post("/registry/people/export", people_list::export_revealed)
        .get("/registry/people/new", edit::new)
        .post("/registry/people/new", edit::create)
        .get("/registry/people/template.xlsx", import::template)
        .get("/registry/people/{id}", person::view)
        .post("/registry/people/{id}/reveal", person::reveal)
        .get("/registry/people/{id}/looks", person::looks_report)
        .get("/registry/people/{id}/edit", edit::edit_form)
        .post("/registry/people/{id}/edit", edit::edit)
        .get("/registry/households/{id}", household::view)
        .get("/registry/import", import::form)
        .post("/registry/import", import::upload)
        .get("/registry/import/{token}", import::status)
        .get("/registry/import/{token}/report.xlsx", import::report)
        .get("/registry/readers", readers::index)
        .post("/registry/readers", readers::add)
        .post("/registry/readers/{id}/remove", readers::remove)
        .get("/registry/{kind}", records::index)
        .get("/registry/{kind}/new", record_form::new)
        .post("/registry/{kind}/new", record_form::create)
        .get("/registry/{kind}/template.xlsx", record_form::template)
        .get("/registry/{kind}/{id}", record::view)
        .post("/registry/{kind}/{id}/reveal", record::reveal)
        .get("/registry/{kind}/{id}/edit", record_form::edit_form)
        .post("/registry/{kind}/{id}/edit", record_form::edit)
}
