//! `cargo xtask generate`.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {
    /// The catalog to read.
    #[arg(long, default_value = "schemas")]
    pub schemas: PathBuf,
    /// The crate directory to write.
    #[arg(long, default_value = "generated")]
    pub out: PathBuf,
    /// Regenerate in memory and exit 1 with a diff when `--out` differs.
    #[arg(long)]
    pub check: bool,
}

pub fn run(_args: Args) -> Result<ExitCode> {
    anyhow::bail!("not yet")
}

/// The unified diff between `out` and what `schemas` generate, or `None` when they match.
pub fn stale_diff(_schemas: &Path, _out: &Path) -> Result<Option<String>> {
    anyhow::bail!("not yet")
}
