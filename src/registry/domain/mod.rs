//! The registry's domain, pure: the national code lists (shipped as data) and a person as
//! entered, checked against their ID number.

pub mod codes;
pub mod kinds;
pub mod person;
pub mod records;

/// The message keys the registry makes from names, for the translations test.
pub fn message_keys() -> Vec<String> {
    let mut keys: Vec<String> =
        ["resident", "floating"].iter().map(|k| format!("person.kind_{k}")).collect();
    keys.extend(["1", "2"].iter().map(|s| format!("person.sex_{s}")));
    keys
}
