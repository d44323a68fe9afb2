//! The grid registry (人、地、物、组织): the people and households of every grid, kept from the
//! spreadsheets people already have, ID numbers and phones sealed at rest and found by blind
//! index, masked wherever they are shown and revealed only with a purpose, in the audit chain.
//! Cases, welfare and enterprises stand on its one table of people.

pub mod api;
pub mod bench;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod pages;
pub mod services;
pub mod store;

use crate::platform::capability::{Capability, MenuEntry, Migrations, ObjectKind};

/// What the registry brings to the platform.
pub static CAPABILITY: Capability = Capability {
    name: "registry",
    migrations: Migrations {
        sqlite: &sqlx::migrate!("src/registry/migrations/sqlite"),
        postgres: &sqlx::migrate!("src/registry/migrations/postgres"),
    },
    upgrade: |_| Box::pin(async { Ok(()) }),
    pages: pages::routes,
    api: api::routes,
    routes: axum::Router::new,
    start: |_db, parts| {
        parts.insert(std::sync::Arc::new(services::jobs::Jobs::default()));
    },
    menu: &[
        MenuEntry { href: "/registry", label: "nav.registry", admin: false },
        MenuEntry { href: "/registry/people", label: "nav.people", admin: false },
    ],
    commands: cli::commands,
    run: cli::run,
    demo: demo::hook,
    jobs: &[],
    bench: bench::SCENARIOS,
    bench_pages: |app, token| Box::pin(bench::pages(app, token)),
    about_person: |_, _, _| Box::pin(async { Ok(Vec::new()) }),
    objects: &[ObjectKind {
        prefix: "person",
        names: |db, ids| Box::pin(services::people::names(db, ids)),
        href: Some(|id| format!("/registry/people/{id}")),
    }],
    message_keys: domain::message_keys,
    audited_actions: &[
        "person.view",
        "person.reveal",
        "person.save",
        "registry.import",
        "people.export",
        "people.import_report",
    ],
};
