//! The Markdown reference: a page per model and an index grouped by endpoint family.

use std::fmt::Write as _;

use serde_json::Value;

use crate::catalog::{CatalogEntry, Endpoint};
use crate::emit::docs::ParameterRow;
use crate::emit::example::{ExampleSize, request_example};
use crate::emit::{STAMP, docs, words};
use crate::ir::RequestDef;

/// The hub the pages' `curl` commands call, as the client's default.
const DEFAULT_BASE_URL: &str = "https://hub.oxen.ai";

/// What a model page is made from.
pub struct ModelPage<'a> {
    pub entry: &'a CatalogEntry,
    /// The normalized request schema: the tables describe what a client may send.
    pub schema: &'a Value,
    pub request: &'a RequestDef,
    /// The Rust request type, e.g. `Flux2ProRequest`.
    pub request_type: &'a str,
    /// The module holding the request type and its enums, e.g. `flux_2_pro`.
    pub module: &'a str,
    /// Where nested types live when the body is shared, e.g. `shared::chat_completions`.
    pub shared_module: Option<&'a str>,
    /// What generation warned about in the schema (bad defaults, subschemas left as JSON).
    pub warnings: &'a [crate::error::SchemaError],
    /// What the endpoint answers with, e.g. `ImageGenerateResponse`; `None` when the catalog
    /// has no response schema for it (the response is then plain JSON).
    pub response_type: Option<&'a str>,
}

/// `docs/<id>.md`.
pub fn model_page(page: &ModelPage<'_>) -> String {
    let entry = page.entry;
    let mut out = format!("<!-- {STAMP} -->\n# {}\n\n", text(&entry.display_name));
    let _ = writeln!(out, "- **Id:** `{}`", entry.id);
    let _ = writeln!(
        out,
        "- **Endpoint:** `POST /api/ai{}`",
        entry.endpoint.as_str()
    );
    let _ = writeln!(
        out,
        "- **Rust:** `oxen_models::models::{}::{}`",
        page.module, page.request_type
    );
    let _ = match page.response_type {
        Some(response) => writeln!(
            out,
            "- **Response:** `oxen_models::responses::{response}` (`schemas/responses/{}.json`)",
            entry.endpoint.response().as_str()
        ),
        None => writeln!(out, "- **Response:** JSON (`serde_json::Value`)"),
    };
    if let Some(summary) = &entry.summary {
        let _ = writeln!(out, "- **Summary:** {}", text(summary));
    }
    if !entry.capabilities.input.is_empty() || !entry.capabilities.output.is_empty() {
        let _ = writeln!(
            out,
            "- **Input:** {} · **Output:** {}",
            entry.capabilities.input.join(", "),
            entry.capabilities.output.join(", ")
        );
    }
    if let Some(description) = &entry.description {
        let _ = write!(out, "\n{}\n", text(description));
    }
    let from_overlays = overlay_properties(page.request);
    if !from_overlays.is_empty() {
        out.push_str("\n## From overlays\n\nThe hub's schema does not state these properties or bounds; they come from hand-maintained overlays in `schemas/overlays/`, marked *overlay* in the tables below.\n\n");
        for (path, overlay) in &from_overlays {
            let _ = writeln!(out, "- `{path}`: `overlays/{overlay}.json`");
        }
    }
    out.push_str("\n## Examples\n");
    for size in ExampleSize::ALL {
        let example = request_example(page.request, page.request_type, entry.id.as_str(), size);
        let json = example.pretty_json();
        let note = example_note(page, &example)
            .map(|note| format!("{}\n\n", text(&note)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "\n### {}\n\n{note}```json\n{json}\n```\n\n```rust\n{}\n```\n",
            size.title(),
            rust_example(page, &example.rust)
        );
        if size == ExampleSize::Minimal {
            let endpoint = entry.endpoint.as_str();
            let path = format!("/api/ai{endpoint}");
            let _ = write!(
                out,
                "\nFrom a terminal, with the [`oxen` command](../../docs/cli.md) or `curl`:\n\n```sh\n{}\n```\n\n```sh\n{}\n```\n",
                words::run_line(entry.id.as_str(), endpoint, &example.json),
                words::curl_command(DEFAULT_BASE_URL, &path, &example.json, false)
            );
        }
    }
    out.push_str("\n## Parameters\n");
    write_tables(&mut out, page.request);
    let rules = schema_rules(page.request);
    if !rules.is_empty() {
        out.push_str("\n## Rules checked by the schema validator\n\nNo Rust type states these; `validate()` checks them with the JSON Schema validator behind `validate_payload`, against the embedded schema.\n\n");
        for (pointer, fact) in rules {
            let at = if pointer.is_empty() { "/" } else { pointer };
            let _ = writeln!(out, "- `{at}`: {fact}");
        }
    }
    if !page.warnings.is_empty() {
        out.push_str(
            "\n## Schema warnings\n\nThe hub's schema has faults that did not stop generation:\n\n",
        );
        for warning in page.warnings {
            let _ = writeln!(
                out,
                "- `{}` (`{}`): {}",
                warning.pointer,
                warning.keyword,
                text(&warning.message)
            );
        }
    }
    out
}

/// Why an example does not pass `validate()`, when a rule of the schema validator rejects it.
pub fn example_note(
    page: &ModelPage<'_>,
    example: &crate::emit::example::Example,
) -> Option<String> {
    if !page.request.has_schema_rules() {
        return None;
    }
    let violation = crate::emit::example::example_violation(
        page.schema,
        page.entry.id.as_str(),
        &example.json,
    )?;
    Some(format!(
        "This example does not satisfy a rule of the schema ({violation}): complete it before sending."
    ))
}

/// Every rule of the request's types in words, with the pointer of the subschema it is from.
fn schema_rules(request: &RequestDef) -> Vec<(&str, String)> {
    fn of_checks<'r>(checks: &'r crate::ir::Checks, out: &mut Vec<(&'r str, String)>) {
        for rules in &checks.schema_rules {
            for fact in docs::rule_facts(std::slice::from_ref(rules)) {
                out.push((rules.pointer.as_str(), fact));
            }
        }
        for inner in [&checks.items, &checks.values].into_iter().flatten() {
            of_checks(inner, out);
        }
    }
    let mut out = Vec::new();
    let structs =
        std::iter::once(&request.body).chain(request.types.iter().filter_map(|t| match t {
            crate::ir::TypeDef::Struct(s) => Some(s),
            _ => None,
        }));
    for def in structs {
        for rules in &def.schema_rules {
            for fact in docs::rule_facts(std::slice::from_ref(rules)) {
                out.push((rules.pointer.as_str(), fact));
            }
        }
        for field in &def.fields {
            of_checks(&field.checks, &mut out);
        }
        if let Some(extra) = &def.extra {
            of_checks(&extra.checks, &mut out);
        }
    }
    for def in &request.types {
        if let crate::ir::TypeDef::Union(union) = def {
            for variant in &union.variants {
                of_checks(&variant.checks, &mut out);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The Rust example as a reader would paste it: imports, then the builder.
pub fn rust_example(page: &ModelPage<'_>, builder: &str) -> String {
    let mut imports = format!("use oxen_models::models::{}::*;\n", page.module);
    if let Some(shared) = page.shared_module {
        let _ = writeln!(imports, "use oxen_models::{shared}::*;");
    }
    format!("{imports}\nlet request = {builder};")
}

/// The required and optional tables of the body, then those of the structs its fields hold
/// (the items of a chat request's `messages`, for instance): [`docs::parameter_rows`], the
/// rows `oxen describe` prints too.
fn write_tables(out: &mut String, request: &RequestDef) {
    let rows = docs::parameter_rows(request);
    let mut start = 0;
    while start < rows.len() {
        let (parent, required) = (&rows[start].parent, rows[start].required);
        let end = rows[start..]
            .iter()
            .position(|row| &row.parent != parent || row.required != required)
            .map_or(rows.len(), |n| start + n);
        let heading = if parent.is_empty() {
            "###".to_owned()
        } else {
            format!("### `{parent}`:")
        };
        let title = if required { "Required" } else { "Optional" };
        let _ = write!(
            out,
            "\n{heading} {title}\n\n| Name | Type | Default | Allowed values | Constraints | Description |\n|---|---|---|---|---|---|\n"
        );
        for row in &rows[start..end] {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                cell(&row.name),
                code(&row.type_label),
                default_cell(row),
                row.allowed
                    .iter()
                    .map(|value| code(value))
                    .collect::<Vec<_>>()
                    .join(", "),
                markdown_cell(&row.constraints),
                description_cell(row),
            );
        }
        start = end;
    }
}

/// The default as the hub gives it, marked when it breaks its own schema.
fn default_cell(row: &ParameterRow) -> String {
    match (&row.default, row.default_invalid) {
        (None, _) => String::new(),
        (Some(default), true) => format!("{} (not valid for this schema; unused)", code(default)),
        (Some(default), false) => code(default),
    }
}

/// The description, marked when an overlay added or changed the property.
fn description_cell(row: &ParameterRow) -> String {
    let description = cell(&row.description);
    match &row.overlay {
        Some(overlay) => format!("*overlay `{}`* {description}", cell(overlay))
            .trim_end()
            .to_owned(),
        None => description,
    }
}

/// Every property an overlay added or changed, as a dotted path (`messages[].content`), with
/// the overlay's name, sorted by path.
pub fn overlay_properties(request: &RequestDef) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = docs::documented_structs(request)
        .into_iter()
        .flat_map(|(prefix, def)| {
            def.fields.iter().filter_map(move |field| {
                let overlay = field.docs.overlay.clone()?;
                Some((format!("{prefix}{}", field.json_name), overlay))
            })
        })
        .collect();
    found.sort();
    found
}

/// Text with code spans for a table cell: [`cell`] outside the spans, [`code`]'s escaping
/// inside them (a code span shows `&lt;` as it is).
fn markdown_cell(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                code_span_text(part)
            } else {
                cell(part)
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// Text that can sit in a table cell: no character of it may end the cell, the row or the
/// table, or be read as HTML or a template expression.
pub fn cell(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#125;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// A code span in a table cell. Inline code keeps `<` literal, so only the pipe is escaped.
fn code(raw: &str) -> String {
    if raw.is_empty() {
        return String::new();
    }
    let escaped = code_span_text(raw);
    let fence = if escaped.contains('`') { "``" } else { "`" };
    format!("{fence}{escaped}{fence}")
}

/// The inside of a code span in a table cell: only what would end the cell or the row.
fn code_span_text(raw: &str) -> String {
    raw.replace('|', "\\|").replace('\n', " ")
}

/// Prose outside tables: HTML-looking text is escaped, the rest left as the hub wrote it.
fn text(raw: &str) -> String {
    raw.replace('<', "&lt;").replace('>', "&gt;")
}

/// The section of the index a model is listed under.
fn section(endpoint: Endpoint) -> (u8, &'static str) {
    match endpoint {
        Endpoint::ChatCompletions => (0, "Chat"),
        Endpoint::ImagesGenerate => (1, "Image generation"),
        Endpoint::ImagesEdit => (2, "Image editing"),
        Endpoint::VideosGenerate => (3, "Video"),
        Endpoint::AudioSpeech | Endpoint::AudioTranscriptions | Endpoint::AudioGenerate => {
            (4, "Audio")
        }
    }
}

/// `docs/README.md`: every model, grouped by endpoint family.
pub fn index(entries: &[&CatalogEntry]) -> String {
    let mut out = format!(
        "<!-- {STAMP} -->\n# Model reference\n\n{} models of the Oxen.ai hub, generated from `schemas/`.\n",
        entries.len()
    );
    let mut sections: Vec<(u8, &str)> = entries.iter().map(|e| section(e.endpoint)).collect();
    sections.sort();
    sections.dedup();
    for (_, title) in sections {
        let _ = write!(
            out,
            "\n## {title}\n\n| Model | Id | Endpoint | Summary |\n|---|---|---|---|\n"
        );
        for entry in entries.iter().filter(|e| section(e.endpoint).1 == title) {
            let _ = writeln!(
                out,
                "| [{}]({}.md) | `{}` | `{}` | {} |",
                cell(&entry.display_name)
                    .replace('[', "\\[")
                    .replace(']', "\\]"),
                entry.id,
                entry.id,
                entry.endpoint.as_str(),
                entry.summary.as_deref().map(cell).unwrap_or_default()
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_cells_escape_text_but_keep_code_spans_literal() {
        assert_eq!(
            markdown_cell("Range: 1 < value. Pattern: `^<a|b>$`."),
            "Range: 1 &lt; value. Pattern: `^<a\\|b>$`."
        );
    }

    #[test]
    fn table_cells_escape_everything_that_breaks_a_table() {
        assert_eq!(cell("a|b\nc <d> {e}"), "a\\|b<br>c &lt;d&gt; &#123;e&#125;");
    }
}
