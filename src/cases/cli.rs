//! The command line of grid events: `zhili open311 key add NAME` and `… revoke ID`.

use crate::platform::access::actor::Actor;
use crate::platform::capability::{Capabilities, Work};
use crate::platform::cli::{DbArg, explain};
use crate::platform::db::Db;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

/// Open311 GeoReport v2: API keys for programs that post requests.
#[derive(Parser)]
#[command(name = "open311")]
struct Open311 {
    #[command(subcommand)]
    command: Open311Command,
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

/// The subcommands this capability adds.
pub fn commands() -> Vec<clap::Command> {
    vec![Open311::command()]
}

/// Runs one of them.
pub fn run<'a>(
    _name: &'a str,
    matches: &'a clap::ArgMatches,
    capabilities: Capabilities,
) -> Work<'a, ExitCode> {
    Box::pin(async move {
        let Open311 { command: Open311Command::Key { command } } =
            Open311::from_arg_matches(matches)?;
        match command {
            KeyCommand::Add { db, name } => {
                let db = Db::connect(&db.database, capabilities).await?;
                let (id, key) =
                    crate::cases::services::open311::add_key(&db, &Actor::system(), &name)
                        .await
                        .map_err(explain)?;
                println!("Open311 key {id} issued for {name}; it is shown this once:");
                println!("{key}");
            }
            KeyCommand::Revoke { db, id } => {
                let db = Db::connect(&db.database, capabilities).await?;
                crate::cases::services::open311::revoke_key(&db, &Actor::system(), id)
                    .await
                    .map_err(explain)?;
                println!("Open311 key {id} revoked");
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}
