//! `cargo xtask generate`: writes the `oxen-models` crate from `schemas/`, or with `--check`
//! reports how the committed crate differs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use oxen_codegen::SchemaSet;
use oxen_codegen::emit::STAMP;
use oxen_codegen::error::{GenerateErrors, ModelError};
use oxen_codegen::generate::{Generated, generate as generate_catalog};
use oxen_codegen::tree::{FileTree, WriteReport, list_files};

use crate::fingerprint::{self, Record};
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
    let (inputs, generated) = match fingerprint::recorded() {
        // The inputs first: when they are the recorded run's, and `out` still holds exactly
        // what it produced, generating again would write nothing.
        Some(record) => {
            let inputs = fingerprint::inputs(&schemas, args.keep_going);
            if inputs.is_some_and(|inputs| record.unchanged(inputs, &out)) {
                return Ok(unchanged(&args, &record, &out, &schemas));
            }
            (inputs, generate(&schemas, args.keep_going))
        }
        // Nothing to skip (a clean clone, CI): the inputs are hashed on one core while
        // generation starts on the other.
        None => rayon::join(
            || fingerprint::inputs(&schemas, args.keep_going),
            || generate(&schemas, args.keep_going),
        ),
    };
    let generated = generated?;
    let lines = report(&generated);
    print_report(&lines);
    let wanted = &generated.files;
    let left_out = generated.left_out.len();
    // Kept on one core while `out` is compared or written on the other.
    let record = || {
        // Recorded only when the inputs did not change while they were read.
        if let Some(inputs) = inputs
            && fingerprint::inputs(&schemas, args.keep_going) == Some(inputs)
        {
            fingerprint::store(&Record::new(inputs, wanted, lines, left_out));
        }
    };
    if args.check {
        let ((), stale) = rayon::join(record, || stale_against(&out, wanted));
        return Ok(match stale? {
            None => {
                up_to_date(&out, &schemas);
                exit_code(left_out)
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
    ensure_replaceable(&out)?;
    let ((), report) = rayon::join(record, || wanted.write_replacing(&out));
    let report = report.with_context(|| format!("writing {}", out.display()))?;
    written(&out, wanted.0.len(), &report, left_out);
    Ok(exit_code(left_out))
}

/// `generate` makes `out` hold exactly the crate, deleting whatever else is there: it writes
/// only into a directory without files or into a crate it wrote itself (its `Cargo.toml`
/// stamped), so that an `--out` naming the wrong directory (a checkout, a home) loses nothing.
fn ensure_replaceable(out: &Path) -> Result<()> {
    let manifest = out.join("Cargo.toml");
    let stamped = std::fs::read_to_string(&manifest)
        .is_ok_and(|text| text.lines().next().is_some_and(|line| line.contains(STAMP)));
    if stamped {
        return Ok(());
    }
    let files = list_files(out).with_context(|| format!("reading {}", out.display()))?;
    match files.first() {
        None => Ok(()),
        Some(file) => bail!(
            "{} holds files that `cargo xtask generate` did not write, {} among them ({} is \
             missing or not stamped \"{STAMP}\"); nothing was written: pass a new or empty \
             directory, or a crate it generated, as --out",
            out.display(),
            out.join(file).display(),
            manifest.display()
        ),
    }
}

/// What a run prints and returns when `record` says `out` is already what it would generate.
fn unchanged(args: &Args, record: &Record, out: &Path, schemas: &Path) -> ExitCode {
    print_report(&record.report);
    if args.check {
        up_to_date(out, schemas);
    } else {
        written(
            out,
            record.file_count(),
            &WriteReport::default(),
            record.left_out,
        );
    }
    exit_code(record.left_out)
}

/// 1 when a model was left out (`--keep-going`), else 0.
fn exit_code(left_out: usize) -> ExitCode {
    if left_out == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn up_to_date(out: &Path, schemas: &Path) {
    eprintln!("{} is up to date with {}", out.display(), schemas.display());
}

/// The closing lines of a generate that wrote `out`.
fn written(out: &Path, files: usize, report: &WriteReport, left_out: usize) {
    eprintln!(
        "generated {files} files into {}: {} written, {} removed",
        out.display(),
        report.written.len(),
        report.removed.len()
    );
    if left_out > 0 {
        eprintln!(
            "{left_out} model(s) left out (--keep-going); the crate's documentation lists them"
        );
    }
}

fn print_report(lines: &[String]) {
    for line in lines {
        eprintln!("{line}");
    }
}

/// Warnings and left-out models, one line each.
fn report(generated: &Generated) -> Vec<String> {
    let mut lines = Vec::new();
    for overlay in &generated.unmatched_overlays {
        lines.push(format!(
            "warning: overlays/{overlay}.json matches no model of the catalog, so it applies to nothing; remove it or fix its applies_to"
        ));
    }
    for warning in &generated.warnings {
        lines.push(format!("warning: {warning}"));
    }
    let mut left_out: Vec<_> = generated
        .left_out
        .iter()
        .chain(&generated.catalog_left_out)
        .collect();
    left_out.sort_by(|a, b| a.model.cmp(&b.model));
    for left_out in left_out {
        lines.push(format!("left out: {left_out}"));
    }
    lines
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
