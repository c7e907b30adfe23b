//! `cargo xtask generate`: writes the `oxen-models` crate from `schemas/`, or with `--check`
//! reports how the committed crate differs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use oxen_codegen::SchemaSet;
use oxen_codegen::error::{GenerateErrors, ModelError};
use oxen_codegen::generate::{Generated, generate as generate_catalog};
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
    /// Generate every model that can be generated and leave out the others (listed on stderr
    /// and in the crate's documentation); exit 1 when any is left out. Without it, one model
    /// that cannot be generated stops the whole run and nothing is written.
    #[arg(long)]
    pub keep_going: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let schemas = workspace::dir_or_default(&args.schemas, SCHEMAS);
    let out = workspace::dir_or_default(&args.out, GENERATED);
    let generated = generate(&schemas, args.keep_going)?;
    report(&generated);
    let wanted = &generated.files;
    let code = if generated.left_out.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    if args.check {
        return Ok(match stale_against(&out, wanted)? {
            None => {
                eprintln!("{} is up to date with {}", out.display(), schemas.display());
                code
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
    if !generated.left_out.is_empty() {
        eprintln!(
            "{} model(s) left out (--keep-going); the crate's documentation lists them",
            generated.left_out.len()
        );
    }
    Ok(code)
}

/// Warnings and left-out models, on stderr, one line each.
fn report(generated: &Generated) {
    for overlay in &generated.unmatched_overlays {
        eprintln!(
            "warning: overlays/{overlay}.json matches no model of the catalog, so it applies to nothing; remove it or fix its applies_to"
        );
    }
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    for left_out in &generated.left_out {
        eprintln!("left out: {left_out}");
    }
}

/// What `schemas` generate, in memory; with `keep_going`, without the models that cannot be
/// generated (listed in [`Generated::left_out`]).
pub fn generate(schemas: &Path, keep_going: bool) -> Result<Generated> {
    let set = SchemaSet::read(schemas)?;
    Ok(generate_catalog(&set, keep_going)?)
}

fn stale_against(out: &Path, wanted: &FileTree) -> Result<Option<Stale>> {
    let current = FileTree::read(out).with_context(|| format!("reading {}", out.display()))?;
    Ok(Stale::between(&current, wanted))
}

/// How `out` differs from what `schemas` generate (`None` when they match), and the models
/// that cannot be generated at all. Every model that can be generated is compared, so one
/// unsupported schema does not hide the rest.
pub fn stale(schemas: &Path, out: &Path) -> Result<(Option<Stale>, Vec<ModelError>)> {
    match generate(schemas, true) {
        Ok(generated) => Ok((stale_against(out, &generated.files)?, generated.left_out)),
        // No model generates: each one is a finding, and there is nothing to compare.
        Err(error) => match error.downcast::<GenerateErrors>() {
            Ok(errors) => Ok((None, errors.0)),
            Err(error) => Err(error),
        },
    }
}
