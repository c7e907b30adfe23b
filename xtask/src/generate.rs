//! `cargo xtask generate`: writes the `oxen-models` crate from `schemas/`, or with `--check`
//! reports how the committed crate differs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use oxen_codegen::SchemaSet;
use oxen_codegen::generate::generate_crate;
use oxen_codegen::tree::FileTree;

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

pub fn run(args: Args) -> Result<ExitCode> {
    let wanted = generate(&args.schemas)?;
    if args.check {
        let diff = diff_against(&args.out, &wanted)?;
        return Ok(if diff.is_empty() {
            eprintln!(
                "{} is up to date with {}",
                args.out.display(),
                args.schemas.display()
            );
            ExitCode::SUCCESS
        } else {
            print!("{diff}");
            eprintln!(
                "{} is stale: run `cargo xtask generate`",
                args.out.display()
            );
            ExitCode::from(1)
        });
    }
    let report = wanted
        .write_replacing(&args.out)
        .with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "generated {} files into {}: {} written, {} removed",
        wanted.0.len(),
        args.out.display(),
        report.written.len(),
        report.removed.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// The crate that `schemas` generate, in memory.
pub fn generate(schemas: &Path) -> Result<FileTree> {
    let set = SchemaSet::read(schemas)?;
    Ok(generate_crate(&set)?)
}

fn diff_against(out: &Path, wanted: &FileTree) -> Result<String> {
    let current = FileTree::read(out).with_context(|| format!("reading {}", out.display()))?;
    Ok(current.diff(wanted))
}

/// The unified diff between `out` and what `schemas` generate, or `None` when they match.
pub fn stale_diff(schemas: &Path, out: &Path) -> Result<Option<String>> {
    let diff = diff_against(out, &generate(schemas)?)?;
    Ok((!diff.is_empty()).then_some(diff))
}
