//! `cargo xtask validate`: the `oxen-validate` binary of `oxen-models`, run from the workspace.
//!
//! Every argument goes to `oxen-validate` unchanged (`cargo xtask validate --help` prints its
//! help), so the two behave the same by construction: same checks, output and exit codes
//! (0 all valid, 1 some payload invalid, 2 usage or I/O error).
//!
//! It runs the binary through `cargo run` rather than linking `oxen-models` into xtask: xtask
//! must build even when `generated/` does not (it is what regenerates it), and `cargo xtask
//! generate` should not recompile every model's bindings each time it has rewritten them.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

#[derive(clap::Args)]
#[command(disable_help_flag = true, disable_version_flag = true)]
pub struct Args {
    /// `[--model ID] [--ndjson] [--format text|json] [FILE...|-]`; `--help` for details.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let status = Command::new(cargo)
        .args([
            "run",
            "--quiet",
            "--package",
            "oxen-models",
            "--bin",
            "oxen-validate",
        ])
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--")
        .args(&args.args)
        .status()
        .context("running `cargo run --bin oxen-validate`")?;
    // oxen-validate exits 0, 1 or 2; anything else is cargo failing to build or run it.
    Ok(match status.code() {
        Some(code @ 0..=2) => ExitCode::from(code as u8),
        _ => ExitCode::from(2),
    })
}
