//! The command line of the registry: `zhili import KIND FILE [--partial]` (people, households,
//! places, facilities, organisations, the details of people and the special populations), streamed from the
//! file with a progress bar (rows, rows a second, time left). It exits 0 when every row went in;
//! with a bad row it writes the row report beside the file, prints its path and exits 1, having
//! imported nothing unless `--partial` was given.

use crate::platform::access::actor::Actor;
use crate::platform::capability::{Capabilities, Work};
use crate::platform::cli::progress::Progress;
use crate::platform::cli::{DbArg, explain};
use crate::platform::db::Db;
use crate::registry::services::import::{Mode, Source};
use crate::registry::services::record_import::RecordSource;
use clap::{CommandFactory, FromArgMatches, Parser};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Import a sheet (xlsx or CSV, UTF-8 or GBK) into the grid registry.
#[derive(Parser)]
#[command(name = "import")]
struct Import {
    #[command(flatten)]
    db: DbArg,
    /// What the sheet holds: people, or a record kind (households, places, facilities,
    /// organisations, floating, left_behind, released, correction, mental, drug, youth).
    #[arg(value_parser = kinds())]
    kind: String,
    /// The file, with the columns of the template (`/registry/KIND/template.xlsx`).
    file: PathBuf,
    /// Import the good rows and report the bad; by default one bad row imports nothing.
    #[arg(long)]
    partial: bool,
}

/// What a sheet may hold.
fn kinds() -> clap::builder::PossibleValuesParser {
    let mut names = vec!["people"];
    names.extend(crate::registry::domain::kinds::ALL.iter().map(|k| k.name));
    clap::builder::PossibleValuesParser::new(names)
}

/// The subcommands this capability adds.
pub fn commands() -> Vec<clap::Command> {
    vec![Import::command()]
}

/// Rows of a CSV file, counted by its line ends (for the bar; an xlsx is not counted).
fn lines(path: &Path) -> Option<u64> {
    let file = std::fs::File::open(path).ok()?;
    let mut head = [0u8; 4];
    std::io::Read::read(&mut std::fs::File::open(path).ok()?, &mut head).ok()?;
    if head.starts_with(b"PK") {
        return None;
    }
    let reader = std::io::BufReader::with_capacity(1 << 16, file);
    Some(reader.split(b'\n').count().saturating_sub(1) as u64)
}

/// Runs `zhili import`.
pub fn run<'a>(
    _name: &'a str,
    matches: &'a clap::ArgMatches,
    capabilities: Capabilities,
) -> Work<'a, ExitCode> {
    Box::pin(async move {
        let Import { db, kind, file, partial } = Import::from_arg_matches(matches)?;
        let kind = crate::registry::domain::kinds::by_name(&kind);
        let db = Db::connect(&db.database, capabilities).await?;
        let rows = crate::platform::sheet::stream::of_file(&file)?;
        let bar = match lines(&file) {
            Some(n) => Progress::rows(n, "rows"),
            None => Progress::spinner("rows"),
        };
        let mode = if partial { Mode::Partial } else { Mode::AllOrNothing };
        let shown = bar.clone();
        let heard = &mut move |n: usize| shown.set(n as u64);
        let actor = Actor::system();
        let report = match kind {
            None => {
                crate::registry::services::import::people(
                    &db,
                    &actor,
                    Source::Rows(rows),
                    mode,
                    heard,
                )
                .await
            }
            Some(kind) => {
                let rows = RecordSource::Rows(rows);
                crate::registry::services::record_import::import(
                    &db, &actor, kind, rows, mode, heard,
                )
                .await
            }
        }
        .map_err(explain)?;
        bar.finish();
        println!(
            "{} rows: {} added, {} changed, {} unchanged, {} bad{}",
            report.rows,
            report.added,
            report.changed,
            report.unchanged,
            report.bad_rows.len(),
            if report.committed { "" } else { "; nothing imported" }
        );
        if report.errors.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        let lang = crate::platform::i18n::Lang::Zh;
        let out = file.with_extension("errors.xlsx");
        let bytes = crate::registry::services::template::report_sheet(&report, lang)
            .map_err(|e| anyhow::anyhow!("cannot write the row report: {e}"))?;
        // The report holds the bad rows whole: readable by its owner only, as the key files are.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        std::io::Write::write_all(&mut options.open(&out)?, &bytes)?;
        for e in report.errors.iter().take(20) {
            println!("row {} {}: {}", e.row, e.column, lang.t_args(e.error.key, &e.error.args));
        }
        println!("the row report: {}", out.display());
        Ok(ExitCode::FAILURE)
    })
}
