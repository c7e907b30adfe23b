//! `cargo xtask <command>`: the project's maintainer commands.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{check, fake_hub, fetch, generate, import, validate};

/// mimalloc rather than glibc's malloc: `generate` is mostly syn and prettyplease building and
/// dropping small nodes, and takes a quarter less CPU with it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer commands for the Oxen model bindings",
    after_help = "Also: `cargo xtask validate [ARGS]...` checks request payloads against the models' \
schemas offline: it runs `oxen-validate` with ARGS untouched (`cargo xtask validate --help`)."
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
}

fn main() -> ExitCode {
    let mut args = std::env::args_os();
    // `validate` belongs to oxen-validate, which parses its arguments itself: one layer, not two.
    let result = if args.nth(1).is_some_and(|command| command == "validate") {
        validate::run(args.collect())
    } else {
        run(Cli::parse().command)
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", xtask::causes_once(&error));
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Generate(args) => generate::run(args),
        Command::Fetch(args) => fetch::run(args),
        Command::FakeHub(args) => fake_hub::run(args),
        Command::Check(args) => check::run(args),
        Command::Import(args) => import::run(args),
    }
}
