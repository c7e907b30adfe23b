//! The machine-readable report: `{"summary": {...}, "changes": [...]}`, in the order of
//! [`oxen_codegen::drift::compare`].

use anyhow::Result;
use oxen_codegen::drift::Change;
use serde::Serialize;

use super::report::Report;

#[derive(Serialize)]
struct Json<'a> {
    summary: Summary,
    changes: &'a [Change],
}

#[derive(Serialize)]
struct Summary {
    breaking: usize,
    non_breaking: usize,
    cosmetic: usize,
    behaviour: usize,
    stale_bindings: bool,
}

pub fn render(report: &Report) -> Result<String> {
    let counts = report.counts();
    let json = Json {
        summary: Summary {
            breaking: counts.breaking,
            non_breaking: counts.non_breaking,
            cosmetic: counts.cosmetic,
            behaviour: counts.behaviour,
            stale_bindings: report.stale.is_some(),
        },
        changes: &report.changes,
    };
    let mut text = serde_json::to_string_pretty(&json)?;
    text.push('\n');
    Ok(text)
}
