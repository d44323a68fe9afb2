//! What `zhili demo` and `zhili serve --demo` print: the zone loaded and its accounts.

use crate::app::password;

/// The demo accounts' password: ZHILI_DEMO_PASSWORD, or a fresh random one printed once.
pub fn demo_password() -> String {
    std::env::var("ZHILI_DEMO_PASSWORD").ok().filter(|p| !p.is_empty()).unwrap_or_else(|| password::random_hex(6))
}

/// How the demo banner names the password: a generated one is shown once, one the operator
/// chose is not repeated into the log.
fn shown_password(password: &str) -> &str {
    if std::env::var("ZHILI_DEMO_PASSWORD").is_ok_and(|p| p == password) { "the one in ZHILI_DEMO_PASSWORD" } else { password }
}

pub fn print_demo(summary: &crate::demo::Summary, password: &str, cases: &crate::demo::cases::CaseSummary) {
    let [z, t, v, g] = summary.units;
    println!("demo zone loaded: {z} zone, {t} townships and streets, {v} villages and communities, {g} grids, {} accounts", summary.users);
    println!(
        "demo cases {} to {}: {} disputes found, {} resolved; {} incidents",
        crate::demo::cases::FROM,
        crate::demo::cases::TO,
        cases.disputes,
        cases.resolved,
        cases.incidents
    );
    println!("demo accounts (password for all: {}):", shown_password(password));
    for (login, what) in &summary.accounts {
        println!("  {login:<34} {what}");
    }
}
