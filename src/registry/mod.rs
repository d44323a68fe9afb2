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
    sealed: services::record_seals::sealed_columns,
    pages: pages::routes,
    api: api::routes,
    routes: axum::Router::new,
    start: |_db, parts| {
        parts.insert(std::sync::Arc::new(services::jobs::Jobs::default()));
    },
    menu: &[
        MenuEntry { href: "/registry", label: "nav.registry", admin: false },
        MenuEntry { href: "/registry/people", label: "nav.people", admin: false },
        MenuEntry { href: "/registry/readers", label: "registry.readers", admin: true },
    ],
    commands: cli::commands,
    run: cli::run,
    demo: demo::hook,
    jobs: &[],
    bench: bench::SCENARIOS,
    bench_pages: |app, token| Box::pin(bench::pages(app, token)),
    about_person: |_, _, _| Box::pin(async { Ok(Vec::new()) }),
    objects: &[
        ObjectKind {
            prefix: "person",
            names: |db, ids| Box::pin(services::people::names(db, ids)),
            href: Some(|id| format!("/registry/people/{id}")),
        },
        ObjectKind {
            prefix: "place",
            names: |db, ids| Box::pin(services::records::titles(db, &domain::kinds::PLACES, ids)),
            href: Some(|id| format!("/registry/places/{id}")),
        },
        ObjectKind {
            prefix: "facility",
            names: |db, ids| {
                Box::pin(services::records::titles(db, &domain::kinds::FACILITIES, ids))
            },
            href: Some(|id| format!("/registry/facilities/{id}")),
        },
        ObjectKind {
            prefix: "organisation",
            names: |db, ids| {
                Box::pin(services::records::titles(db, &domain::kinds::ORGANISATIONS, ids))
            },
            href: Some(|id| format!("/registry/organisations/{id}")),
        },
        ObjectKind {
            prefix: "floating",
            names: |db, ids| Box::pin(services::records::titles(db, &domain::kinds::FLOATING, ids)),
            href: Some(|id| format!("/registry/floating/{id}")),
        },
        ObjectKind {
            prefix: "left_behind",
            names: |db, ids| {
                Box::pin(services::records::titles(db, &domain::kinds::LEFT_BEHIND, ids))
            },
            href: Some(|id| format!("/registry/left_behind/{id}")),
        },
        ObjectKind {
            prefix: "released",
            names: |db, ids| Box::pin(services::records::titles(db, &domain::kinds::RELEASED, ids)),
            href: Some(|id| format!("/registry/released/{id}")),
        },
        ObjectKind {
            prefix: "correction",
            names: |db, ids| {
                Box::pin(services::records::titles(db, &domain::kinds::CORRECTION, ids))
            },
            href: Some(|id| format!("/registry/correction/{id}")),
        },
        ObjectKind {
            prefix: "mental",
            names: |db, ids| Box::pin(services::records::titles(db, &domain::kinds::MENTAL, ids)),
            href: Some(|id| format!("/registry/mental/{id}")),
        },
        ObjectKind {
            prefix: "drug",
            names: |db, ids| Box::pin(services::records::titles(db, &domain::kinds::DRUG, ids)),
            href: Some(|id| format!("/registry/drug/{id}")),
        },
        ObjectKind {
            prefix: "youth",
            names: |db, ids| Box::pin(services::records::titles(db, &domain::kinds::YOUTH, ids)),
            href: Some(|id| format!("/registry/youth/{id}")),
        },
    ],
    message_keys: domain::message_keys,
    audited_actions: &[
        "person.view",
        "person.reveal",
        "person.save",
        "registry.import",
        "people.export",
        "registry.import_report",
        "registry.readers",
        "household.view",
        "household.list",
        "household.reveal",
        "household.save",
        "household.export",
        "place.view",
        "place.list",
        "place.reveal",
        "place.save",
        "place.export",
        "facility.view",
        "facility.list",
        "facility.reveal",
        "facility.save",
        "facility.export",
        "organisation.view",
        "organisation.list",
        "organisation.reveal",
        "organisation.save",
        "organisation.export",
        "floating.view",
        "floating.list",
        "floating.reveal",
        "floating.save",
        "floating.export",
        "left_behind.view",
        "left_behind.list",
        "left_behind.reveal",
        "left_behind.save",
        "left_behind.export",
        "released.view",
        "released.list",
        "released.reveal",
        "released.save",
        "released.export",
        "correction.view",
        "correction.list",
        "correction.reveal",
        "correction.save",
        "correction.export",
        "mental.view",
        "mental.list",
        "mental.reveal",
        "mental.save",
        "mental.export",
        "drug.view",
        "drug.list",
        "drug.reveal",
        "drug.save",
        "drug.export",
        "youth.view",
        "youth.list",
        "youth.reveal",
        "youth.save",
        "youth.export",
    ],
};
