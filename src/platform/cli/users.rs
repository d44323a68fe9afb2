//! `zhili user`: accounts from the command line, as the system, through the users' use-cases.

use super::{DbArg, explain};
use crate::platform::access::actor::Actor;
use crate::platform::access::role::{Grant, GridRole, Role};
use crate::platform::db::Db;
use clap::Subcommand;
use std::io::Read;
use std::process::ExitCode;

#[derive(Subcommand)]
pub(super) enum UserCommand {
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

fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("ZHILI_PASSWORD") {
        return Ok(p);
    }
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

pub(super) async fn user(
    command: UserCommand,
    capabilities: crate::platform::capability::Capabilities,
) -> anyhow::Result<ExitCode> {
    let system = Actor::system();
    match command {
        UserCommand::Add { db, username, name, role, unit, grid_role, department, phone } => {
            let db = Db::connect(&db.database, capabilities).await?;
            let role: Role = role.parse().map_err(|_| anyhow::anyhow!("unknown role {role}"))?;
            let unit_id = crate::platform::hierarchy::store::unit_with_code(&db.pool, &unit)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no unit has the code {unit}"))?;
            let grid_role: Option<GridRole> = match grid_role {
                Some(g) => Some(g.parse().map_err(|_| anyhow::anyhow!("unknown grid role {g}"))?),
                None => None,
            };
            let department_id: Option<i64> = match department {
                Some(kind) => Some(
                    crate::platform::hierarchy::store::department_of_kind(&db.pool, &kind)
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("no department of kind {kind}"))?,
                ),
                None => None,
            };
            let input = crate::platform::users::services::UserInput {
                username,
                display_name: name,
                phone,
                password: read_password()?,
                roles: vec![Grant { role, unit_id, department_id, grid_role }],
            };
            let view = crate::platform::users::services::create(&db, &system, input)
                .await
                .map_err(explain)?;
            println!("added {} (id {})", view.user.username, view.user.id);
        }
        UserCommand::Passwd { db, username } => {
            let db = Db::connect(&db.database, capabilities).await?;
            let id = crate::platform::users::services::id_by_username(&db, &username)
                .await
                .map_err(explain)?;
            crate::platform::users::services::set_password(&db, &system, id, read_password()?)
                .await
                .map_err(explain)?;
            println!("password set for {username}");
        }
        UserCommand::Disable { db, username } => {
            let db = Db::connect(&db.database, capabilities).await?;
            let id = crate::platform::users::services::id_by_username(&db, &username)
                .await
                .map_err(explain)?;
            crate::platform::users::services::set_disabled(&db, &system, id, true)
                .await
                .map_err(explain)?;
            println!("{username} disabled");
        }
    }
    Ok(ExitCode::SUCCESS)
}
