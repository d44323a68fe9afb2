//! The `zhili` binary: see `zhili --help`.

// The system allocator spent a fifth of a large import's time consolidating and unlinking
// freed chunks (measured); mimalloc keeps freed blocks per thread and size.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    zhili::platform::cli::main(zhili::CAPABILITIES)
}
