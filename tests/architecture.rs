//! Dependencies run one way: platform ← registry ← {cases, projects, enterprises, welfare} ←
//! supervision, and supervision reads the others only through the platform's indicators. This
//! reads every `crate::…` path in src/ and fails on an edge the table does not allow, on a folder
//! the table does not know, and on the platform naming a capability. SQL lives in stores: a file
//! outside them that holds SQL fails too, unless it is on a list that only shrinks.

use std::collections::BTreeSet;
use std::path::Path;

/// Each part of src/ and the parts it may use besides itself.
const ALLOWED: &[(&str, &[&str])] = &[
    ("platform", &[]),
    ("registry", &["platform"]),
    ("cases", &["platform", "registry"]),
    ("projects", &["platform", "registry"]),
    ("enterprises", &["platform", "registry"]),
    ("welfare", &["platform", "registry"]),
    ("supervision", &["platform", "registry"]),
];

/// The part a file of src/ belongs to: its first folder, or `root` for lib.rs and main.rs.
fn part_of(relative: &Path) -> String {
    let mut parts = relative.components();
    let first =
        parts.next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    if parts.next().is_none() { "root".into() } else { first }
}

/// The parts a source text names through `crate::PART`, comments left out.
fn named_parts(source: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().last();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let name: String =
                rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            named.insert(name);
        }
    }
    named
}

/// The edges of one file that the table refuses, as messages.
fn refused(part: &str, file: &str, source: &str) -> Vec<String> {
    if part == "root" {
        return Vec::new();
    }
    let Some((_, may)) = ALLOWED.iter().find(|(p, _)| *p == part) else {
        return vec![format!(
            "{file}: the folder src/{part}/ is not in the table of allowed dependencies"
        )];
    };
    let known: Vec<&str> = ALLOWED.iter().map(|(p, _)| *p).collect();
    named_parts(source)
        .into_iter()
        .filter(|name| {
            name != part && known.contains(&name.as_str()) && !may.contains(&name.as_str())
        })
        .map(|name| format!("{file}: src/{part}/ may not use crate::{name}"))
        .chain(
            named_parts(source)
                .into_iter()
                .filter(|n| n == "CAPABILITIES")
                .map(|_| format!("{file}: only the root names the list")),
        )
        .collect()
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Files outside the stores that still hold SQL, each waiting to move into its part's store.
/// This list only shrinks: a file on it that no longer holds SQL fails the test until it is taken
/// off, and nothing is added. An entry ending in `/` stands for every file of that folder. It is
/// empty now: all of zhili's SQL lives in stores.
const SQL_ALLOWED: &[&str] = &[];

/// Whether a file of src/ may hold SQL: a store (a file named `store.rs` or `…_store.rs`, or any
/// file in a folder named `store/`), the database's own helpers (`platform/db/`), or a migration.
fn is_store(relative: &str) -> bool {
    let file = relative.rsplit('/').next().unwrap_or(relative);
    file == "store.rs"
        || file.ends_with("_store.rs")
        || relative
            .split('/')
            .rev()
            .skip(1)
            .any(|folder| folder == "store" || folder == "migrations")
        || relative.starts_with("platform/db/")
}

/// Whether a source text holds SQL: a call of sqlx's query functions, or a string literal that
/// starts a statement (SELECT, INSERT, UPDATE, DELETE, WITH, in any case, also after a `\`
/// line continuation); comments left out.
fn holds_sql(source: &str) -> bool {
    let word_before = |code: &str, at: usize| {
        code[..at].chars().last().is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    let code: String = source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        // A trailing comment, but not the `//` of a URL in a string.
        .map(|line| {
            line.match_indices("//")
                .find(|(at, _)| !line[..*at].ends_with(':'))
                .map_or(line, |(at, _)| &line[..at])
        })
        .collect::<Vec<_>>()
        .join("\n");
    let calls = [
        "sqlx::query",
        "sqlx::raw_sql",
        "AssertSqlSafe",
        "query_as(",
        "query_as::<",
        "query_scalar(",
        "query_scalar::<",
    ];
    let called = calls.iter().any(|call| {
        code.match_indices(call).any(|(at, _)| call.contains("::") || !word_before(&code, at))
    });
    let statement = code.match_indices('"').any(|(at, _)| {
        let text = code[at + 1..].trim_start_matches(|c: char| c.is_whitespace() || c == '\\');
        let word: String = text.chars().take_while(char::is_ascii_alphabetic).collect();
        let rest = &text[word.len()..];
        let upper = word.to_ascii_uppercase();
        ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"].contains(&upper.as_str())
            && (rest.starts_with(char::is_whitespace) || (word == upper && rest.starts_with('"')))
    });
    called || statement
}

/// What is wrong with where SQL lives, given each file of src/ (relative path, text) and the
/// allow-list: SQL outside the stores and off the list, and entries of the list that hold none.
fn misplaced_sql(files: &[(String, String)], allowed: &[&str]) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for (relative, source) in files {
        if is_store(relative) || !holds_sql(source) {
            continue;
        }
        match allowed.iter().find(|entry| {
            *entry == relative || (entry.ends_with('/') && relative.starts_with(**entry))
        }) {
            Some(entry) => {
                used.insert(entry);
            }
            None => wrong
                .push(format!("{relative}: SQL outside the stores; move it into its part's store")),
        }
    }
    for entry in allowed.iter().filter(|entry| !used.contains(**entry)) {
        wrong.push(format!(
            "{entry}: holds no SQL any more; take it off SQL_ALLOWED, which only shrinks"
        ));
    }
    wrong
}

#[test]
fn sql_lives_in_stores() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    sources(&src, &mut paths);
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|file| {
            (
                file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/"),
                std::fs::read_to_string(file).unwrap(),
            )
        })
        .collect();
    let wrong = misplaced_sql(&files, SQL_ALLOWED);
    assert!(wrong.is_empty(), "SQL lives in stores:\n{}", wrong.join("\n"));
}

#[test]
fn the_sql_check_sees_a_query_and_knows_a_store() {
    assert!(holds_sql(
        "let n: i64 = sqlx::query_scalar(\"SELECT COUNT(*) FROM cases\").fetch_one(pool).await?;"
    ));
    assert!(holds_sql("    query_as::<_, Row>(&sql)"));
    assert!(holds_sql("let sql = format!(\n    \"UPDATE cases SET state = $1\");"));
    assert!(holds_sql("const Q: &str = \"DELETE FROM sessions\";"));
    assert!(!holds_sql("/// SELECT the rows with sqlx::query\n// INSERT, in a comment"));
    assert!(!holds_sql(
        "let key = \"Selected\"; let label = \"UPDATED\"; my_query_as(x); // sqlx::query"
    ));
    assert!(!holds_sql("let url = \"https://example.org/a\"; let x = 1;"));
    assert!(holds_sql("let url = \"https://example.org\"; sqlx::query(\"x\")"));
    assert!(holds_sql("let q = \"\\\n    select id from units\";"));
    assert!(holds_sql("let q = \"WITH RECURSIVE s(n) AS (SELECT 0)\";"));
    assert!(holds_sql("raw(sqlx::raw_sql(text))"));
    assert!(!holds_sql("let label = \"update\"; let hint = \"Selected\";"));
    for store in [
        "cases/store/mod.rs",
        "cases/store/cases.rs",
        "platform/calendar/store.rs",
        "platform/users/auth_store.rs",
        "platform/db/jobs.rs",
    ] {
        assert!(is_store(store), "{store}");
    }
    for other in [
        "cases/services/mod.rs",
        "platform/web/mod.rs",
        "platform/storefront.rs",
        "cases/restore.rs",
    ] {
        assert!(!is_store(other), "{other}");
    }
    let file = |path: &str, text: &str| (path.to_string(), text.to_string());
    let query = "sqlx::query(\"DELETE FROM t\")";
    let files = [
        file("cases/store/t.rs", query),
        file("cases/services/a.rs", query),
        file("cases/services/b.rs", ""),
    ];
    assert_eq!(
        misplaced_sql(&files, &["cases/services/"]),
        Vec::<String>::new(),
        "a folder's entry covers its files"
    );
    assert_eq!(
        misplaced_sql(&files, &["cases/services/b.rs", "cases/pages/x.rs"]),
        [
            "cases/services/a.rs: SQL outside the stores; move it into its part's store",
            "cases/services/b.rs: holds no SQL any more; take it off SQL_ALLOWED, which only shrinks",
            "cases/pages/x.rs: holds no SQL any more; take it off SQL_ALLOWED, which only shrinks",
        ]
    );
}

#[test]
fn dependencies_run_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    assert!(files.len() > 50, "read the source tree");
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let source = std::fs::read_to_string(file).unwrap();
        wrong.extend(refused(&part_of(relative), &relative.display().to_string(), &source));
    }
    assert!(wrong.is_empty(), "imports against the direction:\n{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_a_wrong_edge() {
    let welfare_using_supervision =
        "use crate::supervision::tasks::Task;\nfn f() { crate::platform::db::now(); }";
    assert_eq!(
        refused("welfare", "welfare/x.rs", welfare_using_supervision),
        ["welfare/x.rs: src/welfare/ may not use crate::supervision"]
    );
    assert_eq!(
        refused("platform", "platform/x.rs", "let x = crate::cases::store::list();"),
        ["platform/x.rs: src/platform/ may not use crate::cases"]
    );
    assert_eq!(
        refused("cases", "cases/x.rs", "// crate::welfare in a comment\nuse zhili_crate::welfare;"),
        Vec::<String>::new()
    );
    assert_eq!(refused("market", "market/x.rs", "").len(), 1, "an unknown folder");
    assert_eq!(part_of(Path::new("lib.rs")), "root");
    assert_eq!(part_of(Path::new("cases/store/mod.rs")), "cases");
}

/// Whether a file of src/ is a handler: anything under a part's `api/` or `pages/` folder.
fn is_handler(relative: &Path) -> bool {
    let parts: Vec<String> =
        relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let (file, folders) = parts.split_last().expect("a file");
    let stem = file.trim_end_matches(".rs");
    folders.iter().any(|f| matches!(f.as_str(), "api" | "pages" | "web"))
        || ["api", "pages"].iter().any(|h| stem == *h || stem.ends_with(&format!("_{h}")))
}

/// The lines (from 1) of a source text that name a store, comments left out: handlers reach
/// what is stored through the use-cases, which check who asks.
fn store_lines(source: &str) -> Vec<usize> {
    // A path segment `store` or `…_store`, followed by `::`, ` as`, `;`, `,` or `}`.
    let names_store = |code: &str| {
        let ident = |c: char| c.is_alphanumeric() || c == '_';
        code.match_indices("store").any(|(at, _)| {
            let start = code[..at].rfind(|c: char| !ident(c)).map_or(0, |i| i + 1);
            let name = &code[start..at + "store".len()];
            let rest = &code[at + "store".len()..];
            (name == "store" || name.ends_with("_store"))
                && ["::", " as ", ";", ",", "}"].iter().any(|next| rest.starts_with(next))
        })
    };
    source
        .lines()
        .enumerate()
        .filter(|(_, line)| names_store(line.split("//").next().unwrap_or("")))
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn handlers_call_only_services() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut read = 0;
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        if !is_handler(relative) {
            continue;
        }
        read += 1;
        let source = std::fs::read_to_string(file).unwrap();
        wrong.extend(
            store_lines(&source).into_iter().map(|line| format!("{}:{line}", relative.display())),
        );
    }
    assert!(read > 20, "read the handlers ({read} files)");
    assert!(
        wrong.is_empty(),
        "handlers that name a store instead of a service:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_handler_check_sees_a_store() {
    let sample = "use crate::cases::store::CaseRow;\n// store::events in a comment\nlet x = restore::all();\nlet r = crate::platform::hierarchy::store::name_of(p, 1);";
    assert_eq!(store_lines(sample), [1, 4]);
    assert_eq!(
        store_lines(
            "use crate::cases::store as s;\nuse crate::cases::{services, store};\nauth_store::find(x)"
        ),
        [1, 2, 3]
    );
    assert!(store_lines("use crate::cases::services::rows::CaseRow;").is_empty());
    assert!(
        is_handler(Path::new("cases/api/open311/answers.rs"))
            && is_handler(Path::new("cases/pages/map.rs"))
    );
    assert!(
        is_handler(Path::new("platform/hierarchy/api.rs"))
            && is_handler(Path::new("platform/users/pages.rs"))
            && is_handler(Path::new("platform/web/home.rs"))
    );
    assert!(
        !is_handler(Path::new("cases/services/rows.rs"))
            && !is_handler(Path::new("platform/hierarchy/store.rs"))
    );
}

#[path = "architecture/small_files.rs"]
mod small_files;
