//! The `zhili` binary: see `zhili --help`.

fn main() -> std::process::ExitCode {
    zhili::platform::cli::main(zhili::CAPABILITIES)
}
