//! `cargo xtask import`: seeds `schemas/` from a hub snapshot on disk, keeping its overlays.
//! The snapshot and OpenAPI description `schemas/` was seeded from are committed in
//! `tests/fixtures/hub/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use oxen_codegen::SchemaSource;
use oxen_codegen::hub::{self, HubModel};

use crate::fetch::write_schemas;

#[derive(clap::Args)]
pub struct Args {
    /// A snapshot directory laid out as the hub serves it: `models/<id>.json`.
    #[arg(long)]
    snapshot: PathBuf,
    /// The hub's OpenAPI description: the endpoint bodies of null-schema models, and the
    /// responses of the endpoints.
    #[arg(long)]
    openapi: PathBuf,
    /// Where to write the catalog [default: the workspace's schemas/].
    #[arg(long, value_name = "DIR")]
    schemas: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let openapi = read_json(&args.openapi)?;
    let bodies = hub::endpoint_bodies_from_openapi(&openapi)?;
    let models = read_snapshot_models(&args.snapshot.join("models"))?;
    let count = models.len();
    let mut set = hub::schema_set_from_hub(models, &bodies, &crate::fetch::usable_schema)?;
    for (body, schema) in hub::response_bodies_from_openapi(&openapi)? {
        set.schemas.insert(SchemaSource::Response(body), schema);
    }
    let schemas = crate::workspace::dir_or_default(&args.schemas, crate::workspace::SCHEMAS);
    // The overlays in `schemas/overlays/` are hand-maintained and kept as they are.
    write_schemas(&set, &schemas)?;
    eprintln!("imported {count} models into {}", schemas.display());
    Ok(ExitCode::SUCCESS)
}

fn read_snapshot_models(dir: &Path) -> Result<Vec<HubModel>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.retain(|p| p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    paths
        .iter()
        .map(|path| {
            serde_json::from_value(read_json(path)?)
                .with_context(|| format!("{} is not a hub model object", path.display()))
        })
        .collect()
}

fn read_json(path: &Path) -> Result<serde_json::Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", path.display()))
}
