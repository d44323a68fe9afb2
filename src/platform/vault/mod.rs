//! Personal data at rest: ID numbers and phones are sealed with AES-256-GCM under a key the
//! database does not hold, and found again through a keyed blind index (HMAC-SHA-256), so a
//! stolen database file, a `pg_dump` or a backup holds neither the numbers nor anything to look
//! one up by without the key.
//!
//! The key file holds one key a line, `VERSION HEX`, the highest version sealing and indexing;
//! older versions open what they sealed; `zhili data-key rotate` adds a version and seals every
//! value and index again under it (rotate.rs). The key
//! comes from `ZHILI_DATA_KEY` (the same text), or from `ZHILI_DATA_KEY_FILE`, or `data.key`
//! beside an SQLite database, or `zhili-data/data.key` for PostgreSQL; it is made on first start.
//! A sealed value is `[version][12-byte nonce][ciphertext and tag]`, and names its field (the
//! table and column) as associated data, so a value moved to another column does not open.

pub mod rotate;
pub mod store;

use crate::platform::audit::seal::{KeySource, key_file, write_key_text};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use anyhow::{Context, bail};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// One version of the data key: its cipher and its index key, both derived from it.
#[derive(Clone)]
struct DataKey {
    version: u8,
    master: [u8; 32],
    cipher: Aes256Gcm,
    index: [u8; 32],
}

impl DataKey {
    fn new(version: u8, master: [u8; 32]) -> DataKey {
        let derive = |purpose: &str| -> [u8; 32] {
            let mut mac =
                <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&master).expect("any key length");
            mac.update(purpose.as_bytes());
            mac.finalize().into_bytes().into()
        };
        let seal = derive("zhili data seal");
        DataKey {
            version,
            master,
            cipher: Aes256Gcm::new(&seal.into()),
            index: derive("zhili blind index"),
        }
    }
}

/// The data key, every version of it, and where it is kept.
#[derive(Clone)]
pub struct Vault {
    keys: Vec<DataKey>,
    /// Where the key is kept.
    pub source: KeySource,
}

impl std::fmt::Debug for Vault {
    // The key never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("versions", &self.keys.len()).finish()
    }
}

/// A sealed value that does not open: another key, another field, or changed bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a sealed value does not open with this data key")]
pub struct Unopened;

/// The blind index's kind of an ID number, whichever table holds it, so that a person of the
/// registry and a party to a case with the same number find each other.
pub const ID_NUMBER: &str = "id_number";
/// The blind index's kind of a phone.
pub const PHONE: &str = "phone";

/// How many bytes of the HMAC a blind index keeps: collisions stay out of reach for any zone
/// (2⁻⁶⁴ for a pair), and the index stays short.
const INDEX_BYTES: usize = 16;

impl Vault {
    /// Finds the key for the database at `url` without making one.
    pub fn find(url: &str) -> anyhow::Result<Vault> {
        if let Ok(text) = std::env::var("ZHILI_DATA_KEY") {
            let keys = parse(&text).context("ZHILI_DATA_KEY")?;
            return Ok(Vault { keys, source: KeySource::Environment });
        }
        let path = key_file(url, "ZHILI_DATA_KEY_FILE", "data.key");
        let keys = match std::fs::read_to_string(&path) {
            Ok(text) => parse(&text).with_context(|| format!("the data key {}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot read the data key {}", path.display()));
            }
        };
        Ok(Vault { keys, source: KeySource::File(path) })
    }

    /// A vault with one key in hand (tests).
    pub fn with_key(master: [u8; 32]) -> Vault {
        Vault { keys: vec![DataKey::new(1, master)], source: KeySource::Environment }
    }

    /// Makes the first key in the key file; when another process made it first, takes that one.
    pub fn create(&mut self) -> anyhow::Result<()> {
        let KeySource::File(path) = &self.source else { bail!("ZHILI_DATA_KEY is set but empty") };
        let mut master = [0u8; 32];
        rand::fill(&mut master[..]);
        let text = format!("1 {}\n", hex::encode(master));
        if write_key_text(path, &text, &hex::encode(&master[..4]))? {
            tracing::info!(file = %path.display(), "made a new data key: keep a copy of it apart from the database's backups");
        }
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the data key {}", path.display()))?;
        self.keys = parse(&text)?;
        Ok(())
    }

    /// Whether a key is at hand.
    pub fn is_keyed(&self) -> bool {
        !self.keys.is_empty()
    }

    /// The version that seals and indexes now.
    pub fn version(&self) -> u8 {
        self.current().version
    }

    /// Where the key is, for messages.
    pub fn describe(&self) -> String {
        match &self.source {
            KeySource::Environment => "ZHILI_DATA_KEY".into(),
            KeySource::File(path) => path.display().to_string(),
        }
    }

    fn current(&self) -> &DataKey {
        self.keys.last().expect("the data key is made when the database is opened")
    }

    /// Seals `plain` for `field` (`people.id_number`) under the current key.
    pub fn seal(&self, field: &str, plain: &str) -> Vec<u8> {
        let key = self.current();
        let mut nonce = [0u8; 12];
        rand::fill(&mut nonce[..]);
        let payload = Payload { msg: plain.as_bytes(), aad: field.as_bytes() };
        let sealed = key
            .cipher
            .encrypt(&Nonce::from(nonce), payload)
            .expect("AES-GCM seals any text this short");
        let mut out = Vec::with_capacity(1 + 12 + sealed.len());
        out.push(key.version);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Opens a value sealed for `field` by any version of the key kept.
    pub fn open(&self, field: &str, sealed: &[u8]) -> Result<String, Unopened> {
        let (&version, rest) = sealed.split_first().ok_or(Unopened)?;
        let key = self.keys.iter().find(|k| k.version == version).ok_or(Unopened)?;
        if rest.len() < 12 + 16 {
            return Err(Unopened);
        }
        let (nonce, body) = rest.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| Unopened)?;
        let plain = key
            .cipher
            .decrypt(&Nonce::from(nonce), Payload { msg: body, aad: field.as_bytes() })
            .map_err(|_| Unopened)?;
        String::from_utf8(plain).map_err(|_| Unopened)
    }

    /// The blind index of `value` (already in its one written form) of a kind ([`ID_NUMBER`],
    /// [`PHONE`]): equal values give equal indexes under one key, and nothing without it.
    pub fn index(&self, field: &str, value: &str) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&self.current().index)
            .expect("any key length");
        mac.update(field.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        mac.finalize().into_bytes()[..INDEX_BYTES].to_vec()
    }

    /// The key file's text with a new version added, which seals and indexes from then on.
    pub fn rotated(&self) -> (Vault, String) {
        let mut master = [0u8; 32];
        rand::fill(&mut master[..]);
        let version = self.keys.iter().map(|k| k.version).max().unwrap_or(0).saturating_add(1);
        let mut keys = self.keys.clone();
        keys.push(DataKey::new(version, master));
        let text: String =
            keys.iter().map(|k| format!("{} {}\n", k.version, hex::encode(k.master))).collect();
        (Vault { keys, source: self.source.clone() }, text)
    }
}

/// What the check of each version seals.
pub(crate) const CHECK: &str = "zhili data key check";

/// Makes sure the database's data is opened with the key at hand: makes the key on a first start,
/// records its check, and refuses a key that does not open the checks already recorded.
pub async fn ready(db: &mut crate::platform::db::Db) -> anyhow::Result<()> {
    let checks = store::checks(&db.pool).await?;
    if !db.vault.is_keyed() {
        if !checks.is_empty() {
            bail!(
                "this database's personal data is sealed with a data key that is not here: restore {} or set ZHILI_DATA_KEY",
                db.vault.describe()
            );
        }
        let mut vault = (*db.vault).clone();
        vault.create()?;
        db.vault = std::sync::Arc::new(vault);
    }
    for (version, sealed) in &checks {
        if db.vault.open(CHECK, sealed).is_err() {
            bail!(
                "the data key at {} does not open version {version} of this database's data: another installation's key?",
                db.vault.describe()
            );
        }
    }
    let version = i64::from(db.vault.version());
    if !checks.iter().any(|(v, _)| *v == version) {
        store::add_check(&db.pool, version, &db.vault.seal(CHECK, CHECK)).await?;
        // Another server may have recorded its own key first: then this one is not the key.
        for (v, sealed) in store::checks(&db.pool).await? {
            anyhow::ensure!(
                db.vault.open(CHECK, &sealed).is_ok(),
                "another data key sealed version {v} of this database first: share its {} with this server",
                db.vault.describe()
            );
        }
    }
    Ok(())
}

/// Reads `VERSION HEX` lines (a bare `HEX` is version 1), oldest first.
fn parse(text: &str) -> anyhow::Result<Vec<DataKey>> {
    let mut keys = Vec::new();
    for line in text.split([',', '\n']).map(str::trim).filter(|l| !l.is_empty()) {
        let (version, hex_key) = line.split_once(' ').unwrap_or(("1", line));
        let version: u8 = version.trim().parse().context("a data key's version is not 1–255")?;
        let bytes = hex::decode(hex_key.trim()).context("a data key is not hex")?;
        let master: [u8; 32] =
            bytes.try_into().map_err(|_| anyhow::anyhow!("a data key is not 64 hex digits"))?;
        if version == 0 || keys.iter().any(|k: &DataKey| k.version >= version) {
            bail!("the data key's versions must rise line by line from 1");
        }
        keys.push(DataKey::new(version, master));
    }
    if keys.is_empty() {
        bail!("the data key holds no key");
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_field() {
        let vault = Vault::with_key([7; 32]);
        let sealed = vault.seal("people.id_number", "11010519491231002X");
        assert!(!sealed.windows(4).any(|w| w == b"1101"), "no plain text in the sealed bytes");
        assert_eq!(vault.open("people.id_number", &sealed).unwrap(), "11010519491231002X");
        assert_eq!(vault.open("people.phone", &sealed), Err(Unopened), "another field");
        assert_eq!(Vault::with_key([8; 32]).open("people.id_number", &sealed), Err(Unopened));
        let mut changed = sealed.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(vault.open("people.id_number", &changed), Err(Unopened));
        assert_eq!(vault.open("people.id_number", &sealed[..10]), Err(Unopened));
        assert_ne!(sealed, vault.seal("people.id_number", "11010519491231002X"), "fresh nonce");
    }

    #[test]
    fn the_index_is_keyed_and_stable() {
        let a = Vault::with_key([1; 32]);
        assert_eq!(a.index("id", "x"), a.index("id", "x"));
        assert_eq!(a.index("id", "x").len(), INDEX_BYTES);
        assert_ne!(a.index("id", "x"), a.index("phone", "x"));
        assert_ne!(a.index("id", "x"), Vault::with_key([2; 32]).index("id", "x"));
    }

    #[test]
    fn a_rotated_key_opens_the_old_values_and_seals_with_the_new() {
        let old = Vault::with_key([3; 32]);
        let sealed = old.seal("f", "13812345678");
        let (new, text) = old.rotated();
        assert_eq!(new.version(), 2);
        assert_eq!(new.open("f", &sealed).unwrap(), "13812345678");
        assert_eq!(new.seal("f", "x")[0], 2);
        let read = parse(&text).unwrap();
        assert_eq!(read.len(), 2);
        assert!(parse("2 00").is_err() && parse("").is_err());
        assert!(parse(&format!("2 {0}\n1 {0}", "ab".repeat(32))).is_err(), "versions must rise");
        assert_eq!(format!("{new:?}"), "Vault { versions: 2 }");
    }
}
