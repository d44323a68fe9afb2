//! The audit chain's seal: a key the database does not hold, with which every row's hash and the
//! chain's head are signed (HMAC-SHA256). Hashes alone can be recomputed by anyone who can write
//! to the database; a deleted tail and a rewritten head, or a rewritten row and every hash after
//! it, would verify. With the seal they do not, unless the key is taken too.
//!
//! The key comes from `ZHILI_AUDIT_KEY` (64 hex digits), or else from a file: `ZHILI_AUDIT_KEY_FILE`,
//! or `audit.key` beside an SQLite database, or `zhili-data/audit.key` for PostgreSQL. A file is
//! made (mode 0600) only while the chain is not yet sealed; once it is, a server without its key
//! refuses to start rather than seal on with another.

use anyhow::{Context, bail};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::path::{Path, PathBuf};

/// Where the key was found, or would be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// The `ZHILI_AUDIT_KEY` environment variable.
    Environment,
    /// A file.
    File(PathBuf),
}

/// The seal's key, or why there is none.
#[derive(Clone)]
pub struct Seal {
    key: Option<[u8; 32]>,
    /// Where the key is kept.
    pub source: KeySource,
}

impl std::fmt::Debug for Seal {
    // The key itself never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Seal")
            .field("keyed", &self.key.is_some())
            .field("source", &self.source)
            .finish()
    }
}

impl Seal {
    /// Finds the key for the database at `url` without making one.
    pub fn find(url: &str) -> anyhow::Result<Seal> {
        if let Ok(hex_key) = std::env::var("ZHILI_AUDIT_KEY") {
            return Ok(Seal {
                key: Some(parse_key(&hex_key).context("ZHILI_AUDIT_KEY")?),
                source: KeySource::Environment,
            });
        }
        let path = key_path(url);
        let key = match std::fs::read_to_string(&path) {
            Ok(text) => Some(
                parse_key(&text).with_context(|| format!("the audit key {}", path.display()))?,
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot read the audit key {}", path.display()));
            }
        };
        Ok(Seal { key, source: KeySource::File(path) })
    }

    /// A seal with a key in hand (tests, a copy checked with its own key file).
    pub fn with_key(key: [u8; 32], source: KeySource) -> Seal {
        Seal { key: Some(key), source }
    }

    /// Makes a fresh key in the key file, for a chain not yet sealed; when another process made
    /// one first (servers starting together, databases sharing a folder), takes that one.
    pub fn create(&mut self) -> anyhow::Result<()> {
        let KeySource::File(path) = &self.source else {
            bail!("ZHILI_AUDIT_KEY is set but unreadable")
        };
        let mut key = [0u8; 32];
        rand::fill(&mut key[..]);
        if write_key(path, &key)? {
            tracing::info!(file = %path.display(), "made a new audit key: keep a copy of it apart from the database's backups");
            self.key = Some(key);
        } else {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the audit key {}", path.display()))?;
            self.key = Some(parse_key(&text)?);
        }
        Ok(())
    }

    /// Whether the key is at hand.
    pub fn is_keyed(&self) -> bool {
        self.key.is_some()
    }

    /// The key, to copy beside a backup.
    pub fn key(&self) -> Option<&[u8; 32]> {
        self.key.as_ref()
    }

    /// Where the key is, for messages.
    pub fn describe(&self) -> String {
        match &self.source {
            KeySource::Environment => "ZHILI_AUDIT_KEY".into(),
            KeySource::File(path) => path.display().to_string(),
        }
    }

    /// The seal of a row's hash; empty without a key.
    pub fn row(&self, hash: &str) -> String {
        self.sign(&format!("row\n{hash}"))
    }

    /// The seal of the head: how long the chain is, where it ends, and from which row it is sealed.
    pub fn head(&self, seq: i64, hash: &str, sealed_from: i64) -> String {
        self.sign(&format!("head\n{seq}\n{hash}\n{sealed_from}"))
    }

    fn sign(&self, text: &str) -> String {
        let Some(key) = &self.key else { return String::new() };
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
        mac.update(text.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// The key file for a database URL when `ZHILI_AUDIT_KEY_FILE` does not name one.
fn key_path(url: &str) -> PathBuf {
    key_file(url, "ZHILI_AUDIT_KEY_FILE", "audit.key")
}

/// A key file named by the variable `env`, or else `name` beside an SQLite database, or in
/// `zhili-data/` for PostgreSQL: the data folder, never the database.
pub fn key_file(url: &str, env: &str, name: &str) -> PathBuf {
    if let Ok(file) = std::env::var(env) {
        return PathBuf::from(file);
    }
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"));
    match rest.map(|r| r.split('?').next().unwrap_or(r)) {
        Some(file) if file != ":memory:" => Path::new(file).with_file_name(name),
        _ => Path::new("zhili-data").join(name),
    }
}

fn parse_key(text: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = hex::decode(text.trim()).context("the audit key is not hex")?;
    bytes.try_into().map_err(|_| anyhow::anyhow!("the audit key is not 32 bytes (64 hex digits)"))
}

/// Writes a key file readable by its owner only; false when the file exists already. The key is
/// written whole to a file of its own and then linked into place, so nobody reads half a key.
pub fn write_key(path: &Path, key: &[u8; 32]) -> anyhow::Result<bool> {
    write_key_text(path, &format!("{}\n", hex::encode(key)), &hex::encode(&key[..4]))
}

/// Writes a key file's text as [`write_key`] does (the data key's file holds several keys);
/// `tag` names the staging file apart from another process's.
pub fn write_key_text(path: &Path, text: &str, tag: &str) -> anyhow::Result<bool> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let staging = path.with_extension(format!("new-{tag}"));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&staging)
        .with_context(|| format!("cannot make the key {}", staging.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    let linked = std::fs::hard_link(&staging, path);
    let _ = std::fs::remove_file(&staging);
    match linked {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e).with_context(|| format!("cannot make the key {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_file_sits_beside_an_sqlite_database() {
        assert_eq!(key_path("sqlite://data/z.db?mode=rwc"), PathBuf::from("data/audit.key"));
        assert_eq!(key_path("postgres://db/z"), PathBuf::from("zhili-data/audit.key"));
    }

    #[test]
    fn seals_depend_on_the_key_and_on_what_they_cover() {
        let a = Seal::with_key([1; 32], KeySource::Environment);
        let b = Seal::with_key([2; 32], KeySource::Environment);
        assert_eq!(a.head(3, "h", 0).len(), 64);
        assert_ne!(a.head(3, "h", 0), b.head(3, "h", 0));
        assert_ne!(a.head(3, "h", 0), a.head(2, "h", 0));
        assert_ne!(a.row("h"), a.head(0, "h", 0));
        assert!(parse_key("zz").is_err() && parse_key(&"ab".repeat(16)).is_err());
        assert_eq!(format!("{a:?}"), "Seal { keyed: true, source: Environment }");
    }
}
