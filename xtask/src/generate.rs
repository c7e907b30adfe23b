//! `cargo xtask generate`: writes the `oxen-models` crate from `schemas/`, or with `--check`
//! reports how the committed crate differs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use oxen_codegen::SchemaSet;
use oxen_codegen::generate::generate_crate;
use oxen_codegen::tree::FileTree;

use crate::stale::Stale;
use crate::workspace::{self, GENERATED, SCHEMAS};

#[derive(clap::Args)]
pub struct Args {
    /// The catalog to read [default: the workspace's schemas/].
    #[arg(long, value_name = "DIR")]
    pub schemas: Option<PathBuf>,
    /// The crate directory to write [default: the workspace's generated/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Regenerate in memory and exit 1, listing the differing files and their diff, when
    /// `--out` differs.
    #[arg(long)]
    pub check: bool,
    /// With `--check`: the most lines of diff to print; the rest is counted.
    #[arg(long, value_name = "N", default_value_t = 200, requires = "check")]
    pub diff_lines: usize,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let schemas = workspace::dir_or_default(&args.schemas, SCHEMAS);
    let out = workspace::dir_or_default(&args.out, GENERATED);
    let wanted = generate(&schemas)?;
    if args.check {
        return Ok(match stale_against(&out, &wanted)? {
            None => {
                eprintln!("{} is up to date with {}", out.display(), schemas.display());
                ExitCode::SUCCESS
            }
            Some(stale) => {
                print!("{}", stale.render(args.diff_lines));
                eprintln!(
                    "{} is stale: run `{}`",
                    out.display(),
                    workspace::generate_command(&schemas, &out)
                );
                ExitCode::from(1)
            }
        });
    }
    let report = wanted
        .write_replacing(&out)
        .with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "generated {} files into {}: {} written, {} removed",
        wanted.0.len(),
        out.display(),
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

fn stale_against(out: &Path, wanted: &FileTree) -> Result<Option<Stale>> {
    let current = FileTree::read(out).with_context(|| format!("reading {}", out.display()))?;
    Ok(Stale::between(&current, wanted))
}

/// How `out` differs from what `schemas` generate, or `None` when they match.
pub fn stale(schemas: &Path, out: &Path) -> Result<Option<Stale>> {
    stale_against(out, &generate(schemas)?)
}
