//! What `zhili demo` and `zhili serve --demo` print: the zone loaded and its accounts.

/// The demo accounts' password: ZHILI_DEMO_PASSWORD, or a fresh random one printed once.
pub fn demo_password() -> String {
    std::env::var("ZHILI_DEMO_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| crate::platform::users::password::random_hex(6))
}

/// How the demo banner names the password: a generated one is shown once, one the operator
/// chose is not repeated into the log.
fn shown_password(password: &str) -> &str {
    if std::env::var("ZHILI_DEMO_PASSWORD").is_ok_and(|p| p == password) {
        "the one in ZHILI_DEMO_PASSWORD"
    } else {
        password
    }
}

/// Prints what the demo loaded: the zone, each capability's lines, the accounts.
pub fn print_demo(summary: &crate::platform::demo::Summary, password: &str, lines: &[String]) {
    let [z, t, v, g] = summary.units;
    println!(
        "demo zone loaded: {z} zone, {t} townships and streets, {v} villages and communities, {g} grids, {} accounts",
        summary.users
    );
    for line in lines {
        println!("{line}");
    }
    println!("demo accounts (password for all: {}):", shown_password(password));
    for (login, what) in &summary.accounts {
        println!("  {login:<34} {what}");
    }
}
