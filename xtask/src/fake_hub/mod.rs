//! `cargo xtask fake_hub` (not built yet).
use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitCode> {
    anyhow::bail!("`cargo xtask fake_hub` is not built yet")
}
