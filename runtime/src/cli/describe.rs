//! `oxen models` and `oxen describe`: the catalog and a model's parameters, rendered from the
//! catalog's [`Parameter`] rows, the rows the reference pages render (so the two say the same).

use std::io::{self, Write};

use serde_json::json;

use crate::cli::flags::{self, Flag};
use crate::{Endpoint, MODELS, ModelInfo, Parameter};

/// `oxen models [--endpoint E] [--json]`: id, display name, endpoint and summary of each model.
pub fn list(out: &mut dyn Write, endpoint: Option<&str>, as_json: bool) -> io::Result<()> {
    let chosen = MODELS
        .iter()
        .filter(|model| endpoint.is_none_or(|e| endpoint_matches(model.endpoint, e)));
    let mut out = io::BufWriter::new(out);
    if as_json {
        for model in chosen {
            let record = json!({
                "id": model.id,
                "display_name": model.display_name,
                "endpoint": model.endpoint.as_str(),
                "summary": model.summary,
            });
            writeln!(out, "{record}")?;
        }
    } else {
        for model in chosen {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                model.id,
                model.display_name,
                model.endpoint.as_str(),
                model.summary.unwrap_or_default()
            )?;
        }
    }
    out.flush()
}

/// Whether `endpoint` is what the user typed: `/images/edit`, or without its slash.
fn endpoint_matches(endpoint: Endpoint, typed: &str) -> bool {
    endpoint.as_str().trim_start_matches('/') == typed.trim_start_matches('/')
}

/// `oxen describe <model>`: the model, then each table of its reference page (required, then
/// optional; the body's properties with their flags, then those of the objects they hold).
pub fn describe(out: &mut dyn Write, model: &ModelInfo, flags: &[Flag]) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    writeln!(out, "{} ({})", model.display_name, model.id)?;
    writeln!(out, "POST /api/ai{}", model.endpoint.as_str())?;
    if let Some(summary) = model.summary {
        writeln!(out, "{summary}")?;
    }
    let mut parents: Vec<&str> = Vec::new();
    for parameter in model.parameters {
        if !parents.contains(&parameter.parent) {
            parents.push(parameter.parent);
        }
    }
    for parent in parents {
        for (title, required) in [("Required", true), ("Optional", false)] {
            let rows: Vec<&Parameter> = model
                .parameters
                .iter()
                .filter(|p| p.parent == parent && p.required == required)
                .collect();
            if rows.is_empty() {
                continue;
            }
            if parent.is_empty() {
                writeln!(out, "\n{title} parameters:")?;
            } else {
                writeln!(out, "\n{title} in {parent}:")?;
            }
            for row in rows {
                write_row(&mut out, row, parent.is_empty().then_some(flags))?;
            }
        }
    }
    out.flush()
}

fn write_row(out: &mut dyn Write, row: &Parameter, flags: Option<&[Flag]>) -> io::Result<()> {
    let flag = flags
        .and_then(|flags| flags.iter().find(|flag| flag.property == row.name))
        .map(|flag| format!("  --{}", flag.long))
        .unwrap_or_default();
    writeln!(out, "  {}  {}{flag}", row.name, row.type_label)?;
    let mut facts = Vec::new();
    if let Some(default) = row.default {
        facts.push(if row.default_invalid {
            format!("default: {default} (not valid for this schema; unused)")
        } else {
            format!("default: {default}")
        });
    }
    if !row.allowed.is_empty() {
        facts.push(format!("allowed: {}", row.allowed.join(", ")));
    }
    if !row.constraints.is_empty() {
        facts.push(flags::plain(row.constraints));
    }
    if let Some(overlay) = row.overlay {
        facts.push(format!("from the overlay {overlay}"));
    }
    for fact in facts {
        writeln!(out, "      {fact}")?;
    }
    for line in flags::plain(row.description).lines() {
        writeln!(out, "      {line}")?;
    }
    Ok(())
}
