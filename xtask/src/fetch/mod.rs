//! `cargo xtask fetch`: refreshes `schemas/` from the Oxen hub.
//!
//! Everything is fetched and checked in memory first ([`fetch_catalog`], [`fetch_models`]);
//! only a complete catalog is written ([`write_schemas`]), changed files renamed into place, so
//! `schemas/` is never left half-updated. A failure to get the hub's answer writes nothing; a
//! model whose answer cannot be used is kept in the catalog as left out, with its reason.

mod checks;
mod client;
mod config;
mod download;
mod error;
mod list;
mod progress;
mod retry;
mod update;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use oxen_codegen::error::ModelWarning;
use oxen_codegen::generate::normalize_checked;
use oxen_codegen::{ModelId, SchemaSet, SchemaSource};

pub use checks::{check_model, usable_schema};
pub use config::{
    API_KEY_VAR, ApiKey, BASE_URL_VAR, ConfigError, DEFAULT_BASE_URL, DEFAULT_CONCURRENCY,
    DEFAULT_MAX_BODY_BYTES, FetchConfig, HubUrl,
};
pub use download::{fetch_catalog, fetch_catalog_blocking, fetch_models, runtime};
pub use error::{
    FetchError, ModelFailure, ModelFailures, ModelProblem, RequestError, RequestFailure,
    SchemasError,
};
pub use progress::{Console, Observer, Silent};
pub use retry::{GaveUp, RetryPolicy};
pub use update::{Changes, merge_models, read_current, read_endpoint_bodies, write_schemas};

#[derive(clap::Args)]
#[command(after_help = "\
Environment:
  OXEN_API_KEY   the hub API key, sent as `Authorization: Bearer ...`; required unless the hub
                 is on a loopback address. It is never printed or written.
  OXEN_BASE_URL  the hub's address when --base-url is not given.

Exit status: 0 when every model is usable; 1 when the catalog was refreshed with models left
out (an endpoint the project does not know, a schema that is not valid JSON Schema once
normalized: each named on stderr, kept in left-out/ and marked in catalog.json); 2 when
nothing was written (the hub could not be read: network, timeouts, HTTP errors after retries,
a short or oversized answer, a refused key).")]
pub struct Args {
    /// The hub's address [default: $OXEN_BASE_URL, else https://hub.oxen.ai].
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// The catalog directory to refresh [default: the workspace's schemas/].
    #[arg(long, value_name = "DIR")]
    schemas: Option<PathBuf>,
    /// Refresh only this model (repeatable); the rest of the catalog is kept as it is.
    #[arg(long = "model", value_name = "ID", value_parser = parse_model_id)]
    models: Vec<ModelId>,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY as u16,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    concurrency: u16,
    /// The longest one request may take, e.g. `30s` or `500ms`.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    timeout: Duration,
    /// Attempts per request, the first included.
    #[arg(long, value_name = "N", default_value_t = RetryPolicy::default().max_attempts,
          value_parser = clap::value_parser!(u32).range(1..=20))]
    max_attempts: u32,
    /// The longest one request may take with its retries, e.g. `2m`.
    #[arg(long, value_name = "DURATION", default_value = "2m", value_parser = parse_duration)]
    retry_budget: Duration,
    /// Largest response accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    max_body_bytes: u64,
    /// Print every model fetched (in line mode, when stderr is not a terminal).
    #[arg(short, long)]
    verbose: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut config = FetchConfig::from_env(args.base_url.as_deref())?;
    config.concurrency = usize::from(args.concurrency);
    config.request_timeout = args.timeout;
    config.retry.max_attempts = args.max_attempts;
    config.retry.max_total = args.retry_budget;
    config.max_body_bytes = args.max_body_bytes;

    let dir = &crate::workspace::dir_or_default(&args.schemas, crate::workspace::SCHEMAS);
    let current = read_current(dir)?;
    // A partial refresh keeps the other models as they are, so each must be readable.
    if let (false, Some(error)) = (args.models.is_empty(), current.unreadable.values().next()) {
        anyhow::bail!(
            "nothing was written to {}: {error}; `--model` keeps the other models as they are, so a full `cargo xtask fetch` is needed",
            dir.display()
        );
    }
    let bodies = read_endpoint_bodies(dir)?;
    eprintln!(
        "fetching {} from {} (concurrency {})",
        if args.models.is_empty() {
            "the catalog"
        } else {
            "the named models"
        },
        config.base_url,
        config.concurrency
    );
    let console = Arc::new(Console::new(std::io::stderr().is_terminal(), args.verbose));
    let fetched = runtime()?.block_on(async {
        if args.models.is_empty() {
            fetch_catalog(&config, &bodies, console.clone()).await
        } else {
            let models = fetch_models(&config, &args.models, &bodies, console.clone()).await?;
            merge_models(&current, models, &bodies).map_err(FetchError::Catalog)
        }
    });
    let new = fetched.with_context(|| format!("nothing was written to {}", dir.display()))?;

    let changes = Changes::between(&current, &new);
    let written = write_schemas(&new, dir)?;
    println!(
        "fetched {} model(s) in {:.2} s ({} requests, {} retries)",
        if args.models.is_empty() {
            new.catalog.models.len()
        } else {
            args.models
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        },
        console.elapsed().as_secs_f64(),
        console.requests(),
        console.retries()
    );
    for (label, ids) in [
        ("added", &changes.added),
        ("changed", &changes.changed),
        ("removed", &changes.removed),
    ] {
        for id in ids {
            println!("  {label:<8}{id}");
        }
    }
    println!(
        "{} added, {} changed, {} removed, {} unchanged",
        changes.added.len(),
        changes.changed.len(),
        changes.removed.len(),
        changes.unchanged
    );
    if written {
        println!("{} updated", dir.display());
    } else {
        println!("{} is up to date", dir.display());
    }
    for warning in rewrites(&new) {
        eprintln!("warning: {warning}");
    }
    for entry in &new.catalog.left_out {
        eprintln!("left out: {}", entry.to_model_error());
    }
    Ok(if new.catalog.left_out.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "{} model(s) left out: kept in {}, marked in its catalog.json, and left out by `cargo xtask generate`",
            new.catalog.left_out.len(),
            dir.display()
        );
        ExitCode::from(1)
    })
}

/// What normalizing each model's own schema rewrites (a harmless break of the meta-schema, in
/// the hub's words), as `generate` will warn of it.
fn rewrites(set: &SchemaSet) -> Vec<ModelWarning> {
    let mut warnings = Vec::new();
    for entry in &set.catalog.models {
        let (SchemaSource::Model(_), Some(schema)) = (&entry.schema, set.schema_of(entry)) else {
            continue;
        };
        if let Ok((_, rewrites)) = normalize_checked(&entry.schema, schema) {
            warnings.extend(rewrites.into_iter().map(|warning| ModelWarning {
                model: entry.id.clone(),
                warning,
            }));
        }
    }
    warnings
}

fn parse_model_id(raw: &str) -> Result<ModelId, String> {
    ModelId::parse(raw).map_err(|error| error.to_string())
}

/// `250ms`, `30s`, `2m`; a bare number is seconds.
fn parse_duration(raw: &str) -> Result<Duration, String> {
    let raw = raw.trim();
    let split = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
    let (number, unit) = raw.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("\"{raw}\" is not a duration like 500ms, 30s or 2m"))?;
    match unit {
        "ms" => Ok(Duration::from_millis(number)),
        "" | "s" => Ok(Duration::from_secs(number)),
        "m" => Ok(Duration::from_secs(number * 60)),
        _ => Err(format!("\"{raw}\" has an unknown unit; use ms, s or m")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_milliseconds_seconds_and_minutes() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3h").is_err());
    }
}
