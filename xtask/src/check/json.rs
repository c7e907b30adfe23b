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
    /// Models of `--schemas` the generator cannot generate.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unbuildable: Vec<Unbuildable<'a>>,
}

#[derive(Serialize)]
struct Unbuildable<'a> {
    model: &'a str,
    file: String,
    pointer: &'a str,
    keyword: &'a str,
    message: &'a str,
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
        unbuildable: report
            .stale
            .iter()
            .flat_map(|stale| &stale.unbuildable)
            .map(|error| Unbuildable {
                model: error.model.as_str(),
                file: error.error.source_file.to_string(),
                pointer: error.error.pointer.as_str(),
                keyword: &error.error.keyword,
                message: &error.error.message,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&json)?;
    text.push('\n');
    Ok(text)
}
