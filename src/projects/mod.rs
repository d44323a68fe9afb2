//! Key projects and investment promotion (重点项目与招商引资): projects from signing to
//! production with their dated gates, the promotion deals and the funding won from higher
//! levels, and the promotion rates as versioned definitions that name themselves in every
//! figure. Everything of it is in this folder.

pub mod api;
pub mod bench;
pub mod demo;
pub mod domain;
pub mod pages;
pub mod services;
pub mod store;

use crate::platform::capability::{Capability, Job, MenuEntry, Migrations, ObjectKind};

/// What key projects and promotion bring to the platform.
pub static CAPABILITY: Capability = Capability {
    name: "projects",
    migrations: Migrations {
        sqlite: &sqlx::migrate!("src/projects/migrations/sqlite"),
        postgres: &sqlx::migrate!("src/projects/migrations/postgres"),
    },
    upgrade: |db| Box::pin(services::definitions::seed(db)),
    sealed: Vec::new,
    pages: pages::routes,
    api: api::routes,
    routes: axum::Router::new,
    start: |_, _| {},
    menu: &[
        MenuEntry { href: "/projects", label: "nav.projects", admin: false },
        MenuEntry { href: "/promotion", label: "nav.promotion", admin: false },
    ],
    commands: Vec::new,
    run: |_, _, _| Box::pin(async { Ok(std::process::ExitCode::SUCCESS) }),
    demo: demo::hook,
    jobs: &[Job { name: services::problems::LADDER_SWEEP, run: services::problems::job }],
    bench: bench::SCENARIOS,
    bench_pages: |_, _| Box::pin(async { Ok(Vec::new()) }),
    about_person: |_, _, _| Box::pin(async { Ok(Vec::new()) }),
    objects: &[ObjectKind {
        prefix: "project",
        names: |db, ids| Box::pin(services::projects::names(db, ids)),
        href: Some(|id| format!("/projects/{id}")),
    }],
    message_keys: domain::message_keys,
    audited_actions: &[
        "project.create",
        "project.gate",
        "project.cancel",
        "project.report",
        "project.review",
        "project.photo",
        "project.problem",
        "project.problem_solved",
        "project.problem_climbed",
        "project.baseline",
        "project.plan",
        "projects.export",
        "problems.export",
        "projects.inspection_export",
        "projects.import",
        "rate.define",
        "demo.projects",
    ],
};
