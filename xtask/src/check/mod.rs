//! `cargo xtask check`: stale bindings and schema drift, classified for request compatibility.
//!
//! Exit codes: 0 nothing at or above `--fail-on`, 1 something is, 2 the check itself failed.
//! Every error of the tool returns `Err`, which `main` turns into 2, so drift alone gives 1.

mod github;
mod json;
mod markdown;
mod report;
mod source;
mod text;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use oxen_codegen::SchemaSet;
use oxen_codegen::drift::{self, Severity};

use crate::workspace::{self, GENERATED, SCHEMAS};

pub use report::{Report, StaleBindings};

#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 nothing at or above --fail-on; 1 something is; 2 the check \
itself failed (unreadable input, network, refused key). An error of the tool never exits 1."
)]
pub struct Args {
    /// The committed catalog (the old side) [default: the workspace's schemas/].
    #[arg(long, value_name = "DIR")]
    pub schemas: Option<PathBuf>,
    /// Another catalog directory to compare with (the new side).
    #[arg(long, value_name = "DIR", conflicts_with = "base_url")]
    pub against: Option<PathBuf>,
    /// Fetch the hub's catalog into a temporary directory and compare with it
    /// (same auth as `cargo xtask fetch`: $OXEN_API_KEY).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when a change at or above this severity is found (stale bindings count as
    /// breaking).
    #[arg(long, value_enum, default_value_t = FailOn::Any)]
    pub fail_on: FailOn,
    /// The generated crate that `--schemas` must produce [default: the workspace's generated/].
    #[arg(long, value_name = "DIR")]
    pub bindings: Option<PathBuf>,
    /// Skip the stale-bindings check (for catalogs without bindings of their own).
    #[arg(long)]
    pub no_bindings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by model, breaking first; coloured on a terminal.
    Text,
    /// A summary table and a section per model, for a pull-request comment.
    Markdown,
    /// `{"summary": {...}, "changes": [...]}`.
    Json,
    /// GitHub Actions workflow commands pointing at the committed files.
    Github,
}

/// The least serious change that fails the check; stale bindings count as breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Only breaking changes (and stale bindings).
    Breaking,
    /// Breaking changes and changed defaults.
    Behaviour,
    /// Anything but cosmetic changes.
    NonBreaking,
    /// Any change at all.
    Any,
    /// Never; report only.
    None,
}

impl FailOn {
    /// The least serious severity that fails, `None` when nothing does.
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Breaking => Some(Severity::Breaking),
            FailOn::Behaviour => Some(Severity::Behaviour),
            FailOn::NonBreaking => Some(Severity::NonBreaking),
            FailOn::Any => Some(Severity::Cosmetic),
            FailOn::None => None,
        }
    }

    /// Whether `report` holds something that should fail the job.
    pub fn fails(self, report: &Report) -> bool {
        let Some(threshold) = self.threshold() else {
            return false;
        };
        // Severities are ordered from most to least serious.
        report.stale.is_some() || report.changes.iter().any(|c| c.severity <= threshold)
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.no_bindings && args.against.is_none() && args.base_url.is_none() {
        anyhow::bail!(
            "nothing to check: --no-bindings skips the bindings and neither --against nor --base-url names a catalog to compare with"
        );
    }
    let schemas = workspace::dir_or_default(&args.schemas, SCHEMAS);
    let old = SchemaSet::read(&schemas)
        .with_context(|| format!("reading the committed catalog {}", schemas.display()))?;
    let stale = if args.no_bindings {
        None
    } else {
        let bindings = workspace::dir_or_default(&args.bindings, GENERATED);
        let (stale, unbuildable) = crate::generate::stale(&schemas, &bindings)
            .with_context(|| format!("checking the bindings in {}", bindings.display()))?;
        StaleBindings::found(
            stale.as_ref(),
            unbuildable,
            &schemas,
            &bindings,
            args.bindings.is_none(),
        )
    };
    let new = source::new_side(&args, &schemas)?;
    let changes = match &new {
        Some(new) => drift::compare(&old, new).context("comparing the catalogs")?,
        None => Vec::new(),
    };
    let report = Report {
        changes,
        stale,
        compared: new.is_some(),
        old: &old,
        schemas_dir: &schemas,
    };
    let rendered = match args.format {
        Format::Text => text::render(&report, text::use_colour()),
        Format::Markdown => markdown::render(&report),
        Format::Json => json::render(&report)?,
        Format::Github => github::render(&report),
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(rendered.as_bytes())
        .and_then(|()| stdout.flush())
        .context("writing the report")?;
    Ok(if args.fail_on.fails(&report) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
