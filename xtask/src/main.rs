//! `cargo xtask <command>`: the project's maintainer commands.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{check, fake_hub, fetch, generate, import, validate};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer commands for the Oxen model bindings"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the `oxen-models` crate from `schemas/`.
    Generate(generate::Args),
    /// Refresh `schemas/` from the Oxen hub.
    Fetch(fetch::Args),
    /// Serve a saved hub snapshot on loopback, with fault injection, for tests.
    FakeHub(fake_hub::Args),
    /// Report schema drift and stale bindings, classified for request compatibility.
    Check(check::Args),
    /// Build `schemas/` from a saved hub snapshot and the hub's OpenAPI description (offline seeding).
    Import(import::Args),
    /// Check request payloads against the models' schemas offline (`oxen-validate`; `--help`).
    Validate(validate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(args) => generate::run(args),
        Command::Fetch(args) => fetch::run(args),
        Command::FakeHub(args) => fake_hub::run(args),
        Command::Check(args) => check::run(args),
        Command::Import(args) => import::run(args),
        Command::Validate(args) => validate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
