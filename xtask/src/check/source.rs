//! The new side of the comparison: another directory, or a fresh fetch from the hub.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use oxen_codegen::SchemaSet;

use super::Args;
use crate::fetch;

/// The catalog to compare with, or `None` when only the bindings are checked.
pub fn new_side(args: &Args, schemas: &Path) -> Result<Option<SchemaSet>> {
    if let Some(dir) = &args.against {
        let set = SchemaSet::read(dir)
            .with_context(|| format!("reading the catalog to compare with, {}", dir.display()))?;
        return Ok(Some(set));
    }
    match &args.base_url {
        Some(url) => fetched(schemas, url).map(Some),
        None => Ok(None),
    }
}

/// Fetches like `cargo xtask fetch` into a temporary directory, then reads it back as
/// `--against` would: the repository is not touched, and both sides go through the same reader.
fn fetched(schemas: &Path, base_url: &str) -> Result<SchemaSet> {
    let config = fetch::FetchConfig::from_env(Some(base_url))
        .map_err(|error| error.for_command("cargo xtask check"))?;
    // The hub's model objects do not carry the endpoint bodies: the committed ones stand in.
    let bodies = fetch::read_endpoint_bodies(schemas)?;
    // Progress and retries go to stderr (a bar on a terminal, lines in a CI log); stdout
    // carries only the report.
    let observer = Arc::new(fetch::Console::new(std::io::stderr().is_terminal(), false));
    let set = fetch::fetch_catalog_blocking(&config, &bodies, observer)
        .with_context(|| format!("fetching the catalog from {base_url}"))?;
    let temp = tempfile::tempdir().context("creating a temporary directory")?;
    let dir = temp.path().join("schemas");
    fetch::write_schemas(&set, &dir)?;
    SchemaSet::read(&dir)
        .with_context(|| format!("reading the fetched catalog back from {}", dir.display()))
}
