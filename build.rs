//! Rebuilds when a capability's messages or migrations change: the i18n macro reads every
//! `messages.yml` under src/ and `sqlx::migrate!` every `migrations/` folder at compile time, but
//! the compiler does not track those files by itself.

fn main() {
    let mut dirs = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "migrations") {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
                dirs.push(path);
            } else if path.file_name().is_some_and(|n| n == "messages.yml") {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
}
