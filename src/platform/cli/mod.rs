//! The command line: `serve`, `demo`, `user`, `backup`, `restore`, `audit verify`, `bench`.

pub mod backup;
pub mod demo_banner;
pub mod progress;
pub mod serving;
mod users;

use crate::platform::service::AppError;

use crate::platform::db::Db;
use crate::platform::web::AppState;
use anyhow::Context;
use clap::Subcommand;
use std::process::ExitCode;

use crate::platform::cli::demo_banner::demo_password;
use crate::platform::cli::demo_banner::print_demo;
use crate::platform::cli::serving::ConnectionArgs;
use crate::platform::cli::users::{UserCommand, user};

/// The default database: an SQLite file in `./zhili-data/`, made on first run.
pub const DEFAULT_DATABASE: &str = "sqlite://zhili-data/zhili.db";

#[derive(clap::Parser)]
#[command(name = "zhili", version, about = "zhili (治理): the zone's governance platform")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the database is, for every command that opens one.
#[derive(clap::Args, Clone)]
pub struct DbArg {
    /// The database: sqlite://FILE or postgres://USER@HOST/NAME.
    #[arg(long, env = "ZHILI_DATABASE", default_value = DEFAULT_DATABASE)]
    pub database: String,
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
        #[arg(long = "trusted-proxy", env = "ZHILI_TRUSTED_PROXY", value_delimiter = ',', value_parser = crate::platform::web::client::parse_net)]
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
    /// The data key that seals ID numbers and phones.
    DataKey {
        #[command(subcommand)]
        command: DataKeyCommand,
    },
    /// Measure and print: `core` (start-up, demo loading, hierarchy times), `intake` (reports
    /// over HTTP beside a bare insert server, by unit and by point), `dashboard` (rates over
    /// millions of cases), `registry` (imports of people from CSV and xlsx beside a bare insert,
    /// searches); all when none is named.
    Bench {
        /// `core`, `intake`, `dashboard` or `registry`; all of them when left out.
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
        /// People to import from CSV (registry).
        #[arg(long, default_value_t = 1_000_000)]
        people: u64,
        /// People to import from xlsx (registry).
        #[arg(long, default_value_t = 100_000)]
        xlsx_people: u64,
    },
}

#[derive(Subcommand)]
enum DataKeyCommand {
    /// Add a new version of the key and seal every value and blind index again under it, in one
    /// transaction; the old versions stay in the key file to open older backups. Stop every
    /// server first.
    Rotate {
        #[command(flatten)]
        db: DbArg,
        /// Rotate even though a server ran a scheduled job in the last ten minutes.
        #[arg(long)]
        force: bool,
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
pub fn main(capabilities: crate::platform::capability::Capabilities) -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let command = capabilities
        .iter()
        .flat_map(|c| (c.commands)())
        .fold(Cli::command(), |all, one| all.subcommand(one));
    let matches = command.get_matches();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ZHILI_LOG")
                .unwrap_or_else(|_| "zhili=info,tower_http=warn,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let outcome = runtime.block_on(async {
        let (name, sub) = matches.subcommand().expect("a subcommand is required");
        let owner =
            capabilities.iter().find(|c| (c.commands)().iter().any(|one| one.get_name() == name));
        match owner {
            Some(c) => (c.run)(name, sub, capabilities).await,
            None => run(Cli::from_arg_matches(&matches)?.command, capabilities).await,
        }
    });
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(
    command: Command,
    capabilities: crate::platform::capability::Capabilities,
) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve {
            db,
            addr,
            demo,
            secure_cookies,
            sweep_seconds,
            connections,
            trusted_proxy,
        } => {
            let proxies = crate::platform::web::client::TrustedProxies::new(trusted_proxy);
            serve(&db.database, capabilities, &addr, demo, sweep_seconds, &connections, |db| {
                AppState::new(db, capabilities, secure_cookies).trusting(proxies)
            })
            .await
        }
        Command::Demo { db } => {
            let db = Db::connect(&db.database, capabilities).await?;
            let password = demo_password();
            let (summary, lines) =
                crate::platform::demo::load_all(&db, &password, capabilities).await?;
            print_demo(&summary, &password, &lines);
            Ok(ExitCode::SUCCESS)
        }
        Command::User { command } => user(command, capabilities).await,
        Command::Backup { db, out } => {
            crate::platform::cli::backup::backup(&db.database, &out, capabilities).await
        }
        Command::Restore { db, from, force } => {
            crate::platform::cli::backup::restore(&db.database, &from, force, capabilities).await
        }
        Command::DataKey { command: DataKeyCommand::Rotate { db, force } } => {
            let db = Db::connect(&db.database, capabilities).await?;
            let done = crate::platform::vault::rotate::rotate(&db, capabilities, force).await?;
            println!(
                "data key rotated to version {}: {} values in {} columns sealed again; the key file {} keeps the old versions for older backups",
                done.version,
                done.values,
                done.columns,
                db.vault.describe()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit { command: AuditCommand::Verify { db } } => {
            let db = Db::open(&db.database, capabilities).await?;
            let verdict = crate::platform::audit::verify(&db).await?;
            match verdict.broken {
                None if verdict.sealed => {
                    println!(
                        "audit chain intact and sealed: {} rows, head sealed with {}",
                        verdict.rows,
                        db.seal.describe()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    println!(
                        "audit chain links intact: {} rows; seals NOT checked, no key at {}",
                        verdict.rows,
                        db.seal.describe()
                    );
                    println!("without the key a cut tail cannot be told from a whole chain");
                    Ok(ExitCode::from(3))
                }
                Some((seq, why)) => {
                    println!(
                        "audit chain broken at row {seq}: {why} ({} rows before it are intact)",
                        verdict.rows
                    );
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Bench { scenario, requests, clients, seconds, cases, people, xlsx_people } => {
            crate::platform::bench::run(
                scenario.as_deref(),
                &crate::platform::bench::Options {
                    requests,
                    clients,
                    seconds,
                    cases,
                    people,
                    xlsx_people,
                },
                capabilities,
            )
            .await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn serve(
    database: &str,
    capabilities: crate::platform::capability::Capabilities,
    addr: &str,
    demo: bool,
    sweep_seconds: u64,
    connections: &ConnectionArgs,
    state: impl FnOnce(Db) -> AppState,
) -> anyhow::Result<ExitCode> {
    let db = Db::connect(database, capabilities).await?;
    if demo && db.is_empty().await? {
        let password = demo_password();
        let (summary, lines) =
            crate::platform::demo::load_all(&db, &password, capabilities).await?;
        print_demo(&summary, &password, &lines);
    } else if demo {
        println!(
            "demo: the database already holds a zone; the demo accounts keep the password they were given"
        );
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    let metrics = connections.start_metrics().await?;
    println!(
        "zhili listening on http://{local}/ (database {})",
        crate::platform::db::redact(database)
    );
    // Named by address and process, so the claims in `scheduled_jobs` say which server swept.
    let holder = format!("{local}#{}", std::process::id());
    tokio::spawn(crate::platform::schedule::run_forever(
        db.clone(),
        capabilities,
        holder,
        std::time::Duration::from_secs(sweep_seconds.max(1)),
    ));
    crate::platform::web::serve_within(
        listener,
        state(db),
        connections.limits(),
        crate::platform::cli::serving::shutdown_signal(),
    )
    .await?;
    metrics.inspect(|m| m.abort());
    println!("zhili stopped");
    Ok(ExitCode::SUCCESS)
}

/// Says what a use-case refused, for the terminal.
pub fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(fields) => {
            let lang = crate::platform::i18n::Lang::En;
            let text: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, lang.t_args(f.key, &f.args)))
                .collect();
            anyhow::anyhow!("{}", text.join("; "))
        }
        AppError::NotFound => anyhow::anyhow!("no such user or unit"),
        other => anyhow::Error::new(other),
    }
}
