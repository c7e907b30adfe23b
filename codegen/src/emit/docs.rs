//! Rustdoc text for generated items, from the schema's own words.

use serde_json::Value;

use crate::ir::{Checks, FieldDef};

/// Doc lines of a field: description, then allowed range, format, default and examples.
pub fn field_doc(field: &FieldDef) -> String {
    let mut lines = Vec::new();
    match &field.docs.description {
        Some(description) => lines.push(escape(description)),
        None => lines.push(format!("The `{}` property.", field.json_name)),
    }
    let mut facts = Vec::new();
    if field.required {
        facts.push("Required.".to_owned());
    }
    facts.extend(check_facts(&field.checks));
    if let Some(default) = &field.docs.default {
        facts.push(format!("Default: `{}`.", compact(default)));
    }
    for example in &field.docs.examples {
        facts.push(format!("Example: `{}`.", compact(example)));
    }
    if !facts.is_empty() {
        lines.push(String::new());
        lines.extend(facts.into_iter().map(|fact| format!("- {fact}")));
    }
    lines.join("\n")
}

/// Plain sentences for every value check, as they appear in rustdoc and the reference pages.
pub fn check_facts(checks: &Checks) -> Vec<String> {
    let mut facts = Vec::new();
    let lower = checks
        .minimum
        .map(|m| format!("{} ≤", number(m)))
        .or(checks.exclusive_minimum.map(|m| format!("{} <", number(m))));
    let upper = checks
        .maximum
        .map(|m| format!("≤ {}", number(m)))
        .or(checks.exclusive_maximum.map(|m| format!("< {}", number(m))));
    match (lower, upper) {
        (Some(l), Some(u)) => facts.push(format!("Range: {l} value {u}.")),
        (Some(l), None) => facts.push(format!("Range: {l} value.")),
        (None, Some(u)) => facts.push(format!("Range: value {u}.")),
        (None, None) => {}
    }
    if let Some(m) = checks.multiple_of {
        facts.push(format!("Multiple of {}.", number(m)));
    }
    if checks.min_length.is_some() || checks.max_length.is_some() {
        facts.push(format!(
            "Length: {}.",
            span(checks.min_length, checks.max_length, "characters")
        ));
    }
    if let Some(pattern) = &checks.pattern {
        facts.push(format!("Pattern: `{}`.", pattern.replace('`', "\\`")));
    }
    if let Some(format) = checks.format {
        facts.push(format!("Format: `{}`.", format.as_str()));
    }
    if checks.min_items.is_some() || checks.max_items.is_some() {
        facts.push(format!(
            "Items: {}.",
            span(checks.min_items, checks.max_items, "items")
        ));
    }
    if checks.unique_items {
        facts.push("Items must be unique.".to_owned());
    }
    if let Some(items) = &checks.items {
        facts.extend(
            check_facts(items)
                .into_iter()
                .map(|fact| format!("Each item: {fact}")),
        );
    }
    facts
}

fn span(min: Option<u64>, max: Option<u64>, unit: &str) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a} to {b} {unit}"),
        (Some(a), None) => format!("at least {a} {unit}"),
        (None, Some(b)) => format!("at most {b} {unit}"),
        (None, None) => String::new(),
    }
}

/// `50` rather than `50.0` for whole bounds.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

pub fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Hub descriptions are prose, not Markdown: keep rustdoc from reading `[x]` as a link or
/// `<x>` as HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' | ']' | '<' | '>' | '*' | '_' | '`' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}
