//! zhili (治理): a self-hosted platform on which a district-level zone runs its government work.
//!
//! [`platform`] is the kernel every capability stands on: the database, the audit chain, who acts
//! and what they may see, the hierarchy, users, the working calendar, sheets, the web shell and the
//! command line. Each capability is one folder ([`cases`]: grid events and mediation) plugged in
//! by one line of [`CAPABILITIES`]; docs/architecture.md draws the tree.

pub mod cases;
pub mod platform;
pub mod projects;
pub mod registry;

rust_i18n::i18n!("src", fallback = "zh-CN");

/// The capabilities of this binary, each plugged in by its line here.
pub const CAPABILITIES: platform::capability::Capabilities =
    &[&registry::CAPABILITY, &cases::CAPABILITY, &projects::CAPABILITY];
