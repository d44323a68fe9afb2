//! The `zhili` binary: see `zhili --help`.

fn main() -> std::process::ExitCode {
    zhili::cli::main()
}
