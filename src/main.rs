//! The `looker-api-doctor` command: see `cli` for what it does.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run(std::env::args_os().skip(1))
}
