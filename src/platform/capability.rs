//! What a capability brings to the platform, in one value. The router, the OpenAPI document,
//! the migrations, the command line, `zhili demo`, the scheduler, `zhili bench`, the menu and the
//! cross-cutting tests all read the list of these (`zhili::CAPABILITIES`), so adding a capability
//! is a folder and one line of that list, and the platform never names a capability.

use crate::platform::db::Db;
use crate::platform::web::AppState;
use crate::platform::web::pages::Pages;
use axum::Router;
use sqlx::migrate::{Migration, Migrator};
use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;
use utoipa_axum::router::OpenApiRouter;

/// The capabilities a binary is made of, in the order their migrations and demos run.
pub type Capabilities = &'static [&'static Capability];

/// A future a capability's hook returns.
pub type Work<'a, T> = Pin<Box<dyn Future<Output = anyhow::Result<T>> + Send + 'a>>;

/// A page `zhili bench` times: its name in the figures and its URI.
pub type BenchPage = (String, String);

/// One capability's parts. Each hook is a plain function, so the descriptor is a `static`.
pub struct Capability {
    /// Its name in code, logs and the command line's help (`cases`).
    pub name: &'static str,
    /// Its migrations on SQLite and on PostgreSQL. Versions are unique across all capabilities
    /// (the platform's and the first capability's share one numbering from before the split).
    pub migrations: Migrations,
    /// Brings its data up to date where SQL alone cannot (sealing what an earlier release stored
    /// plainly): run by every opening that writes, after the migrations and the data key.
    pub upgrade: fn(&Db) -> Work<'_, ()>,
    /// Every column of its tables that holds sealed values, which a rotation of the data key
    /// seals again.
    pub sealed: fn() -> Vec<crate::platform::vault::rotate::SealedColumn>,
    /// Its pages, which say their routes (the page permission matrix walks them).
    pub pages: fn() -> Pages,
    /// Its API routes, with their OpenAPI paths, as they sit under `/api/v1`.
    pub api: fn() -> OpenApiRouter<AppState>,
    /// Routes of its own outside both (Open311 at `/open311/v2`).
    pub routes: fn() -> Router<AppState>,
    /// Starts what it keeps running beside a server (an intake writer) and puts it in the state.
    pub start: fn(&Db, &mut Parts),
    /// Entries of the menu.
    pub menu: &'static [MenuEntry],
    /// Its command-line subcommands, and the function that runs one (given its name).
    pub commands: fn() -> Vec<clap::Command>,
    /// Runs one of [`Capability::commands`].
    pub run: for<'a> fn(&'a str, &'a clap::ArgMatches, Capabilities) -> Work<'a, ExitCode>,
    /// Loads its share of the demo zone, after the platform's; says what it loaded, in lines.
    pub demo: fn(&Db) -> Work<'_, Vec<String>>,
    /// Jobs to run on a schedule.
    pub jobs: &'static [Job],
    /// Its benchmark scenarios.
    pub bench: &'static [Scenario],
    /// The pages `zhili bench` times for it after its demo loaded, as (name, URI), found through
    /// the router given and a bearer token as any program would.
    pub bench_pages: fn(axum::Router, String) -> Work<'static, Vec<BenchPage>>,
    /// What it holds about a person, found by the blind index of their ID number
    /// (`vault::ID_NUMBER`) and limited to what the actor sees: the links a person's page lists.
    pub about_person: for<'a> fn(
        &'a Db,
        &'a crate::platform::access::actor::Actor,
        &'a [u8],
    ) -> Work<'a, Vec<PersonLink>>,
    /// The kinds of object its audit entries name, and how people read them.
    pub objects: &'static [ObjectKind],
    /// The message keys it makes from names (`state.{name}`), for the translations test.
    pub message_keys: fn() -> Vec<String>,
    /// The actions it writes to the audit chain, by the name the chain records.
    pub audited_actions: &'static [&'static str],
}

/// Something a capability holds about a person: what it is, and its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonLink {
    /// What it is, as people read it (`#17 宅基地边界争议 · 当事人`).
    pub label: String,
    /// Its page.
    pub href: String,
}

/// A capability's migrations on each backend, as `sqlx::migrate!` embeds them.
pub struct Migrations {
    /// On SQLite.
    pub sqlite: &'static Migrator,
    /// On PostgreSQL.
    pub postgres: &'static Migrator,
}

/// What capabilities keep running beside a server, one value of each type.
pub type Parts = axum::http::Extensions;

/// A link of the menu, shown to whoever may open it.
pub struct MenuEntry {
    /// Where it leads.
    pub href: &'static str,
    /// Its label's message key.
    pub label: &'static str,
    /// Whether only administrators see it.
    pub admin: bool,
}

/// Looks up the names of the rows of some ids that exist.
pub type Names = fn(&Db, Vec<i64>) -> Work<'_, Vec<(i64, String)>>;

/// A kind of object the audit chain names (`case:17`): how to name one for people, and its page.
pub struct ObjectKind {
    /// The part before the colon.
    pub prefix: &'static str,
    /// The names of those of these ids that exist.
    pub names: Names,
    /// Where one opens, if it has a page.
    pub href: Option<fn(i64) -> String>,
}

/// A job every server ticks; the one whose claim for the period wins runs it.
pub struct Job {
    /// Its name in `scheduled_jobs`.
    pub name: &'static str,
    /// Runs it once at the time given; says what it did, for the log, or `None` for nothing.
    pub run: fn(&Db, chrono::DateTime<chrono::Utc>) -> Work<'_, Option<String>>,
}

/// A benchmark scenario of `zhili bench`.
pub struct Scenario {
    /// Its name on the command line.
    pub name: &'static str,
    /// Measures and prints; the platform adds the peak memory.
    pub run: fn(&crate::platform::bench::Options, Capabilities) -> Work<'_, ()>,
}

/// The platform's own migrations.
pub static PLATFORM: Migrations = Migrations {
    sqlite: &sqlx::migrate!("src/platform/migrations/sqlite"),
    postgres: &sqlx::migrate!("src/platform/migrations/postgres"),
};

/// The platform's and every capability's migrations for one backend, in version order.
pub fn migrator(postgres: bool, capabilities: Capabilities) -> Migrator {
    let sets = std::iter::once(&PLATFORM).chain(capabilities.iter().map(|c| &c.migrations));
    let all: Vec<Migration> = sets
        .flat_map(|m| if postgres { m.postgres.iter() } else { m.sqlite.iter() })
        .cloned()
        .collect();
    Migrator::with_migrations(all)
}

impl std::fmt::Debug for Capability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// Every audited action of the platform and the capabilities.
pub fn audited_actions(capabilities: Capabilities) -> Vec<&'static str> {
    let mut all: Vec<&'static str> = crate::platform::audit::PLATFORM_ACTIONS.to_vec();
    all.extend(capabilities.iter().flat_map(|c| c.audited_actions.iter().copied()));
    all
}
