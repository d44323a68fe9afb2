//! The command line: `serve`, `demo`, `user`, `backup`, `restore`, `audit verify`, `bench`.

use crate::app::{Actor, AppError, users};
use crate::domain::role::{Grant, GridRole, Role};
use crate::store::{Db, audit};
use crate::web::{self, AppState};
use anyhow::Context;
use clap::{Parser, Subcommand};
use std::io::Read;
use std::process::ExitCode;

mod backup;
mod demo_banner;
use demo_banner::{demo_password, print_demo};
mod serving;
use serving::ConnectionArgs;

/// The default database: an SQLite file in `./zhili-data/`, made on first run.
pub const DEFAULT_DATABASE: &str = "sqlite://zhili-data/zhili.db";

#[derive(Parser)]
#[command(name = "zhili", version, about = "zhili (治理): the zone's governance platform")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DbArg {
    /// The database: sqlite://FILE or postgres://USER@HOST/NAME.
    #[arg(long, env = "ZHILI_DATABASE", default_value = DEFAULT_DATABASE)]
    database: String,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application and the API.
    Serve {
        #[command(flatten)]
        db: DbArg,
        /// Where to listen.
        #[arg(long, env = "ZHILI_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// Load the demo zone if the database is empty.
        #[arg(long, env = "ZHILI_DEMO")]
        demo: bool,
        /// Mark cookies Secure (when served over HTTPS behind a proxy).
        #[arg(long, env = "ZHILI_SECURE_COOKIES")]
        secure_cookies: bool,
        /// How often overdue cases are swept, in seconds; one server of several sweeps each time.
        #[arg(long, env = "ZHILI_SWEEP_SECONDS", default_value_t = 60)]
        sweep_seconds: u64,
        #[command(flatten)]
        connections: ConnectionArgs,
        /// Reverse proxies (CIDRs, repeatable or comma-separated) whose X-Forwarded-For names the client.
        #[arg(long = "trusted-proxy", env = "ZHILI_TRUSTED_PROXY", value_delimiter = ',', value_parser = web::client::parse_net)]
        trusted_proxy: Vec<ipnet::IpNet>,
    },
    /// Load the demo zone into an empty database.
    Demo {
        #[command(flatten)]
        db: DbArg,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Copy the database while it is in use (SQLite; for PostgreSQL use pg_dump).
    Backup {
        #[command(flatten)]
        db: DbArg,
        /// The file to write.
        #[arg(long)]
        out: String,
    },
    /// Replace the database with a backup, after checking it (SQLite; for PostgreSQL use pg_restore).
    Restore {
        #[command(flatten)]
        db: DbArg,
        /// The backup file.
        #[arg(long)]
        from: String,
        /// Overwrite an existing database file.
        #[arg(long)]
        force: bool,
    },
    /// The audit chain.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Open311 GeoReport v2: API keys for programs that post requests.
    Open311 {
        #[command(subcommand)]
        command: Open311Command,
    },
    /// Measure and print: `core` (start-up, demo loading, hierarchy times), `intake` (reports
    /// over HTTP beside a bare insert server), `dashboard` (rates over millions of cases); all
    /// when none is named.
    Bench {
        /// `core`, `intake` or `dashboard`; all of them when left out.
        scenario: Option<String>,
        /// Requests per measured route (core, dashboard).
        #[arg(long, default_value_t = 500)]
        requests: usize,
        /// Concurrent clients (intake), one run for each: `--clients 1,64`.
        #[arg(long, value_delimiter = ',', default_values_t = [1, 64])]
        clients: Vec<usize>,
        /// Seconds each load runs (intake).
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Cases to make (dashboard), one run for each: `--cases 1000000,10000000`.
        #[arg(long, value_delimiter = ',', default_values_t = [1_000_000, 10_000_000])]
        cases: Vec<u64>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account with one role. The password comes from ZHILI_PASSWORD or standard input.
    Add {
        #[command(flatten)]
        db: DbArg,
        /// Login name.
        username: String,
        /// Name shown.
        #[arg(long)]
        name: String,
        /// admin, leader, department_staff, township_staff, village_staff or grid_staff.
        #[arg(long)]
        role: String,
        /// The division code of the unit where the role is held.
        #[arg(long)]
        unit: String,
        /// For grid staff: manager, assistant, police_liaison or supervisor.
        #[arg(long)]
        grid_role: Option<String>,
        /// For department staff: the department's kind (civil_affairs, supervision, …).
        #[arg(long)]
        department: Option<String>,
        /// Phone.
        #[arg(long)]
        phone: Option<String>,
    },
    /// Set a password. It comes from ZHILI_PASSWORD or standard input.
    Passwd {
        #[command(flatten)]
        db: DbArg,
        /// Login name.
        username: String,
    },
    /// Disable an account and end its sessions.
    Disable {
        #[command(flatten)]
        db: DbArg,
        /// Login name.
        username: String,
    },
}

#[derive(Subcommand)]
enum Open311Command {
    /// Keys.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Issue a key; the key is printed alone on the last line.
    Add {
        #[command(flatten)]
        db: DbArg,
        /// Who the key is for (FixMyStreet, the city app, …).
        name: String,
    },
    /// Revoke a key by id.
    Revoke {
        #[command(flatten)]
        db: DbArg,
        /// The key's id.
        id: i64,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check every link of the chain; exits non-zero naming the first bad row.
    Verify {
        #[command(flatten)]
        db: DbArg,
    },
}

/// Runs the command line and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ZHILI_LOG").unwrap_or_else(|_| "zhili=info,tower_http=warn,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match runtime.block_on(run(cli.command)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve { db, addr, demo, secure_cookies, sweep_seconds, connections, trusted_proxy } => {
            let proxies = web::client::TrustedProxies::new(trusted_proxy);
            serve(&db.database, &addr, demo, sweep_seconds, &connections, |db| AppState::new(db, secure_cookies).trusting(proxies)).await
        }
        Command::Demo { db } => {
            let db = Db::connect(&db.database).await?;
            let password = demo_password();
            let summary = crate::demo::load(&db, &password).await?;
            let cases = crate::demo::cases::load(&db).await?;
            print_demo(&summary, &password, &cases);
            Ok(ExitCode::SUCCESS)
        }
        Command::User { command } => user(command).await,
        Command::Backup { db, out } => backup::backup(&db.database, &out).await,
        Command::Restore { db, from, force } => backup::restore(&db.database, &from, force).await,
        Command::Audit { command: AuditCommand::Verify { db } } => {
            let db = Db::open(&db.database).await?;
            let verdict = audit::verify(&db).await?;
            match verdict.broken {
                None if verdict.sealed => {
                    println!("audit chain intact and sealed: {} rows, head sealed with {}", verdict.rows, db.seal.describe());
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    println!("audit chain links intact: {} rows; seals NOT checked, no key at {}", verdict.rows, db.seal.describe());
                    println!("without the key a cut tail cannot be told from a whole chain");
                    Ok(ExitCode::from(3))
                }
                Some((seq, why)) => {
                    println!("audit chain broken at row {seq}: {why} ({} rows before it are intact)", verdict.rows);
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Open311 { command: Open311Command::Key { command } } => {
            match command {
                KeyCommand::Add { db, name } => {
                    let db = Db::connect(&db.database).await?;
                    let (id, key) = crate::app::open311::add_key(&db, &Actor::system(), &name).await.map_err(explain)?;
                    println!("Open311 key {id} issued for {name}; it is shown this once:");
                    println!("{key}");
                }
                KeyCommand::Revoke { db, id } => {
                    let db = Db::connect(&db.database).await?;
                    crate::app::open311::revoke_key(&db, &Actor::system(), id).await.map_err(explain)?;
                    println!("Open311 key {id} revoked");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { scenario, requests, clients, seconds, cases } => {
            crate::bench::run(scenario.as_deref(), &crate::bench::Options { requests, clients, seconds, cases }).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn serve(
    database: &str,
    addr: &str,
    demo: bool,
    sweep_seconds: u64,
    connections: &ConnectionArgs,
    state: impl FnOnce(Db) -> AppState,
) -> anyhow::Result<ExitCode> {
    let db = Db::connect(database).await?;
    if demo && db.is_empty().await? {
        let password = demo_password();
        let summary = crate::demo::load(&db, &password).await?;
        let cases = crate::demo::cases::load(&db).await?;
        print_demo(&summary, &password, &cases);
    } else if demo {
        println!("demo: the database already holds a zone; the demo accounts keep the password they were given");
    }
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    let metrics = connections.start_metrics().await?;
    println!("zhili listening on http://{local}/ (database {})", crate::store::redact(database));
    // Named by address and process, so the claims in `scheduled_jobs` say which server swept.
    let holder = format!("{local}#{}", std::process::id());
    tokio::spawn(crate::app::schedule::sweep_forever(db.clone(), holder, std::time::Duration::from_secs(sweep_seconds.max(1))));
    web::serve_within(listener, state(db), connections.limits(), serving::shutdown_signal()).await?;
    metrics.inspect(|m| m.abort());
    println!("zhili stopped");
    Ok(ExitCode::SUCCESS)
}

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("ZHILI_PASSWORD") {
        return Ok(p);
    }
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

/// Says what a use-case refused, for the terminal.
fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(fields) => {
            let lang = crate::web::i18n::Lang::En;
            let text: Vec<String> = fields.iter().map(|f| format!("{}: {}", f.field, lang.t_args(f.key, &f.args))).collect();
            anyhow::anyhow!("{}", text.join("; "))
        }
        AppError::NotFound => anyhow::anyhow!("no such user or unit"),
        other => anyhow::Error::new(other),
    }
}

async fn user(command: UserCommand) -> anyhow::Result<ExitCode> {
    let system = Actor::system();
    match command {
        UserCommand::Add { db, username, name, role, unit, grid_role, department, phone } => {
            let db = Db::connect(&db.database).await?;
            let role: Role = role.parse().map_err(|_| anyhow::anyhow!("unknown role {role}"))?;
            let unit_id: i64 = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
                .bind(&unit)
                .fetch_optional(&db.pool)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no unit has the code {unit}"))?;
            let grid_role: Option<GridRole> = match grid_role {
                Some(g) => Some(g.parse().map_err(|_| anyhow::anyhow!("unknown grid role {g}"))?),
                None => None,
            };
            let department_id: Option<i64> = match department {
                Some(kind) => Some(
                    sqlx::query_scalar("SELECT id FROM departments WHERE kind = $1")
                        .bind(&kind)
                        .fetch_optional(&db.pool)
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("no department of kind {kind}"))?,
                ),
                None => None,
            };
            let input = users::UserInput {
                username,
                display_name: name,
                phone,
                password: read_password()?,
                roles: vec![Grant { role, unit_id, department_id, grid_role }],
            };
            let view = users::create(&db, &system, input).await.map_err(explain)?;
            println!("added {} (id {})", view.user.username, view.user.id);
        }
        UserCommand::Passwd { db, username } => {
            let db = Db::connect(&db.database).await?;
            let id = users::id_by_username(&db, &username).await.map_err(explain)?;
            users::set_password(&db, &system, id, read_password()?).await.map_err(explain)?;
            println!("password set for {username}");
        }
        UserCommand::Disable { db, username } => {
            let db = Db::connect(&db.database).await?;
            let id = users::id_by_username(&db, &username).await.map_err(explain)?;
            users::set_disabled(&db, &system, id, true).await.map_err(explain)?;
            println!("{username} disabled");
        }
    }
    Ok(ExitCode::SUCCESS)
}
