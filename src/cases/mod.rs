//! Grid events and dispute mediation (网格事件与矛盾纠纷调解): intake from every channel, the
//! workflow with its time limits, mediation and agreements, the dashboard's honest rates, the
//! public form and Open311. Everything of it is in this folder.

pub mod api;
pub mod bench;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod pages;
pub mod services;
pub mod store;

use crate::platform::capability::{Capability, Job, MenuEntry, Migrations, ObjectKind};

/// What grid events bring to the platform.
pub static CAPABILITY: Capability = Capability {
    name: "cases",
    migrations: Migrations {
        sqlite: &sqlx::migrate!("src/cases/migrations/sqlite"),
        postgres: &sqlx::migrate!("src/cases/migrations/postgres"),
    },
    upgrade: |db| Box::pin(services::sealing::seal_parties(db)),
    sealed: store::parties::sealed_columns,
    pages: pages::routes,
    api: api::routes,
    routes: api::open311::routes,
    start: |db, parts| {
        parts.insert(services::intake_queue::IntakeQueue::start(db.clone()));
    },
    menu: &[
        MenuEntry { href: "/cases", label: "nav.cases", admin: false },
        MenuEntry { href: "/dashboard", label: "nav.dashboard", admin: false },
        MenuEntry { href: "/admin/catalogue", label: "catalogue.title", admin: true },
        MenuEntry { href: "/admin/open311", label: "nav.open311", admin: true },
    ],
    commands: cli::commands,
    run: cli::run,
    demo: demo::hook,
    jobs: &[Job { name: services::schedule::OVERDUE_SWEEP, run: services::schedule::sweep }],
    bench: bench::SCENARIOS,
    bench_pages: |app, token| Box::pin(bench::pages::sampled(app, token)),
    about_person: |db, actor, index| Box::pin(services::parties::of_person(db, actor, index)),
    objects: &[
        ObjectKind {
            prefix: "case",
            names: |db, ids| Box::pin(store::names::case_titles(db, ids)),
            href: Some(|id| format!("/cases/{id}")),
        },
        ObjectKind {
            prefix: "open311_key",
            names: |db, ids| Box::pin(store::names::key_names(db, ids)),
            href: None,
        },
    ],
    message_keys: domain::message_keys,
    audited_actions: &[
        "case.report",
        "case.act",
        "case.overdue",
        "case.photo",
        "case.photo_download",
        "cases.export",
        "case.reveal_id_numbers",
        "catalogue.publish",
        "mediation.session",
        "mediation.agreement",
        "mediation.performance",
        "open311.key_add",
        "open311.key_revoke",
        "demo.cases",
    ],
};
